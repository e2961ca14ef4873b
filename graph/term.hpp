// RDF terms and their byte encoding in the dictionary.
//
// Encoded form (the dictionary's key and value bytes):
//   byte 0      TermKind
//   IRI/blank   the IRI or the blank node label, UTF-8
//   Literal     the lexical form
//   LangLiteral the language tag (lower case), 0x00, the lexical form
//   Typed       the datatype IRI, 0x00, the lexical form
// The lexical form comes last so that it may itself contain NUL bytes. A literal typed
// xsd:string is stored as a simple Literal (the same RDF 1.1 term); language tags are stored in
// lower case (RDF 1.1 compares them case-insensitively).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace moivre::graph {

enum class TermKind : uint8_t {
  Iri = 1,
  Blank = 2,
  Literal = 3,
  LangLiteral = 4,
  TypedLiteral = 5,
};

inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

struct Term {
  TermKind kind = TermKind::Iri;
  std::string value;      // IRI, blank node label, or lexical form
  std::string qualifier;  // language tag or datatype IRI; empty otherwise

  static Term iri(std::string v) { return {TermKind::Iri, std::move(v), {}}; }
  static Term blank(std::string label) { return {TermKind::Blank, std::move(label), {}}; }
  static Term literal(std::string lexical) { return {TermKind::Literal, std::move(lexical), {}}; }
  static Term lang_literal(std::string lexical, std::string lang);
  static Term typed_literal(std::string lexical, std::string datatype);

  bool is_iri() const { return kind == TermKind::Iri; }
  bool is_blank() const { return kind == TermKind::Blank; }
  bool is_literal() const { return kind >= TermKind::Literal; }
  // The datatype IRI of a literal (xsd:string, rdf:langString or the given one).
  std::string_view datatype() const;

  // The term in N-Triples syntax, e.g. <http://x>, _:b1, "a"@en, "1"^^<http://...#integer>.
  std::string to_ntriples() const;
  // A node's name where pages, JSON-LD and routes give nodes as plain text: its IRI, or "_:"
  // and the label of a blank node. from_node_name reads one back (any other text is an IRI).
  std::string node_name() const { return is_blank() ? "_:" + value : value; }
  static Term from_node_name(std::string_view name) {
    return name.starts_with("_:") ? blank(std::string(name.substr(2))) : iri(std::string(name));
  }

  friend bool operator==(const Term&, const Term&) = default;
};

// Appends the encoded bytes of a term to `out`.
void encode_term(const Term& term, std::string& out);
std::string encode_term(const Term& term);
// Decodes bytes written by encode_term. Throws CorruptStore on malformed input.
Term decode_term(std::string_view bytes);

// Builds encoded bytes directly, without an intermediate Term (the parsers' hot path).
void encode_iri(std::string_view iri, std::string& out);
void encode_blank(std::string_view label, std::string& out);
void encode_literal(std::string_view lexical, std::string_view lang, std::string_view datatype,
                    std::string& out);

// The kind of an encoded term (its first byte).
inline TermKind encoded_kind(std::string_view bytes) {
  return static_cast<TermKind>(bytes[0]);
}

}  // namespace moivre::graph
