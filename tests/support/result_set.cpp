#include "support/result_set.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "difftest/solutions.hpp"
#include "graph/graph.hpp"
#include "query/results_reader.hpp"

namespace moivre::test {
namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t column_of(ResultSet& rs, const std::string& var) {
  auto it = std::find(rs.variables.begin(), rs.variables.end(), var);
  if (it != rs.variables.end()) return static_cast<size_t>(it - rs.variables.begin());
  rs.variables.push_back(var);
  for (auto& row : rs.rows) row.resize(rs.variables.size());
  return rs.variables.size() - 1;
}

// --- SPARQL XML and JSON results: query/results_reader.hpp ------------------------------------

ResultSet read_srx(const std::string& text, const std::string& file) {
  return query::read_sparql_xml(text, file);
}

ResultSet read_srj(const std::string& text, const std::string& file) {
  return query::read_sparql_json(text, file);
}

// --- TSV results -------------------------------------------------------------------------------

ResultSet read_tsv(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  ResultSet rs;
  std::string line;
  if (!std::getline(in, line)) return rs;
  std::stringstream header(line);
  std::string var;
  while (std::getline(header, var, '\t')) column_of(rs, var.substr(var[0] == '?' ? 1 : 0));
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    rs.rows.emplace_back(rs.variables.size());
    std::stringstream cells(line);
    std::string cell;
    for (size_t i = 0; std::getline(cells, cell, '\t') && i < rs.variables.size(); ++i) {
      if (cell.empty()) continue;
      std::string doc = "<http://x/s> <http://x/p> " + cell + " .";
      graph::ReadOptions options;
      options.syntax = graph::RdfSyntax::Turtle;
      graph::read_rdf_string(doc, file, options, [&](const graph::ParsedQuad& q) {
        rs.rows.back()[i] = graph::decode_term(q.object);
      });
    }
  }
  return rs;
}

// --- RDF result sets ---------------------------------------------------------------------------

ResultSet read_rdf_result_set(const std::filesystem::path& file) {
  const std::string rs_ns = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
  std::multimap<std::string, std::pair<std::string, graph::Term>> by_subject;
  graph::Input input(file.string());
  graph::ReadOptions options;
  options.syntax = graph::syntax_from_path(file.string()).value_or(graph::RdfSyntax::Turtle);
  options.base_iri = graph::file_iri(file.string());
  std::vector<std::string> solutions;
  ResultSet rs;
  graph::read_rdf(input, options, [&](const graph::ParsedQuad& q) {
    std::string s(q.subject);
    graph::Term p = graph::decode_term(q.predicate), o = graph::decode_term(q.object);
    by_subject.emplace(s, std::make_pair(p.value, o));
    if (p.value == rs_ns + "resultVariable") column_of(rs, o.value);
    if (p.value == rs_ns + "solution") solutions.push_back(graph::encode_term(o));
    if (p.value == rs_ns + "boolean") {
      rs.is_boolean = true;
      rs.boolean = o.value == "true";
    }
  });
  // Solutions in rs:index order where the file gives one (ordered results).
  auto index_of = [&](const std::string& solution) {
    auto range = by_subject.equal_range(solution);
    for (auto it = range.first; it != range.second; ++it)
      if (it->second.first == rs_ns + "index") return std::stol(it->second.second.value);
    return 0L;
  };
  std::stable_sort(solutions.begin(), solutions.end(),
                   [&](const auto& a, const auto& b) { return index_of(a) < index_of(b); });
  for (const auto& solution : solutions) {
    rs.rows.emplace_back(rs.variables.size());
    auto range = by_subject.equal_range(solution);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.first != rs_ns + "binding") continue;
      std::string binding = graph::encode_term(it->second.second);
      std::optional<std::string> var;
      std::optional<graph::Term> value;
      auto parts = by_subject.equal_range(binding);
      for (auto p = parts.first; p != parts.second; ++p) {
        if (p->second.first == rs_ns + "variable") var = p->second.second.value;
        if (p->second.first == rs_ns + "value") value = p->second.second;
      }
      if (var && value) {
        size_t column = column_of(rs, *var);
        rs.rows.back()[column] = value;
      }
    }
  }
  return rs;
}

}  // namespace

ResultSet read_result_set(const std::filesystem::path& file) {
  auto ext = file.extension().string();
  if (ext == ".srx" || ext == ".srj" || ext == ".tsv")
    return read_result_text(read_text(file), ext, file.string());
  if (ext == ".ttl" || ext == ".rdf") return read_rdf_result_set(file);
  throw std::runtime_error("unsupported result format " + ext);
}

ResultSet read_result_text(const std::string& text, const std::string& format,
                           const std::string& name) {
  if (format == ".srx" || format == "application/sparql-results+xml") return read_srx(text, name);
  if (format == ".srj" || format == "application/sparql-results+json") return read_srj(text, name);
  if (format == ".tsv" || format == "text/tab-separated-values") return read_tsv(text, name);
  throw std::runtime_error("unsupported result format " + format);
}

bool same_results(const ResultSet& expected, const ResultSet& actual, bool ordered,
                  std::string* diff) {
  if (expected.is_boolean || actual.is_boolean) {
    bool same = expected.is_boolean == actual.is_boolean && expected.boolean == actual.boolean;
    if (!same && diff) *diff = "expected " + std::string(expected.boolean ? "true" : "false");
    return same;
  }
  return difftest::same_solutions({expected.variables, expected.rows},
                                  {actual.variables, actual.rows}, ordered, diff);
}

}  // namespace moivre::test
