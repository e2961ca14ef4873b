#include "graph/term.hpp"

#include <algorithm>
#include <cstdio>

#include "graph/error.hpp"

namespace moivre::graph {
namespace {

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  return s;
}

void append_escaped(std::string_view text, bool is_iri, std::string& out) {
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += is_iri ? "\\u0022" : "\\\"";
        break;
      case '\\':
        out += is_iri ? "\\u005C" : "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '>':
        if (is_iri)
          out += "\\u003E";
        else
          out += c;
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

}  // namespace

Term Term::lang_literal(std::string lexical, std::string lang) {
  return {TermKind::LangLiteral, std::move(lexical), lower_ascii(std::move(lang))};
}

Term Term::typed_literal(std::string lexical, std::string datatype) {
  if (datatype == kXsdString) return literal(std::move(lexical));
  return {TermKind::TypedLiteral, std::move(lexical), std::move(datatype)};
}

std::string_view Term::datatype() const {
  switch (kind) {
    case TermKind::Literal:
      return kXsdString;
    case TermKind::LangLiteral:
      return kRdfLangString;
    case TermKind::TypedLiteral:
      return qualifier;
    default:
      return {};
  }
}

std::string Term::to_ntriples() const {
  std::string out;
  switch (kind) {
    case TermKind::Iri:
      out += '<';
      append_escaped(value, true, out);
      out += '>';
      break;
    case TermKind::Blank:
      out += "_:";
      out += value;
      break;
    case TermKind::Literal:
    case TermKind::LangLiteral:
    case TermKind::TypedLiteral:
      out += '"';
      append_escaped(value, false, out);
      out += '"';
      if (kind == TermKind::LangLiteral) {
        out += '@';
        out += qualifier;
      } else if (kind == TermKind::TypedLiteral) {
        out += "^^<";
        append_escaped(qualifier, true, out);
        out += '>';
      }
      break;
  }
  return out;
}

void encode_iri(std::string_view iri, std::string& out) {
  out += static_cast<char>(TermKind::Iri);
  out += iri;
}

void encode_blank(std::string_view label, std::string& out) {
  out += static_cast<char>(TermKind::Blank);
  out += label;
}

void encode_literal(std::string_view lexical, std::string_view lang, std::string_view datatype,
                    std::string& out) {
  if (!lang.empty()) {
    out += static_cast<char>(TermKind::LangLiteral);
    for (unsigned char c : lang) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    out += '\0';
  } else if (!datatype.empty() && datatype != kXsdString) {
    out += static_cast<char>(TermKind::TypedLiteral);
    out += datatype;
    out += '\0';
  } else {
    out += static_cast<char>(TermKind::Literal);
  }
  out += lexical;
}

void encode_term(const Term& term, std::string& out) {
  switch (term.kind) {
    case TermKind::Iri:
      encode_iri(term.value, out);
      break;
    case TermKind::Blank:
      encode_blank(term.value, out);
      break;
    case TermKind::Literal:
      encode_literal(term.value, {}, {}, out);
      break;
    case TermKind::LangLiteral:
      encode_literal(term.value, term.qualifier, {}, out);
      break;
    case TermKind::TypedLiteral:
      encode_literal(term.value, {}, term.qualifier, out);
      break;
  }
}

std::string encode_term(const Term& term) {
  std::string out;
  encode_term(term, out);
  return out;
}

Term decode_term(std::string_view bytes) {
  if (bytes.empty()) throw CorruptStore("empty term encoding");
  auto kind = static_cast<TermKind>(bytes[0]);
  std::string_view rest = bytes.substr(1);
  switch (kind) {
    case TermKind::Iri:
      return Term::iri(std::string(rest));
    case TermKind::Blank:
      return Term::blank(std::string(rest));
    case TermKind::Literal:
      return Term::literal(std::string(rest));
    case TermKind::LangLiteral:
    case TermKind::TypedLiteral: {
      auto nul = rest.find('\0');
      if (nul == std::string_view::npos) throw CorruptStore("literal encoding without separator");
      return {kind, std::string(rest.substr(nul + 1)), std::string(rest.substr(0, nul))};
    }
  }
  throw CorruptStore("unknown term kind " + std::to_string(bytes[0]));
}

}  // namespace moivre::graph
