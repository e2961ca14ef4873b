#include "query/results_reader.hpp"

#include <expat.h>
#include <rapidjson/document.h>

#include <algorithm>

namespace moivre::query {
namespace {

size_t column_of(SolutionTable& table, const std::string& var) {
  auto it = std::find(table.variables.begin(), table.variables.end(), var);
  if (it != table.variables.end()) return static_cast<size_t>(it - table.variables.begin());
  table.variables.push_back(var);
  for (auto& row : table.rows) row.resize(table.variables.size());
  return table.variables.size() - 1;
}

// --- JSON ---------------------------------------------------------------------------------

std::string string_member(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

// --- XML ----------------------------------------------------------------------------------

struct XmlState {
  SolutionTable table;
  std::string text, binding, lang, datatype, element;
  bool in_value = false, in_result = false;
  std::string error;
};

void XMLCALL xml_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<XmlState*>(data);
  std::string_view tag = name;
  auto attr = [&](std::string_view key) -> std::string {
    for (int i = 0; attrs[i]; i += 2)
      if (key == attrs[i]) return attrs[i + 1];
    return {};
  };
  if (tag == "variable") {
    column_of(st->table, attr("name"));
  } else if (tag == "result") {
    st->table.rows.emplace_back(st->table.variables.size());
    st->in_result = true;
  } else if (tag == "binding") {
    st->binding = attr("name");
  } else if (tag == "uri" || tag == "literal" || tag == "bnode" || tag == "boolean") {
    st->element = std::string(tag);
    st->text.clear();
    st->lang = attr("xml:lang");
    st->datatype = attr("datatype");
    st->in_value = true;
  }
}

void XMLCALL xml_end(void* data, const XML_Char* name) {
  auto* st = static_cast<XmlState*>(data);
  std::string_view tag = name;
  if (tag == "result") st->in_result = false;
  if (!st->in_value || tag != st->element) return;
  st->in_value = false;
  if (tag == "boolean") {
    st->table.is_boolean = true;
    st->table.boolean = st->text.find("true") != std::string::npos;
    return;
  }
  if (!st->in_result || st->binding.empty()) {
    st->error = "a value outside a result's binding";
    return;
  }
  graph::Term term = tag == "uri"            ? graph::Term::iri(st->text)
                     : tag == "bnode"        ? graph::Term::blank(st->text)
                     : !st->lang.empty()     ? graph::Term::lang_literal(st->text, st->lang)
                     : !st->datatype.empty() ? graph::Term::typed_literal(st->text, st->datatype)
                                             : graph::Term::literal(st->text);
  size_t column = column_of(st->table, st->binding);
  st->table.rows.back()[column] = term;
}

void XMLCALL xml_text(void* data, const XML_Char* s, int len) {
  auto* st = static_cast<XmlState*>(data);
  if (st->in_value) st->text.append(s, static_cast<size_t>(len));
}

}  // namespace

SolutionTable read_sparql_json(std::string_view body, const std::string& name) {
  rapidjson::Document doc;
  // Iterative: a remote's deeply nested arrays cannot exhaust the stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  auto fail = [&](const std::string& what) {
    return ResultsFormatError(name + ": not SPARQL JSON results (" + what + ")");
  };
  if (doc.HasParseError()) throw fail("malformed JSON");
  if (!doc.IsObject()) throw fail("not an object");
  SolutionTable table;
  if (auto b = doc.FindMember("boolean"); b != doc.MemberEnd()) {
    if (!b->value.IsBool()) throw fail("\"boolean\" is not true or false");
    table.is_boolean = true;
    table.boolean = b->value.GetBool();
    return table;
  }
  auto head = doc.FindMember("head");
  if (head != doc.MemberEnd() && head->value.IsObject())
    if (auto vars = head->value.FindMember("vars");
        vars != head->value.MemberEnd() && vars->value.IsArray())
      for (const auto& v : vars->value.GetArray())
        if (v.IsString()) column_of(table, v.GetString());
  auto results = doc.FindMember("results");
  if (results == doc.MemberEnd() || !results->value.IsObject()) throw fail("no \"results\"");
  auto bindings = results->value.FindMember("bindings");
  if (bindings == results->value.MemberEnd() || !bindings->value.IsArray())
    throw fail("no \"results\".\"bindings\" array");
  for (const auto& b : bindings->value.GetArray()) {
    if (!b.IsObject()) throw fail("a solution is not an object");
    table.rows.emplace_back(table.variables.size());
    for (auto it = b.MemberBegin(); it != b.MemberEnd(); ++it) {
      const auto& value = it->value;
      if (!value.IsObject()) throw fail("a binding is not an object");
      std::string type = string_member(value, "type"), v = string_member(value, "value");
      std::string lang = string_member(value, "xml:lang"),
                  datatype = string_member(value, "datatype");
      graph::Term term;
      if (type == "uri")
        term = graph::Term::iri(v);
      else if (type == "bnode")
        term = graph::Term::blank(v);
      else if (type == "literal" || type == "typed-literal")
        term = !lang.empty()       ? graph::Term::lang_literal(v, lang)
               : !datatype.empty() ? graph::Term::typed_literal(v, datatype)
                                   : graph::Term::literal(v);
      else
        throw fail("a binding of type '" + type + "'");
      size_t column = column_of(table, it->name.GetString());
      table.rows.back()[column] = std::move(term);
    }
  }
  return table;
}

SolutionTable read_sparql_xml(std::string_view body, const std::string& name) {
  XmlState state;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, xml_start, xml_end);
  XML_SetCharacterDataHandler(parser, xml_text);
  bool ok = XML_Parse(parser, body.data(), static_cast<int>(body.size()), 1) != XML_STATUS_ERROR;
  std::string where = ok ? ""
                         : std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
                               std::to_string(XML_GetCurrentLineNumber(parser));
  XML_ParserFree(parser);
  if (!ok) throw ResultsFormatError(name + ": not SPARQL XML results (" + where + ")");
  if (!state.error.empty())
    throw ResultsFormatError(name + ": not SPARQL XML results (" + state.error + ")");
  return state.table;
}

SolutionTable read_sparql_results(std::string_view body, std::string_view media_type,
                                  const std::string& name) {
  std::string type(media_type.substr(0, media_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "application/sparql-results+json" || type == "application/json")
    return read_sparql_json(body, name);
  if (type == "application/sparql-results+xml" || type == "application/xml" || type == "text/xml")
    return read_sparql_xml(body, name);
  throw ResultsFormatError(name + ": results of type '" + std::string(media_type) +
                           "', neither SPARQL JSON nor SPARQL XML");
}

}  // namespace moivre::query
