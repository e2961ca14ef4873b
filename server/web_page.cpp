// The page for people at /: its own files (web/page) and the front-end libraries installed by npm
// (web/node_modules), all served from local files, and the example queries it offers.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/service.hpp"

namespace moivre::server {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The example queries: each *.rq file, its title from a first line "# Title".
std::string examples_json(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".rq") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& file : files) {
    std::string text = read_file(file);
    std::string title = file.stem().string();
    if (text.rfind("# ", 0) == 0) title = text.substr(2, text.find('\n') - 2);
    w.StartObject();
    w.Key("name");
    w.String(file.stem().string().c_str());
    w.Key("title");
    w.String(title.c_str());
    w.Key("query");
    w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace

void Server::Impl::mount_page() {
  const fs::path& web = options.web_dir;
  bool page = !web.empty() && fs::exists(web / "page" / "index.html");
  if (!web.empty() && !page)
    std::cerr << "moivre serve: no query page: " << (web / "page" / "index.html").string()
              << " is missing\n";
  if (page) {
    http.set_mount_point("/static", (web / "page").string());
    const std::pair<const char*, fs::path> libraries[] = {
        {"/lib/yasgui", web / "node_modules" / "@triply" / "yasgui" / "build"},
        {"/lib/cytoscape", web / "node_modules" / "cytoscape" / "dist"}};
    for (const auto& [mount, dir] : libraries)
      if (!http.set_mount_point(mount, dir.string()))
        std::cerr << "moivre serve: the query page will lack " << dir.string() << " (run npm ci in "
                  << web.string() << ")\n";
  }
  page_available = page;
}

void Server::Impl::handle_page(const std::string& file, httplib::Response& res) {
  if (!page_available) {
    if (file != "index.html") return error(res, 404, "this server was started without its page");
    res.set_content(
        "<!doctype html><title>Moivre</title><p>The SPARQL endpoint is at <a "
        "href=\"/sparql\">/sparql</a>. (This server was started without its query page.)\n",
        "text/html; charset=utf-8");
    return;
  }
  res.set_content(read_file(options.web_dir / "page" / file), "text/html; charset=utf-8");
}

void Server::Impl::handle_examples(httplib::Response& res) {
  res.set_content(options.examples_dir.empty() ? "[]\n" : examples_json(options.examples_dir),
                  "application/json");
}

}  // namespace moivre::server
