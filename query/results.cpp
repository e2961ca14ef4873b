#include "query/results.hpp"

#include <array>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "graph/rdf_writer.hpp"
#include "query/display_width.hpp"

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

void json_term(rapidjson::Writer<rapidjson::StringBuffer>& w, const Term& t) {
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

using Prefixes = std::vector<std::pair<std::string, std::string>>;

// An IRI as prefix:local when a prefix fits and the rest is a plain name, else <iri>.
std::string shown_iri(const std::string& iri, const Prefixes& prefixes) {
  for (const auto& [name, ns] : prefixes) {
    if (iri.size() <= ns.size() || iri.compare(0, ns.size(), ns) != 0) continue;
    std::string_view local = std::string_view(iri).substr(ns.size());
    bool plain = std::all_of(local.begin(), local.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
             (static_cast<unsigned char>(c) & 0x80);
    });
    if (plain) return name + ":" + std::string(local);
  }
  return "<" + iri + ">";
}

// A cell of the table for people: numbers, booleans, dates and plain strings as their values,
// IRIs compacted, language tags and other datatypes shown after the value.
std::string table_cell(const std::optional<Term>& t, const Prefixes& prefixes) {
  if (!t) return "";
  switch (t->kind) {
    case graph::TermKind::Iri:
      return shown_iri(t->value, prefixes);
    case graph::TermKind::Blank:
      return "_:" + t->value;
    case graph::TermKind::Literal:
      return t->value;
    case graph::TermKind::LangLiteral:
      return t->value + " @" + t->qualifier;
    case graph::TermKind::TypedLiteral: {
      static const std::set<std::string_view> kPlain = {"integer",
                                                        "decimal",
                                                        "double",
                                                        "float",
                                                        "boolean",
                                                        "int",
                                                        "long",
                                                        "short",
                                                        "nonNegativeInteger",
                                                        "positiveInteger",
                                                        "date",
                                                        "dateTime",
                                                        "gYear",
                                                        "gYearMonth"};
      std::string_view type = t->qualifier;
      constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
      if (type.substr(0, kXsd.size()) == kXsd && kPlain.count(type.substr(kXsd.size())))
        return t->value;
      return t->value + " ^^" + shown_iri(t->qualifier, prefixes);
    }
  }
  return t->to_ntriples();
}

}  // namespace

// The formats' names: a short name, then media types, the first the one results are sent as.
struct FormatNames {
  ResultFormat format;
  std::array<std::string_view, 3> names;
};
constexpr std::array<FormatNames, 5> kFormats = {{
    {ResultFormat::Json, {"json", "application/sparql-results+json", "application/json"}},
    {ResultFormat::Xml, {"xml", "application/sparql-results+xml", "application/xml"}},
    {ResultFormat::Csv, {"csv", "text/csv", ""}},
    {ResultFormat::Tsv, {"tsv", "text/tab-separated-values", ""}},
    {ResultFormat::Table, {"table", "", ""}},
}};

std::optional<ResultFormat> result_format_from_name(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const auto& entry : kFormats)
    for (auto candidate : entry.names)
      if (candidate == name) return entry.format;
  return std::nullopt;
}

std::string_view result_media_type(ResultFormat format) {
  for (const auto& entry : kFormats)
    if (entry.format == format) return entry.names[1];
  return {};
}

const std::vector<std::string>& result_media_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> out;
    for (const auto& entry : kFormats)
      for (size_t i = 1; i < entry.names.size(); ++i)
        if (!entry.names[i].empty()) out.emplace_back(entry.names[i]);
    return out;
  }();
  return types;
}

// The JSON is made in memory and handed to the stream in pieces of kFlushBytes: rapidjson's
// stream wrapper puts each character through the ostream on its own, which took most of the time
// of writing a large result.
struct SelectWriter::Json {
  static constexpr size_t kFlushBytes = 16 * 1024;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer;
  std::ostream& out;
  explicit Json(std::ostream& o) : writer(buffer), out(o) {}
  void flush() {
    out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
    buffer.Clear();
  }
};

SelectWriter::SelectWriter(ResultFormat format, const std::vector<std::string>& variables,
                           std::ostream& out)
    : format_(format), variables_(variables), out_(out) {
  switch (format_) {
    case ResultFormat::Json: {
      json_ = std::make_unique<Json>(out_);
      auto& w = json_->writer;
      w.StartObject();
      w.Key("head");
      w.StartObject();
      w.Key("vars");
      w.StartArray();
      for (const auto& v : variables_) w.String(v.c_str());
      w.EndArray();
      w.EndObject();
      w.Key("results");
      w.StartObject();
      w.Key("bindings");
      w.StartArray();
      break;
    }
    case ResultFormat::Xml:
      out_ << "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
              "  <head>\n";
      for (const auto& v : variables_) out_ << "    <variable name=\"" << xml_escape(v) << "\"/>\n";
      out_ << "  </head>\n  <results>\n";
      break;
    case ResultFormat::Csv:
    case ResultFormat::Tsv: {
      bool csv = format_ == ResultFormat::Csv;
      for (size_t i = 0; i < variables_.size(); ++i)
        out_ << (i ? (csv ? "," : "\t") : "") << (csv ? "" : "?") << variables_[i];
      out_ << (csv ? "\r\n" : "\n");
      break;
    }
    case ResultFormat::Table:
      throw std::logic_error("SelectWriter cannot write a table");
  }
}

