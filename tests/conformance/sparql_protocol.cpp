// Runs the W3C SPARQL 1.1 Protocol and Graph Store Protocol tests (manifests in the ht: HTTP
// vocabulary) against a real server on a loopback port: each test gets a fresh store with its
// ut:graphData, then its requests are sent in order and each response checked for its status
// (class), result format, boolean, Content-Type and, for graphs, an isomorphic body. A request
// the manifest gives no expected response or status must succeed (2xx): it prepares the next.
// The manifests give no rows for tabular results; those of each such test are written below.
//
//   sparql-protocol [--verbose] MANIFEST...
#include <httplib.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

#include "graph/graph.hpp"
#include "server/server.hpp"
#include "support/isomorphism.hpp"
#include "support/manifest.hpp"
#include "support/result_set.hpp"
#include "support/suite.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using graph::Term;

namespace {

const std::string kHt = "http://www.w3.org/2011/http#";
const std::string kHts = "http://www.w3.org/2011/http-statusCodes#";
const std::string kCnt = "http://www.w3.org/2011/content#";
const std::string kUt = "http://www.w3.org/2009/sparql/tests/test-update#";
const std::string kMf = test::kMf;
const char* kToken = "protocol-test-token";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The manifests' paths are /sparql/... and /gsp...; ours are /sparql and /store.
std::string our_path(const std::string& path) {
  if (path.rfind("/sparql/", 0) == 0) return "/sparql" + path.substr(8);
  if (path.rfind("/gsp", 0) == 0) return "/store" + path.substr(4);
  return path;
}

std::string media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

// Whether `status` is one of the expected codes or classes.
bool status_matches(int status, const std::vector<Term>& expected, std::string& wanted) {
  for (const auto& e : expected) {
    std::string name = e.value.substr(kHts.size());
    wanted += (wanted.empty() ? "" : " or ") + name;
    if (name.rfind("StatusCode", 0) == 0 && name.size() == 13 && status / 100 == name[10] - '0')
      return true;
    static const std::map<std::string, int> codes = {
        {"OK", 200}, {"Created", 201}, {"NoContent", 204}, {"NotFound", 404}, {"BadRequest", 400}};
    if (auto it = codes.find(name); it != codes.end() && it->second == status) return true;
  }
  if (expected.empty()) {
    wanted = "2xx (no status given)";
    return status / 100 == 2;
  }
  return false;
}

// The rows of each test whose manifest asks for a tabular result, by test name.
const std::map<std::string, test::ResultSet>& expected_rows() {
  static const std::map<std::string, test::ResultSet> rows = [] {
    std::map<std::string, test::ResultSet> out;
    test::ResultSet one;
    one.variables = {"value"};
    one.rows.push_back({Term::typed_literal("1", "http://www.w3.org/2001/XMLSchema#integer")});
    out["query appropriate content type (expect one of: XML, JSON, CSV, TSV)"] = one;
    return out;
  }();
  return rows;
}

std::optional<bool> boolean_result(const std::string& type, const std::string& body) {
  if (type == "application/sparql-results+json" || type == "application/json") {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("boolean")) return std::nullopt;
    return doc["boolean"].GetBool();
  }
  if (type == "application/sparql-results+xml" || type == "application/xml") {
    if (body.find("<boolean>true</boolean>") != std::string::npos) return true;
    if (body.find("<boolean>false</boolean>") != std::string::npos) return false;
  }
  return std::nullopt;
}

bool is_results_type(const std::string& t) {
  return t == "application/sparql-results+json" || t == "application/sparql-results+xml" ||
         t == "text/csv" || t == "text/tab-separated-values" || t == "application/json" ||
         t == "application/xml";
}

class TestRun {
 public:
  TestRun(const test::Manifest& m, const Term& entry) : m_(m), entry_(entry) {}

  // Returns an empty string when every request got its expected response.
  std::string run() {
    auto type = m_.object(entry_, std::string(test::kRdf) + "type");
    bool service_description = type && type->value == kMf + "ServiceDescriptionTest";
    test::TempStore store;
    load_graph_data(*store);
    server::ServerOptions options;
    options.port = 0;
    options.write_token = kToken;
    options.web_dir.clear();
    server::Server server(*store, options);
    int port = server.bind();
    std::thread thread([&] { server.run(); });
    std::string error;
    try {
      if (service_description) {
        httplib::Client client("127.0.0.1", port);
        error = check_service_description(client, port);
        server.stop();
        thread.join();
        return error;
      }
      auto action = m_.object(entry_, kMf + "action");
      if (!action) throw std::runtime_error("no mf:action");
      auto authority = m_.object(*action, kHt + "connectionAuthority");
      httplib::Client client("127.0.0.1", port);
      client.set_url_encode(false);
      int step = 0;
      for (const auto& request : m_.list(*m_.object(*action, kHt + "requests"))) {
        ++step;
        error = send(client, request, authority ? authority->value : "localhost");
        if (!error.empty()) {
          error = "request " + std::to_string(step) + ": " + error;
          break;
        }
      }
    } catch (const std::exception& e) {
      error = e.what();
    }
    server.stop();
    thread.join();
    return error;
  }

 private:
  void load_graph_data(graph::Store& store) {
    auto txn = store.write();
    graph::BulkLoader loader(txn);
    for (const auto& data : m_.objects(entry_, kUt + "graphData")) {
      auto file = m_.object(data, kUt + "graph");
      auto name = m_.object(data, std::string(test::kRdfs) + "label");
      auto path = test::Manifest::local_path(file->value);
      graph::Input input(path.string());
      graph::ReadOptions read;
      read.syntax = *graph::syntax_from_path(path.string());
      read.base_iri = name->value;
      loader.add(input, read, name->value);
    }
    loader.finish();
    txn.commit();
  }

