#include "graph/rdf_writer.hpp"

#include <serd/serd.h>

#include "graph/error.hpp"
#include "graph/serd_util.hpp"

namespace moivre::graph {
namespace {

size_t sink(const void* buffer, size_t length, void* stream) {
  auto* out = static_cast<std::ostream*>(stream);
  out->write(static_cast<const char*>(buffer), static_cast<std::streamsize>(length));
  return out->good() ? length : 0;
}

SerdNode node(SerdType type, const std::string& text) {
  return serd_node_from_substring(type, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

SerdNode node_of(const Term& term) {
  switch (term.kind) {
    case TermKind::Iri:
      return node(SERD_URI, term.value);
    case TermKind::Blank:
      return node(SERD_BLANK, term.value);
    default:
      return node(SERD_LITERAL, term.value);
  }
}

}  // namespace

const Prefixes& common_prefixes() {
  static const Prefixes prefixes = {
      {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"skos", "http://www.w3.org/2004/02/skos/core#"},
      {"dcterms", "http://purl.org/dc/terms/"},
      {"foaf", "http://xmlns.com/foaf/0.1/"},
      {"org", "http://www.w3.org/ns/org#"},
      {"prov", "http://www.w3.org/ns/prov#"},
      {"schema", "https://schema.org/"},
  };
  return prefixes;
}

RdfWriter::RdfWriter(std::ostream& out, RdfSyntax syntax, const Prefixes& prefixes)
    : out_(out), syntax_(syntax) {
  if (!syntax_writable(syntax))
    throw OutputError("cannot write " + std::string(syntax_name(syntax)) +
                      ": not a writable syntax");
  env_ = serd_env_new(nullptr);
  bool abbreviate = syntax == RdfSyntax::Turtle || syntax == RdfSyntax::TriG;
  auto style = static_cast<SerdStyle>(
      SERD_STYLE_BULK | (abbreviate ? SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED : 0));
  writer_ = serd_writer_new(to_serd(syntax), style, env_, nullptr, &sink, &out_);
  if (abbreviate) {
    for (const auto& [name, iri] : prefixes) {
      SerdNode name_node = node(SERD_LITERAL, name);
      SerdNode iri_node = node(SERD_URI, iri);
      serd_writer_set_prefix(writer_, &name_node, &iri_node);
    }
  }
}

RdfWriter::~RdfWriter() {
  if (!finished_) serd_writer_finish(writer_);
  serd_writer_free(writer_);
  serd_env_free(env_);
}

void RdfWriter::write(const Term& subject, const Term& predicate, const Term& object,
                      const Term* graph) {
  finished_ = false;
  SerdNode s = node_of(subject), p = node_of(predicate), o = node_of(object);
  SerdNode datatype = SERD_NODE_NULL, lang = SERD_NODE_NULL;
  if (object.kind == TermKind::TypedLiteral) datatype = node(SERD_URI, object.qualifier);
  if (object.kind == TermKind::LangLiteral) lang = node(SERD_LITERAL, object.qualifier);
  SerdNode g = SERD_NODE_NULL;
  if (graph && syntax_has_graphs(syntax_)) g = node_of(*graph);
  SerdStatus st =
      serd_writer_write_statement(writer_, 0, graph && g.buf ? &g : nullptr, &s, &p, &o,
                                  datatype.buf ? &datatype : nullptr, lang.buf ? &lang : nullptr);
  if (st != SERD_SUCCESS || !out_.good())
    throw OutputError(
        std::string("cannot write output: ") +
        (out_.good() ? reinterpret_cast<const char*>(serd_strerror(st)) : "write failed"));
}

void RdfWriter::finish() {
  serd_writer_finish(writer_);
  out_.flush();
  finished_ = true;
}

}  // namespace moivre::graph
