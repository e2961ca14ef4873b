#include "registry/import_graph.hpp"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <set>

#include "graph/error.hpp"
#include "registry/json_records.hpp"
#include "registry/source_file.hpp"

namespace moivre::registry {

using graph::Term;

graph::TermId GraphWriter::id(const Term& t) {
  std::string key = graph::encode_term(t);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (cache_.size() > (1 << 20)) cache_.clear();  // bounded: re-interning is a lookup
  graph::TermId id = txn_.intern_encoded(key);
  cache_.emplace(std::move(key), id);
  return id;
}

void GraphWriter::add(const Term& s, const Term& p, const Term& o) {
  graph::Quad q;
  q.ids = {id(s), id(p), id(o), graph_};
  txn_.insert(q);
}

namespace {

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return out;
}

// A release named in a file name: "v1.74-2025-11-24-ror-data.zip" -> "v1.74".
// A "v" or "V" that starts a word, then numbers joined by dots (two at least).
std::string release_in_name(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  auto digit = [&](size_t i) { return i < name.size() && std::isdigit((unsigned char)name[i]); };
  for (size_t v = 0; v < name.size(); ++v) {
    if ((name[v] != 'v' && name[v] != 'V') || (v > 0 && std::isalnum((unsigned char)name[v - 1])))
      continue;
    size_t end = v + 1;
    int numbers = 0;
    while (digit(end)) {
      while (digit(end)) ++end;
      ++numbers;
      if (name[end] != '.' || !digit(end + 1)) break;
      ++end;
    }
    if (numbers >= 2) return name.substr(v, end - v);
  }
  return "";
}

}  // namespace

void clear_graph(graph::WriteTransaction& txn, graph::TermId g) {
  graph::QuadPattern pattern;
  pattern.ids[graph::G] = g;
  std::vector<graph::Quad> old;
  graph::Quad q;
  for (auto scan = txn.scan(pattern); scan.next(q);) old.push_back(q);
  for (const auto& quad : old) txn.remove(quad);
}

void read_json_records(
    SourceFile& file, RecordSink& sink,
    const std::function<int(const rapidjson::Value& record, const std::string& where)>& map) {
  JsonRecords records(file);
  std::string text;
  while (records.next(text)) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
    if (doc.HasParseError()) {
      sink.failed(RecordError(records.where(),
                              std::string("malformed JSON at byte ") +
                                  std::to_string(records.offset() + doc.GetErrorOffset()) + ": " +
                                  rapidjson::GetParseError_En(doc.GetParseError())));
      continue;
    }
    try {
      for (int n = map(doc, records.where()); n > 0; --n) sink.imported();
    } catch (const RecordError& e) {
      sink.failed(e);
    }
  }
}

void RecordSink::imported() {
  if (++summary_.records % 1000 == 0) report();
}

void RecordSink::failed(const RecordError& e) {
  if (options_.strict)
    throw ImportError(std::string(e.what()) + " (--strict: nothing was imported)");
  ++summary_.skipped;
  summary_.problems.push_back(e.what());
}

void RecordSink::report() {
  if (!options_.progress) return;
  ImportProgress p;
  p.records = summary_.records;
  p.elapsed = std::chrono::steady_clock::now() - start_;
  options_.progress(p);
}

ImportSummary run_import(graph::Store& store, const std::vector<std::string>& files,
                         const ImportJob& job, const ImportOptions& options) {
  ImportSummary summary;
  summary.graph = options.base_iri + "graph/" + job.registry;
  const std::string mv = options.base_iri + "vocab#";
  // Each file is hashed once: for the "same files as last time" check and for the provenance.
  std::vector<std::string> file_digests;
  for (const auto& f : files) file_digests.push_back(sha256_of_file(f));
  std::set<std::string> digests(file_digests.begin(), file_digests.end());

  // The same files as last time: nothing to do.
  {
    auto txn = store.read();
    auto g = txn.lookup(Term::iri(summary.graph));
    auto sha = txn.lookup(Term::iri(mv + "sha256"));
    if (g && sha) {
      std::set<std::string> before;
      graph::QuadPattern pattern;
      pattern.ids[graph::P] = *sha;
      pattern.ids[graph::G] = *g;
      graph::Quad q;
      for (auto scan = txn.scan(pattern); scan.next(q);) before.insert(txn.term(q.o()).value);
      if (before == digests) {
        summary.unchanged = true;
        graph::QuadPattern all;
        all.ids[graph::G] = *g;
        summary.quads = txn.count(all);
        return summary;
      }
    }
  }

  auto txn = store.write();
  graph::TermId g = txn.intern(Term::iri(summary.graph));
  clear_graph(txn, g);  // replace: the old content goes in the transaction the new comes in
  GraphWriter out(txn, g);
  RecordSink sink(summary, options);
  Term graph_term = Term::iri(summary.graph);
  out.iri(graph_term, vocab::kRdf + "type", vocab::kProv + "Entity");
  out.text(graph_term, vocab::kDcterms + "title", job.title);
  out.typed(graph_term, vocab::kProv + "generatedAtTime", now_utc(), vocab::kXsd + "dateTime");
  out.text(graph_term, mv + "toolVersion", std::string("moivre ") + MOIVRE_VERSION);
  int n = 0;
  for (const auto& path : files) {
    SourceFile file(path, job.member_extension);
    Term source = Term::iri(summary.graph + "#source-" + std::to_string(++n));
    out.add(graph_term, Term::iri(vocab::kProv + "wasDerivedFrom"), source);
    out.iri(source, vocab::kRdf + "type", vocab::kProv + "Entity");
    out.text(source, vocab::kDcterms + "identifier",
             std::filesystem::path(path).filename().string());
    out.text(source, mv + "sha256", file_digests[n - 1]);
    out.text(source, mv + "release", release_in_name(path));
    try {
      job.read(file, out, sink);
    } catch (const RecordError& e) {
      // The file cannot be read past this point: what came before it cannot be trusted either.
      throw ImportError(std::string(e.what()) + "; nothing was imported");
    }
  }
  sink.report();
  graph::QuadPattern all;
  all.ids[graph::G] = g;
  summary.quads = txn.count(all);
  txn.commit();
  return summary;
}

}  // namespace moivre::registry