  // The service description tests are prose: GET on the endpoint gives RDF (returns-rdf), with
  // an sd:endpoint triple naming the endpoint's URL (has-endpoint-triple), describing an
  // sd:Service with the languages it supports (conforms-to-schema).
  std::string check_service_description(httplib::Client& client, int port) {
    const std::string sd = "http://www.w3.org/ns/sparql-service-description#";
    auto res = client.Get("/sparql", {{"Accept", "text/turtle"}});
    if (!res || res->status != 200) return "GET /sparql did not answer 200";
    auto syntax = graph::syntax_from_name(media_type(res->get_header_value("Content-Type")));
    if (!syntax) return "the service description is not RDF";
    auto graph = test::read_dataset_string(res->body, *syntax);
    std::string name = m_.object(entry_, kMf + "name")->value;
    auto has = [&](const std::string& p, const std::string& o) {
      for (const auto& q : graph)
        if (q.p.value == p && q.o.value == o) return true;
      return false;
    };
    std::string endpoint = "http://127.0.0.1:" + std::to_string(port) + "/sparql";
    if (name.find("sd:endpoint") != std::string::npos && !has(sd + "endpoint", endpoint))
      return "no sd:endpoint <" + endpoint + ">";
    if (name.find("schema") != std::string::npos &&
        (!has(std::string(test::kRdf) + "type", sd + "Service") ||
         !has(sd + "supportedLanguage", sd + "SPARQL11Query") ||
         !has(sd + "supportedLanguage", sd + "SPARQL11Update")))
      return "no sd:Service supporting SPARQL 1.1 Query and Update";
    return {};
  }

  std::string text(const Term& node, const std::string& predicate) {
    auto v = m_.object(node, predicate);
    return v ? replace_all(v->value, "$LOCATION$", location_) : "";
  }

  std::string send(httplib::Client& client, const Term& request, const std::string& authority) {
    httplib::Request req;
    req.method = text(request, kHt + "methodName");
    req.path = our_path(text(request, kHt + "absolutePath"));
    req.set_header("Host", authority);
    req.set_header("Authorization", std::string("Bearer ") + kToken);
    if (auto headers = m_.object(request, kHt + "headers"))
      for (const auto& h : m_.list(*headers))
        req.set_header(text(h, kHt + "fieldName"), text(h, kHt + "fieldValue"));
    if (auto body = m_.object(request, kHt + "body")) req.body = text(*body, kCnt + "chars");
    auto result = client.send(req);
    if (!result) return "no response (" + httplib::to_string(result.error()) + ")";
    const auto& res = *result;
    std::string what = req.method + " " + req.path + " -> " + std::to_string(res.status);
    auto expected = m_.object(request, kHt + "resp");
    if (!expected) {
      if (res.status / 100 == 2) return {};
      return what + ", expected 2xx (no response given): " + res.body.substr(0, 300);
    }
    std::string wanted;
    if (!status_matches(res.status, m_.objects(*expected, kMf + "expectedStatus"), wanted))
      return what + ", expected " + wanted + ": " + res.body.substr(0, 300);
    if (auto loc = m_.object(*expected, kMf + "expectedLocation")) {
      if (!res.has_header("Location")) return what + " without a Location header";
      location_ = res.get_header_value("Location");
    }
    std::string type = media_type(res.get_header_value("Content-Type"));
    std::string format = text(*expected, kMf + "expectedFormat");
    if (format == "boolean" || m_.object(*expected, kMf + "expectedBoolean")) {
      auto answer = boolean_result(type, res.body);
      if (!answer) return what + ": not a boolean result (" + type + ")";
      if (auto want = m_.object(*expected, kMf + "expectedBoolean"))
        if (*answer != (want->value == "true"))
          return what + ": boolean " + (*answer ? "true" : "false");
    } else if (format == "tabular") {
      if (!is_results_type(type)) return what + ": " + type + " is not a tabular result format";
      std::string name = m_.object(entry_, kMf + "name")->value;
      auto rows = expected_rows().find(name);
      if (rows == expected_rows().end()) return what + ": no expected rows for this test";
      std::string diff;
      if (!test::same_results(rows->second, test::read_result_text(res.body, type, what), false,
                              &diff))
        return what + ": " + diff;
    } else if (format == "RDF" && !graph::syntax_from_name(type) && type != "application/ld+json") {
      return what + ": " + type + " is not an RDF format";
    }
    std::string want_type;
    if (auto headers = m_.object(*expected, kHt + "headers"))
      for (const auto& h : m_.list(*headers))
        if (text(h, kHt + "fieldName") == "content-type") want_type = text(h, kHt + "fieldValue");
    if (!want_type.empty() && media_type(want_type) != type)
      return what + ": Content-Type " + type + ", expected " + want_type;
    if (auto body = m_.object(*expected, kHt + "body")) {
      auto syntax = graph::syntax_from_name(type);
      if (!syntax) return what + ": cannot compare a " + type + " body";
      auto got = test::read_dataset_string(res.body, *syntax, "http://" + authority + "/");
      auto want = test::read_dataset_string(text(*body, kCnt + "chars"), *syntax,
                                            "http://" + authority + "/");
      if (!test::isomorphic(got, want))
        return what + ": graph differs\n  got:\n" + test::to_nquads(got) + "  expected:\n" +
               test::to_nquads(want);
    }
    return {};
  }

  const test::Manifest& m_;
  Term entry_;
  std::string location_;
};

}  // namespace

int main(int argc, char** argv) {
  std::cerr.setstate(std::ios::failbit);  // the server's access log
  return test::run_suite(
      argc, argv, [](const test::Manifest&, const Term&) { return true; },
      [](const test::Manifest& m, const Term& entry) { return TestRun(m, entry).run(); });
}
