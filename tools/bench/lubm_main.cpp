// moivre-lubm N: LUBM data for N universities as N-Triples on standard output (or -o FILE,
// gzipped when it ends in .gz), streaming: memory stays that of one department whatever N is.
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "bench/command_line.hpp"
#include "bench/lubm_generator.hpp"

int main(int argc, char** argv) {
  CLI::App app{"LUBM benchmark data for N universities, as N-Triples.", "moivre-lubm"};
  int universities = 1;
  uint64_t seed = 0;
  std::string output = "-";
  app.add_option("N", universities, "Number of universities (1 to 1,000,000)")
      ->required()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--seed", seed, "Seed (the same seed gives the same data)")->capture_default_str();
  app.add_option("-o,--output", output, "Output file (.gz: gzipped); - for standard output")
      ->capture_default_str();
  if (int code = moivre::bench::parse_command_line(app, argc, argv); code >= 0) return code;

  bool gzip = output.size() > 3 && output.compare(output.size() - 3, 3, ".gz") == 0;
  gzFile gz = nullptr;
  std::FILE* file = stdout;
  if (gzip) {
    gz = gzopen(output.c_str(), "wb6");
    if (!gz) {
      std::cerr << "moivre-lubm: cannot write " << output << "\n";
      return 1;
    }
  } else if (output != "-") {
    file = std::fopen(output.c_str(), "wb");
    if (!file) {
      std::cerr << "moivre-lubm: cannot write " << output << "\n";
      return 1;
    }
  }
  std::string buffer;
  auto flush = [&] {
    bool ok = gzip ? gzwrite(gz, buffer.data(), static_cast<unsigned>(buffer.size())) ==
                         static_cast<int>(buffer.size())
                   : std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
    buffer.clear();
    return ok;
  };
  bool ok = true;
  for (int u = 0; u < universities && ok; ++u) {
    moivre::bench::generate_university(seed, u, [&](const std::string& line) {
      buffer += line;
      if (buffer.size() > (1 << 20)) ok = ok && flush();
    });
  }
  ok = ok && flush();
  if (gzip) ok = gzclose(gz) == Z_OK && ok;
  if (file != stdout) ok = std::fclose(file) == 0 && ok;
  if (!ok) {
    std::cerr << "moivre-lubm: write failed\n";
    return 1;
  }
  return 0;
}