SelectWriter::~SelectWriter() = default;

void SelectWriter::row(const TermRow& row) {
  switch (format_) {
    case ResultFormat::Json: {
      auto& w = json_->writer;
      w.StartObject();
      for (size_t i = 0; i < variables_.size(); ++i) {
        if (!row[i]) continue;
        w.Key(variables_[i].c_str());
        json_term(w, *row[i]);
      }
      w.EndObject();
      if (json_->buffer.GetSize() >= Json::kFlushBytes) json_->flush();
      break;
    }
    case ResultFormat::Xml:
      out_ << "    <result>\n";
      for (size_t i = 0; i < variables_.size(); ++i) {
        if (!row[i]) continue;
        const Term& t = *row[i];
        out_ << "      <binding name=\"" << xml_escape(variables_[i]) << "\">";
        if (t.is_iri())
          out_ << "<uri>" << xml_escape(t.value) << "</uri>";
        else if (t.is_blank())
          out_ << "<bnode>" << xml_escape(t.value) << "</bnode>";
        else {
          out_ << "<literal";
          if (t.kind == graph::TermKind::LangLiteral)
            out_ << " xml:lang=\"" << xml_escape(t.qualifier) << "\"";
          if (t.kind == graph::TermKind::TypedLiteral)
            out_ << " datatype=\"" << xml_escape(t.qualifier) << "\"";
          out_ << ">" << xml_escape(t.value) << "</literal>";
        }
        out_ << "</binding>\n";
      }
      out_ << "    </result>\n";
      break;
    case ResultFormat::Csv:
    case ResultFormat::Tsv: {
      bool csv = format_ == ResultFormat::Csv;
      for (size_t i = 0; i < variables_.size(); ++i)
        out_ << (i ? (csv ? "," : "\t") : "") << (csv ? csv_value(row[i]) : tsv_value(row[i]));
      out_ << (csv ? "\r\n" : "\n");
      break;
    }
    case ResultFormat::Table:
      break;
  }
}

void SelectWriter::finish() {
  switch (format_) {
    case ResultFormat::Json: {
      auto& w = json_->writer;
      w.EndArray();
      w.EndObject();
      w.EndObject();
      json_->buffer.Put('\n');
      json_->flush();
      break;
    }
    case ResultFormat::Xml:
      out_ << "  </results>\n</sparql>\n";
      break;
    default:
      break;
  }
}

uint64_t write_select(Execution& execution, ResultFormat format, std::ostream& out,
                      uint64_t max_rows) {
  const auto& vars = execution.variables();
  TermRow row;
  uint64_t n = 0;
  auto more = [&] { return (max_rows == 0 || n < max_rows) && execution.next(row); };
  if (format != ResultFormat::Table) {
    SelectWriter writer(format, vars, out);
    for (; more(); ++n) writer.row(row);
    writer.finish();
    return n;
  }
  // The query's prefixes first, then the well-known ones.
  Prefixes prefixes = execution.query().prefixes;
  for (const auto& [name, ns] : graph::common_prefixes()) prefixes.emplace_back(name, ns);
  prefixes.emplace_back("schema", "http://schema.org/");
  // Columns by display width, not bytes: accented and wide characters stay aligned. The first
  // kTableSizingRows rows size them and are held; the rest stream out as they come, a cell wider
  // than its column overflowing it, so that a long answer takes no memory.
  constexpr size_t kTableSizingRows = 1000;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width;
  for (const auto& v : vars) width.push_back(display_width(v) + 1);
  auto cells_of = [&](const TermRow& r) {
    std::vector<std::string> line;
    for (size_t i = 0; i < vars.size(); ++i) line.push_back(table_cell(r[i], prefixes));
    return line;
  };
  for (; cells.size() < kTableSizingRows && more(); ++n) {
    cells.push_back(cells_of(row));
    for (size_t i = 0; i < vars.size(); ++i)
      width[i] = std::max(width[i], display_width(cells.back()[i]));
  }
  auto rule = [&] {
    for (size_t w : width) out << "+" << std::string(w + 2, '-');
    out << "+\n";
  };
  auto print = [&](const std::vector<std::string>& line) {
    for (size_t i = 0; i < line.size(); ++i) {
      // A cell of a streamed row wider than its column is written whole, never cut.
      if (display_width(line[i]) > width[i])
        out << "| " << line[i] << " ";
      else
        out << "| " << pad_to_width(line[i], width[i] + 1);
    }
    out << "|\n";
  };
  rule();
  for (size_t i = 0; i < vars.size(); ++i) out << "| ?" << pad_to_width(vars[i], width[i]);
  out << "|\n";
  rule();
  for (const auto& line : cells) print(line);
  cells = {};
  for (; more(); ++n) print(cells_of(row));
  rule();
  out << n << (n == 1 ? " row\n" : " rows\n");
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
