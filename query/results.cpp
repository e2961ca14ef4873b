#include "query/results.hpp"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace moivre::query {
namespace {

using graph::Term;

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// CSV (RFC 4180): plain values, quoted when they hold a comma, quote or line break.
std::string csv_value(const std::optional<Term>& t) {
  if (!t) return "";
  std::string v = t->is_blank() ? "_:" + t->value : t->value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// TSV: terms in N-Triples/Turtle syntax.
std::string tsv_value(const std::optional<Term>& t) {
  if (!t) return "";
  std::string s = t->to_ntriples();
  std::replace(s.begin(), s.end(), '\t', ' ');
  return s;
}

void json_term(rapidjson::Writer<rapidjson::OStreamWrapper>& w, const Term& t) {
  w.StartObject();
  w.Key("type");
  w.String(t.is_iri() ? "uri" : t.is_blank() ? "bnode" : "literal");
  w.Key("value");
  w.String(t.value.data(), static_cast<rapidjson::SizeType>(t.value.size()));
  if (t.kind == graph::TermKind::LangLiteral) {
    w.Key("xml:lang");
    w.String(t.qualifier.c_str());
  } else if (t.kind == graph::TermKind::TypedLiteral) {
    w.Key("datatype");
    w.String(t.qualifier.c_str());
  }
  w.EndObject();
}

std::string table_cell(const std::optional<Term>& t) {
  return t ? t->to_ntriples() : "";
}

}  // namespace

std::optional<ResultFormat> result_format_from_name(std::string_view name) {
  if (name == "table") return ResultFormat::Table;
  if (name == "json" || name == "application/sparql-results+json") return ResultFormat::Json;
  if (name == "xml" || name == "application/sparql-results+xml") return ResultFormat::Xml;
  if (name == "csv" || name == "text/csv") return ResultFormat::Csv;
  if (name == "tsv" || name == "text/tab-separated-values") return ResultFormat::Tsv;
  return std::nullopt;
}

uint64_t write_select(Execution& execution, ResultFormat format, std::ostream& out) {
  const auto& vars = execution.variables();
  TermRow row;
  uint64_t n = 0;
  switch (format) {
    case ResultFormat::Json: {
      rapidjson::OStreamWrapper stream(out);
      rapidjson::Writer<rapidjson::OStreamWrapper> w(stream);
      w.StartObject();
      w.Key("head");
      w.StartObject();
      w.Key("vars");
      w.StartArray();
      for (const auto& v : vars) w.String(v.c_str());
      w.EndArray();
      w.EndObject();
      w.Key("results");
      w.StartObject();
      w.Key("bindings");
      w.StartArray();
      while (execution.next(row)) {
        w.StartObject();
        for (size_t i = 0; i < vars.size(); ++i) {
          if (!row[i]) continue;
          w.Key(vars[i].c_str());
          json_term(w, *row[i]);
        }
        w.EndObject();
        ++n;
      }
      w.EndArray();
      w.EndObject();
      w.EndObject();
      out << "\n";
      return n;
    }
    case ResultFormat::Xml: {
      out << "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
             "  <head>\n";
      for (const auto& v : vars) out << "    <variable name=\"" << xml_escape(v) << "\"/>\n";
      out << "  </head>\n  <results>\n";
      while (execution.next(row)) {
        out << "    <result>\n";
        for (size_t i = 0; i < vars.size(); ++i) {
          if (!row[i]) continue;
          const Term& t = *row[i];
          out << "      <binding name=\"" << xml_escape(vars[i]) << "\">";
          if (t.is_iri())
            out << "<uri>" << xml_escape(t.value) << "</uri>";
          else if (t.is_blank())
            out << "<bnode>" << xml_escape(t.value) << "</bnode>";
          else {
            out << "<literal";
            if (t.kind == graph::TermKind::LangLiteral)
              out << " xml:lang=\"" << xml_escape(t.qualifier) << "\"";
            if (t.kind == graph::TermKind::TypedLiteral)
              out << " datatype=\"" << xml_escape(t.qualifier) << "\"";
            out << ">" << xml_escape(t.value) << "</literal>";
          }
          out << "</binding>\n";
        }
        out << "    </result>\n";
        ++n;
      }
      out << "  </results>\n</sparql>\n";
      return n;
    }
    case ResultFormat::Csv:
    case ResultFormat::Tsv: {
      bool csv = format == ResultFormat::Csv;
      for (size_t i = 0; i < vars.size(); ++i)
        out << (i ? (csv ? "," : "\t") : "") << (csv ? "" : "?") << vars[i];
      out << (csv ? "\r\n" : "\n");
      while (execution.next(row)) {
        for (size_t i = 0; i < vars.size(); ++i)
          out << (i ? (csv ? "," : "\t") : "") << (csv ? csv_value(row[i]) : tsv_value(row[i]));
        out << (csv ? "\r\n" : "\n");
        ++n;
      }
      return n;
    }
    case ResultFormat::Table: {
      std::vector<std::vector<std::string>> cells;
      std::vector<size_t> width;
      for (const auto& v : vars) width.push_back(v.size() + 1);
      while (execution.next(row)) {
        std::vector<std::string> line;
        for (size_t i = 0; i < vars.size(); ++i) {
          line.push_back(table_cell(row[i]));
          width[i] = std::max(width[i], line.back().size());
        }
        cells.push_back(std::move(line));
      }
      auto rule = [&] {
        for (size_t w : width) out << "+" << std::string(w + 2, '-');
        out << "+\n";
      };
      rule();
      for (size_t i = 0; i < vars.size(); ++i)
        out << "| ?" << vars[i] << std::string(width[i] - vars[i].size(), ' ');
      out << "|\n";
      rule();
      for (const auto& line : cells) {
        for (size_t i = 0; i < line.size(); ++i)
          out << "| " << line[i] << std::string(width[i] - line[i].size() + 1, ' ');
        out << "|\n";
      }
      rule();
      out << cells.size() << (cells.size() == 1 ? " row\n" : " rows\n");
      return cells.size();
    }
  }
  return n;
}

void write_ask(bool answer, ResultFormat format, std::ostream& out) {
  switch (format) {
    case ResultFormat::Json:
      out << "{\"head\":{},\"boolean\":" << (answer ? "true" : "false") << "}\n";
      break;
    case ResultFormat::Xml:
      out << "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
             "  <head/>\n  <boolean>"
          << (answer ? "true" : "false") << "</boolean>\n</sparql>\n";
      break;
    default:
      out << (answer ? "true" : "false") << "\n";
  }
}

}  // namespace moivre::query
