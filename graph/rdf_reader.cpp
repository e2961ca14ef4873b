#include "graph/rdf_reader.hpp"

#include <serd/serd.h>

#include <cstdarg>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>

#include "graph/error.hpp"
#include "graph/term.hpp"

namespace moivre::graph {
namespace {

constexpr size_t kPageSize = 1 << 16;

SerdSyntax to_serd(RdfSyntax syntax) {
  switch (syntax) {
    case RdfSyntax::NTriples: return SERD_NTRIPLES;
    case RdfSyntax::NQuads: return SERD_NQUADS;
    case RdfSyntax::Turtle: return SERD_TURTLE;
    case RdfSyntax::TriG: return SERD_TRIG;
  }
  return SERD_TURTLE;
}

std::string_view view(const SerdNode* node) {
  return {reinterpret_cast<const char*>(node->buf), node->n_bytes};
}

// A statement the reader accepted but we reject (e.g. an unresolvable relative IRI).
struct TermRejected {
  std::string message;
};

// Where bytes come from: an Input, or a string.
struct Source {
  Input* input = nullptr;
  std::string_view text;
  size_t offset = 0;
  std::exception_ptr failure;
};

size_t source_read(void* buffer, size_t, size_t nmemb, void* stream) {
  auto* source = static_cast<Source*>(stream);
  if (source->failure) return 0;
  if (!source->input) {
    size_t n = std::min(nmemb, source->text.size() - source->offset);
    std::memcpy(buffer, source->text.data() + source->offset, n);
    source->offset += n;
    return n;
  }
  try {
    return source->input->read(buffer, nmemb);
  } catch (...) {
    source->failure = std::current_exception();
    return 0;
  }
}

int source_error(void* stream) { return static_cast<Source*>(stream)->failure ? 1 : 0; }

class Reader {
 public:
  Reader(const ReadOptions& options, const QuadHandler& handler, std::string name)
      : options_(options), handler_(handler), name_(std::move(name)) {
    SerdNode base = serd_node_from_string(
        SERD_URI, reinterpret_cast<const uint8_t*>(options.base_iri.c_str()));
    env_ = serd_env_new(options.base_iri.empty() ? nullptr : &base);
    reader_ = serd_reader_new(to_serd(options.syntax), this, nullptr, &Reader::on_base,
                              &Reader::on_prefix, &Reader::on_statement, nullptr);
    serd_reader_set_strict(reader_, !options.lenient);
    serd_reader_set_error_sink(reader_, &Reader::on_error, this);
  }
  ~Reader() {
    serd_reader_free(reader_);
    serd_env_free(env_);
  }

  ReadSummary run(Source& source) {
    SerdStatus st = serd_reader_read_source(reader_, &source_read, &source_error, &source,
                                            reinterpret_cast<const uint8_t*>(name_.c_str()),
                                            kPageSize);
    if (source.failure) std::rethrow_exception(source.failure);
    if (failure_) std::rethrow_exception(failure_);
    if (rejected_) throw *rejected_;
    if (st != SERD_SUCCESS && st != SERD_FAILURE) {
      if (first_error_ && !options_.lenient) throw *first_error_;
      if (!options_.lenient || !first_error_)
        throw SyntaxError(name_, 0, 0, reinterpret_cast<const char*>(serd_strerror(st)));
    }
    if (first_error_ && !options_.lenient) throw *first_error_;
    return summary_;
  }

 private:
  static SerdStatus on_base(void* handle, const SerdNode* uri) {
    auto* self = static_cast<Reader*>(handle);
    return serd_env_set_base_uri(self->env_, uri);
  }

  static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    auto* self = static_cast<Reader*>(handle);
    return serd_env_set_prefix(self->env_, name, uri);
  }

  static SerdStatus on_error(void* handle, const SerdError* error) {
    auto* self = static_cast<Reader*>(handle);
    char buffer[512];
    va_list args;
    va_copy(args, *error->args);
    std::vsnprintf(buffer, sizeof buffer, error->fmt, args);
    va_end(args);
    std::string message(buffer);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    ++self->errors_;
    if (self->options_.lenient) ++self->summary_.skipped;
    if (!self->first_error_) self->first_error_.emplace(self->name_, error->line, error->col + 1, message);
    return SERD_SUCCESS;
  }

