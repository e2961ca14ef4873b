#include "support/result_set.hpp"

#include <expat.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "difftest/solutions.hpp"
#include "graph/graph.hpp"

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

// --- SPARQL XML results ------------------------------------------------------------------------

struct XmlState {
  ResultSet rs;
  std::string text, binding, lang, datatype, element;
  bool in_value = false;
};

void XMLCALL xml_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<XmlState*>(data);
  std::string tag = name;
  auto attr = [&](const char* key) -> std::string {
    for (int i = 0; attrs[i]; i += 2)
      if (std::string(attrs[i]) == key) return attrs[i + 1];
    return {};
  };
  if (tag == "variable") {
    column_of(st->rs, attr("name"));
  } else if (tag == "result") {
    st->rs.rows.emplace_back(st->rs.variables.size());
  } else if (tag == "binding") {
    st->binding = attr("name");
  } else if (tag == "uri" || tag == "literal" || tag == "bnode" || tag == "boolean") {
    st->element = tag;
    st->text.clear();
    st->lang = attr("xml:lang");
    st->datatype = attr("datatype");
    st->in_value = true;
  }
}

void XMLCALL xml_end(void* data, const XML_Char* name) {
  auto* st = static_cast<XmlState*>(data);
  std::string tag = name;
  if (!st->in_value || tag != st->element) return;
  st->in_value = false;
  if (tag == "boolean") {
    st->rs.is_boolean = true;
    st->rs.boolean = st->text.find("true") != std::string::npos;
    return;
  }
  graph::Term term = tag == "uri"            ? graph::Term::iri(st->text)
                     : tag == "bnode"        ? graph::Term::blank(st->text)
                     : !st->lang.empty()     ? graph::Term::lang_literal(st->text, st->lang)
                     : !st->datatype.empty() ? graph::Term::typed_literal(st->text, st->datatype)
                                             : graph::Term::literal(st->text);
  size_t column = column_of(st->rs, st->binding);
  st->rs.rows.back()[column] = term;
}

void XMLCALL xml_text(void* data, const XML_Char* s, int len) {
  auto* st = static_cast<XmlState*>(data);
  if (st->in_value) st->text.append(s, static_cast<size_t>(len));
}

ResultSet read_srx(const std::string& text, const std::string& file) {
  XmlState state;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, xml_start, xml_end);
  XML_SetCharacterDataHandler(parser, xml_text);
  bool ok = XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) != XML_STATUS_ERROR;
  XML_ParserFree(parser);
  if (!ok) throw std::runtime_error("malformed XML in " + file);
  return state.rs;
}

// --- SPARQL JSON results -----------------------------------------------------------------------

ResultSet read_srj(const std::string& text, const std::string& file) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject()) throw std::runtime_error("malformed JSON in " + file);
  ResultSet rs;
  if (doc.HasMember("boolean")) {
    rs.is_boolean = true;
    rs.boolean = doc["boolean"].GetBool();
    return rs;
  }
  for (const auto& v : doc["head"]["vars"].GetArray()) column_of(rs, v.GetString());
  for (const auto& b : doc["results"]["bindings"].GetArray()) {
    rs.rows.emplace_back(rs.variables.size());
    for (auto it = b.MemberBegin(); it != b.MemberEnd(); ++it) {
      const auto& value = it->value;
      std::string type = value["type"].GetString(), v = value["value"].GetString();
      graph::Term term = type == "uri"     ? graph::Term::iri(v)
                         : type == "bnode" ? graph::Term::blank(v)
                         : value.HasMember("xml:lang")
                             ? graph::Term::lang_literal(v, value["xml:lang"].GetString())
                         : value.HasMember("datatype")
                             ? graph::Term::typed_literal(v, value["datatype"].GetString())
                             : graph::Term::literal(v);
      size_t column = column_of(rs, it->name.GetString());
      rs.rows.back()[column] = term;
    }
  }
  return rs;
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
