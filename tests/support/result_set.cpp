#include "support/result_set.hpp"

#include <expat.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

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

// A cell as compared: numbers by exact value within their datatype (the expected files do not use
// canonical forms: "6"^^xsd:decimal and "6.0"^^xsd:decimal are one number), blank nodes as "_:"
// (matched through a bijection below), anything else as its N-Triples.
//
// The normalisation is written here, apart from the engine's (query/numeric.cpp), so that the
// two cannot share a mistake: integers and decimals lose their sign of zero, leading zeros and
// trailing fractional zeros; doubles and floats read as the nearest binary value.
std::string canonical(const std::optional<graph::Term>& t) {
  if (!t) return "UNBOUND";
  if (t->is_blank()) return "_:";
  static const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  if (t->kind != graph::TermKind::TypedLiteral) return t->to_ntriples();
  const std::string& v = t->value;
  if (t->qualifier == xsd + "double" || t->qualifier == xsd + "float") {
    if (v.empty() || v.find_first_not_of("+-0123456789.eE") != std::string::npos)
      return t->to_ntriples();  // INF, NaN and ill-formed forms as written
    char* end = nullptr;
    double d =
        t->qualifier == xsd + "float" ? std::strtof(v.c_str(), &end) : std::strtod(v.c_str(), &end);
    if (*end != '\0') return t->to_ntriples();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", d);
    return std::string(buf) + "^^" + t->qualifier;
  }
  bool decimal = t->qualifier == xsd + "decimal";
  bool integer = t->qualifier == xsd + "integer" || t->qualifier == xsd + "int" ||
                 t->qualifier == xsd + "long" || t->qualifier == xsd + "short" ||
                 t->qualifier == xsd + "byte" ||
                 t->qualifier.find("Integer") != std::string::npos ||
                 t->qualifier.find("unsigned") != std::string::npos;
  if (!decimal && !integer) return t->to_ntriples();
  std::string_view s = v;
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  size_t point = s.find('.');
  std::string whole(s.substr(0, point)),
      fraction(point == std::string::npos ? "" : s.substr(point + 1));
  if (whole.empty() && fraction.empty()) return t->to_ntriples();
  if ((whole + fraction).find_first_not_of("0123456789") != std::string::npos ||
      (integer && point != std::string::npos))
    return t->to_ntriples();
  whole.erase(0, whole.find_first_not_of('0'));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty() && fraction.empty()) negative = false;
  return std::string(negative ? "-" : "") + (whole.empty() ? "0" : whole) +
         (fraction.empty() ? "" : "." + fraction) + "^^" + t->qualifier;
}

// A solution as compared: its cells in the expected file's column order.
struct Solution {
  std::vector<std::string> cells;   // canonical()
  std::vector<std::string> blanks;  // per cell: the blank node label, or ""
  std::string shape;                // the cells joined: equal shapes may match
};

std::vector<Solution> solutions(const ResultSet& rs, const std::vector<std::string>& columns) {
  std::vector<Solution> out;
  for (const auto& row : rs.rows) {
    Solution s;
    for (const auto& var : columns) {
      auto it = std::find(rs.variables.begin(), rs.variables.end(), var);
      std::optional<graph::Term> value;
      if (it != rs.variables.end()) value = row[static_cast<size_t>(it - rs.variables.begin())];
      s.cells.push_back(canonical(value));
      s.blanks.push_back(value && value->is_blank() ? value->value : "");
      s.shape += s.cells.back() + " ";
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Finds a pairing of the solutions (in order when `ordered`) under one bijection of blank nodes,
// by backtracking; gives up (false) after `budget` steps.
class BlankMatcher {
 public:
  BlankMatcher(const std::vector<Solution>& e, const std::vector<Solution>& a, bool ordered)
      : e_(e), a_(a), ordered_(ordered), used_(a.size(), false) {}
  bool run() { return match(0); }

 private:
  bool bind(const Solution& e, const Solution& a, std::vector<std::string>& added) {
    for (size_t i = 0; i < e.blanks.size(); ++i) {
      if (e.blanks[i].empty()) continue;
      auto f = forward_.find(e.blanks[i]);
      auto b = backward_.find(a.blanks[i]);
      if (f != forward_.end() || b != backward_.end()) {
        if (f == forward_.end() || f->second != a.blanks[i]) return false;
        continue;
      }
      forward_[e.blanks[i]] = a.blanks[i];
      backward_[a.blanks[i]] = e.blanks[i];
      added.push_back(e.blanks[i]);
    }
    return true;
  }
  void unbind(const std::vector<std::string>& added) {
    for (const auto& label : added) {
      backward_.erase(forward_[label]);
      forward_.erase(label);
    }
  }
  bool match(size_t i) {
    if (i == e_.size()) return true;
    if (++steps_ > 1'000'000) return false;
    for (size_t j = ordered_ ? i : 0; j < (ordered_ ? i + 1 : a_.size()); ++j) {
      if (used_[j] || a_[j].shape != e_[i].shape) continue;
      std::vector<std::string> added;
      if (bind(e_[i], a_[j], added)) {
        used_[j] = true;
        if (match(i + 1)) return true;
        used_[j] = false;
      }
      unbind(added);
    }
    return false;
  }

  const std::vector<Solution>& e_;
  const std::vector<Solution>& a_;
  bool ordered_;
  std::vector<bool> used_;
  std::map<std::string, std::string> forward_, backward_;
  uint64_t steps_ = 0;
};
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
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(expected.variables) != sorted(actual.variables)) {
    if (diff) {
      *diff = "columns differ: expected";
      for (const auto& v : expected.variables) *diff += " ?" + v;
      *diff += ", got";
      for (const auto& v : actual.variables) *diff += " ?" + v;
    }
    return false;
  }
  auto e = solutions(expected, expected.variables), a = solutions(actual, expected.variables);
  if (e.size() == a.size() && BlankMatcher(e, a, ordered).run()) return true;
  if (diff) {
    std::ostringstream out;
    out << "expected " << e.size() << " rows, got " << a.size() << "\n";
    auto lines = [](const std::vector<Solution>& rows) {
      std::vector<std::string> out;
      for (const auto& r : rows) {
        std::string line;
        for (size_t i = 0; i < r.cells.size(); ++i)
          line += (r.blanks[i].empty() ? r.cells[i] : "_:" + r.blanks[i]) + " ";
        out.push_back(line);
      }
      return out;
    };
    auto el = lines(e), al = lines(a);
    for (size_t i = 0; i < std::min<size_t>(8, el.size()); ++i) out << "  want " << el[i] << "\n";
    for (size_t i = 0; i < std::min<size_t>(8, al.size()); ++i) out << "  got  " << al[i] << "\n";
    *diff = out.str();
  }
  return false;
}

}  // namespace moivre::test
