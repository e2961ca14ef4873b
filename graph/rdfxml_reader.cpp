#include "graph/rdfxml_reader.hpp"

#include <raptor2/raptor2.h>

#include <exception>
#include <functional>
#include <optional>

#include "graph/error.hpp"
#include "graph/term.hpp"

namespace moivre::graph {
namespace {

class RaptorReader {
 public:
  RaptorReader(const ReadOptions& options, const QuadHandler& handler, std::string name)
      : options_(options), handler_(handler), name_(std::move(name)) {
    world_ = raptor_new_world();
    if (!world_ || raptor_world_open(world_)) throw InputError("cannot start the RDF/XML reader");
    raptor_world_set_log_handler(world_, this, &RaptorReader::on_log);
    parser_ = raptor_new_parser(world_, "rdfxml");
    if (!parser_) throw InputError("cannot start the RDF/XML reader");
    raptor_parser_set_statement_handler(parser_, this, &RaptorReader::on_statement);
    // RDF/XML needs a base; without one, relative IRIs resolve against this placeholder.
    std::string base = options.base_iri.empty() ? "file:///" : options.base_iri;
    base_ = raptor_new_uri(world_, reinterpret_cast<const unsigned char*>(base.c_str()));
  }
  ~RaptorReader() {
    if (base_) raptor_free_uri(base_);
    if (parser_) raptor_free_parser(parser_);
    if (world_) raptor_free_world(world_);
  }

  ReadSummary run(const std::function<size_t(char*, size_t)>& read) {
    if (raptor_parser_parse_start(parser_, base_)) fail_now();
    char buffer[1 << 16];
    for (;;) {
      size_t n = read(buffer, sizeof buffer);
      int rc =
          raptor_parser_parse_chunk(parser_, reinterpret_cast<unsigned char*>(buffer), n, n == 0);
      if (failure_) std::rethrow_exception(failure_);
      if (error_ && !options_.lenient) throw *error_;
      if (rc) fail_now();
      if (n == 0) break;
    }
    return summary_;
  }

 private:
  [[noreturn]] void fail_now() {
    if (failure_) std::rethrow_exception(failure_);
    if (error_) throw *error_;
    throw SyntaxError(name_, 0, 0, "malformed RDF/XML");
  }

  static void on_log(void* data, raptor_log_message* message) {
    auto* self = static_cast<RaptorReader*>(data);
    if (message->level < RAPTOR_LOG_LEVEL_ERROR) return;
    raptor_locator* where = message->locator;
    if ((!where || where->line <= 0) && self->parser_)
      where = raptor_parser_get_locator(self->parser_);
    int line = where ? where->line : 0;
    int column = where ? where->column : 0;
    if (self->options_.lenient) ++self->summary_.skipped;
    if (!self->error_)
      self->error_.emplace(self->name_, line > 0 ? line : 0, column > 0 ? column : 1,
                           message->text ? message->text : "malformed RDF/XML");
  }

  static std::string text_of(raptor_uri* uri) {
    return reinterpret_cast<const char*>(raptor_uri_as_string(uri));
  }

  static void encode(const raptor_term* term, std::string& out) {
    switch (term->type) {
      case RAPTOR_TERM_TYPE_URI:
        encode_iri(text_of(term->value.uri), out);
        return;
      case RAPTOR_TERM_TYPE_BLANK:
        encode_blank(reinterpret_cast<const char*>(term->value.blank.string), out);
        return;
      case RAPTOR_TERM_TYPE_LITERAL: {
        const auto& lit = term->value.literal;
        std::string_view lexical(reinterpret_cast<const char*>(lit.string), lit.string_len);
        std::string lang = lit.language ? reinterpret_cast<const char*>(lit.language) : "";
        std::string datatype = lit.datatype ? text_of(lit.datatype) : "";
        encode_literal(lexical, lang, datatype, out);
        return;
      }
      default:
        throw SyntaxError("RDF/XML", 0, 0, "unknown term");
    }
  }

  static void on_statement(void* data, raptor_statement* st) {
    auto* self = static_cast<RaptorReader*>(data);
    if (self->failure_) return;
    try {
      self->s_.clear(), self->p_.clear(), self->o_.clear();
      encode(st->subject, self->s_);
      encode(st->predicate, self->p_);
      encode(st->object, self->o_);
      self->handler_(ParsedQuad{self->s_, self->p_, self->o_, {}});
      ++self->summary_.statements;
    } catch (...) {
      self->failure_ = std::current_exception();
    }
  }

  const ReadOptions& options_;
  const QuadHandler& handler_;
  std::string name_;
  raptor_world* world_ = nullptr;
  raptor_parser* parser_ = nullptr;
  raptor_uri* base_ = nullptr;
  std::string s_, p_, o_;
  ReadSummary summary_;
  std::optional<SyntaxError> error_;
  std::exception_ptr failure_;
};

}  // namespace

ReadSummary read_rdfxml(Input& input, const ReadOptions& options, const QuadHandler& handler) {
  RaptorReader reader(options, handler, input.name());
  return reader.run([&](char* buffer, size_t size) { return input.read(buffer, size); });
}

ReadSummary read_rdfxml_string(std::string_view text, const std::string& name,
                               const ReadOptions& options, const QuadHandler& handler) {
  RaptorReader reader(options, handler, name);
  size_t offset = 0;
  return reader.run([&](char* buffer, size_t size) {
    size_t n = std::min(size, text.size() - offset);
    std::copy(text.data() + offset, text.data() + offset + n, buffer);
    offset += n;
    return n;
  });
}

}  // namespace moivre::graph