  static SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph,
                                 const SerdNode* subject, const SerdNode* predicate,
                                 const SerdNode* object, const SerdNode* datatype,
                                 const SerdNode* lang) {
    auto* self = static_cast<Reader*>(handle);
    try {
      self->s_.clear();
      self->p_.clear();
      self->o_.clear();
      self->g_.clear();
      self->encode(subject, nullptr, nullptr, self->s_);
      self->encode(predicate, nullptr, nullptr, self->p_);
      self->encode(object, datatype, lang, self->o_);
      if (graph && graph->type != SERD_NOTHING) self->encode(graph, nullptr, nullptr, self->g_);
      self->handler_(ParsedQuad{self->s_, self->p_, self->o_, self->g_});
      ++self->summary_.statements;
      return SERD_SUCCESS;
    } catch (const TermRejected& rejected) {
      if (self->options_.lenient) {
        ++self->summary_.skipped;
        return SERD_SUCCESS;
      }
      if (!self->rejected_) self->rejected_.emplace(self->name_, 0, 0, rejected.message);
      return SERD_ERR_BAD_SYNTAX;
    } catch (...) {
      self->failure_ = std::current_exception();
      return SERD_ERR_UNKNOWN;
    }
  }

  // Resolves an IRI or prefixed name to an absolute IRI.
  void resolve(const SerdNode* node, std::string& out) {
    if (node->type == SERD_URI && serd_uri_string_has_scheme(node->buf)) {
      out.append(view(node));
      return;
    }
    if (node->type == SERD_URI &&
        (options_.syntax == RdfSyntax::NTriples || options_.syntax == RdfSyntax::NQuads))
      throw TermRejected{"relative IRI <" + std::string(view(node)) + "> in " +
                         (options_.syntax == RdfSyntax::NTriples ? "N-Triples" : "N-Quads")};
    SerdNode expanded = serd_env_expand_node(env_, node);
    std::unique_ptr<SerdNode, void (*)(SerdNode*)> guard(&expanded, serd_node_free);
    if (!expanded.buf) {
      if (node->type == SERD_CURIE)
        throw TermRejected{"undefined prefix in " + std::string(view(node))};
      throw TermRejected{"cannot resolve <" + std::string(view(node)) + ">"};
    }
    if (!serd_uri_string_has_scheme(expanded.buf))
      throw TermRejected{"relative IRI <" + std::string(view(node)) + "> with no base IRI"};
    out.append(view(&expanded));
  }

  void encode(const SerdNode* node, const SerdNode* datatype, const SerdNode* lang,
              std::string& out) {
    switch (node->type) {
      case SERD_URI:
      case SERD_CURIE:
        out += static_cast<char>(TermKind::Iri);
        resolve(node, out);
        return;
      case SERD_BLANK: encode_blank(view(node), out); return;
      case SERD_LITERAL:
        if (datatype && datatype->buf) {
          datatype_.clear();
          resolve(datatype, datatype_);
          encode_literal(view(node), {}, datatype_, out);
        } else {
          encode_literal(view(node), lang && lang->buf ? view(lang) : std::string_view{}, {},
                         out);
        }
        return;
      default: throw TermRejected{"unexpected node"};
    }
  }

  const ReadOptions& options_;
  const QuadHandler& handler_;
  std::string name_;
  SerdEnv* env_ = nullptr;
  SerdReader* reader_ = nullptr;
  std::string s_, p_, o_, g_, datatype_;
  ReadSummary summary_;
  unsigned errors_ = 0;
  std::optional<SyntaxError> first_error_;
  std::optional<SyntaxError> rejected_;
  std::exception_ptr failure_;
};

}  // namespace

std::string file_iri(const std::string& path) {
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) absolute = path;
  SerdNode node = serd_node_new_file_uri(reinterpret_cast<const uint8_t*>(absolute.c_str()),
                                         nullptr, nullptr, true);
  std::string iri(view(&node));
  serd_node_free(&node);
  return iri;
}

ReadSummary read_rdf(Input& input, const ReadOptions& options, const QuadHandler& handler) {
  Source source;
  source.input = &input;
  Reader reader(options, handler, input.name());
  return reader.run(source);
}

ReadSummary read_rdf_string(std::string_view text, const std::string& name,
                            const ReadOptions& options, const QuadHandler& handler) {
  Source source;
  source.text = text;
  Reader reader(options, handler, name);
  return reader.run(source);
}

}  // namespace moivre::graph
