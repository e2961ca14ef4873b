#include "graph/rdf_reader.hpp"

#include <serd/serd.h>

#include <csetjmp>
#include <cstdarg>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>

#include "graph/error.hpp"
#include "graph/iri.hpp"
#include "graph/long_string_fix.hpp"
#include "graph/rdfxml_reader.hpp"
#include "graph/serd_util.hpp"
#include "graph/term.hpp"

namespace moivre::graph {
namespace {

constexpr size_t kPageSize = 1 << 16;
// Error reports beyond two per byte read before the reader is deemed stuck (see read_guarded).
constexpr uint64_t kStuckErrors = 64;

std::string_view view(const SerdNode* node) {
  return {reinterpret_cast<const char*>(node->buf), node->n_bytes};
}

// A statement the reader accepted but we reject (e.g. an unresolvable relative IRI).
struct TermRejected {
  std::string message;
};

// Where bytes come from: an Input, or a string.
// With `track` set, the source is read a byte at a time (page size 1) and counts lines and
// columns, so that an error found after serd accepted a statement can name its place.
struct Source {
  Input* input = nullptr;
  std::string_view text;
  size_t offset = 0;
  std::exception_ptr failure;
  bool track = false;
  unsigned line = 1, column = 0;
  // Turtle and TriG pass through the long-string workaround (see long_string_fix.hpp).
  std::optional<LongStringFix> fix;
  std::string filtered;
  size_t filtered_at = 0;
  bool at_end = false;
  uint64_t bytes_read = 0;  // handed to serd so far
};

size_t raw_read(Source* source, void* buffer, size_t nmemb) {
  size_t n = 0;
  if (!source->input) {
    n = std::min(nmemb, source->text.size() - source->offset);
    std::memcpy(buffer, source->text.data() + source->offset, n);
    source->offset += n;
  } else {
    try {
      n = source->input->read(buffer, nmemb);
    } catch (...) {
      source->failure = std::current_exception();
      return 0;
    }
  }
  if (source->track) {
    for (size_t i = 0; i < n; ++i) {
      unsigned char c = static_cast<unsigned char>(static_cast<char*>(buffer)[i]);
      if (c == '\n')
        source->line++, source->column = 0;
      else if ((c & 0xC0) != 0x80)
        source->column++;
    }
  }
  return n;
}

size_t source_read_bytes(void* buffer, size_t nmemb, Source* source);

size_t source_read(void* buffer, size_t, size_t nmemb, void* stream) {
  auto* source = static_cast<Source*>(stream);
  size_t n = source_read_bytes(buffer, nmemb, source);
  source->bytes_read += n;
  return n;
}

size_t source_read_bytes(void* buffer, size_t nmemb, Source* source) {
  if (source->failure) return 0;
  if (!source->fix) return raw_read(source, buffer, nmemb);
  while (source->filtered_at == source->filtered.size() && !source->at_end) {
    source->filtered.clear();
    source->filtered_at = 0;
    char raw[kPageSize];
    size_t n = raw_read(source, raw, std::min(nmemb, sizeof raw));
    if (n == 0) {
      source->fix->finish(source->filtered);
      source->at_end = true;
    } else {
      source->fix->feed({raw, n}, source->filtered);
    }
  }
  size_t n = std::min(nmemb, source->filtered.size() - source->filtered_at);
  std::memcpy(buffer, source->filtered.data() + source->filtered_at, n);
  source->filtered_at += n;
  return n;
}

// True when UTF-8 text holds an encoded surrogate (U+D800..U+DFFF), which serd lets through
// from \u escapes but RDF forbids.
bool has_surrogate(std::string_view text) {
  for (size_t i = text.find('\xED'); i != std::string_view::npos; i = text.find('\xED', i + 1))
    if (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0xA0)
      return true;
  return false;
}

int source_error(void* stream) {
  return static_cast<Source*>(stream)->failure ? 1 : 0;
}

class Reader {
 public:
  Reader(const ReadOptions& options, const QuadHandler& handler, std::string name)
      : options_(options), handler_(handler), name_(std::move(name)), base_(options.base_iri) {
    env_ = serd_env_new(nullptr);
    reader_ = serd_reader_new(to_serd(options.syntax), this, nullptr, &Reader::on_base,
                              &Reader::on_prefix, &Reader::on_statement, nullptr);
    serd_reader_set_strict(reader_, !options.lenient);
    serd_reader_set_error_sink(reader_, &Reader::on_error, this);
  }
  ~Reader() {
    serd_reader_free(reader_);
    serd_env_free(env_);
  }

  // Whether the run failed on a statement serd accepted but we rejected (no position known).
  bool rejected() const { return rejected_.has_value(); }

  ReadSummary run(Source& source) {
    source_ = &source;
    if (options_.syntax == RdfSyntax::Turtle || options_.syntax == RdfSyntax::TriG)
      source.fix.emplace();
    SerdStatus st = read_guarded(source);
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

  // serd 0.30's lax (lenient) mode loops forever, reporting an error per turn without reading,
  // when the input ends inside a term (an IRI left open, say). Once the reports outnumber what
  // the input can explain, on_error jumps back here, out of serd: only serd's C frames lie between,
  // and serd_reader_end_stream() with serd_reader_free() release what the read held. The
  // unfinished statement counts as skipped.
  SerdStatus read_guarded(Source& source) {
    if (setjmp(escape_) != 0) {
      escape_armed_ = false;
      serd_reader_end_stream(reader_);  // frees the page buffer the read left open
      return SERD_SUCCESS;
    }
    escape_armed_ = true;
    SerdStatus st = serd_reader_read_source(reader_, &source_read, &source_error, &source,
                                            reinterpret_cast<const uint8_t*>(name_.c_str()),
                                            source.track ? 1 : kPageSize);
    escape_armed_ = false;
    return st;
  }

 private:
  static SerdStatus on_base(void* handle, const SerdNode* uri) {
    auto* self = static_cast<Reader*>(handle);
    std::string_view iri = view(uri);
    self->base_ =
        has_scheme(iri) || self->base_.empty() ? std::string(iri) : resolve_iri(self->base_, iri);
    return SERD_SUCCESS;
  }

  static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    auto* self = static_cast<Reader*>(handle);
    std::string_view iri = view(uri);
    std::string absolute =
        has_scheme(iri) || self->base_.empty() ? std::string(iri) : resolve_iri(self->base_, iri);
    SerdNode node = serd_node_from_substring(
        SERD_URI, reinterpret_cast<const uint8_t*>(absolute.data()), absolute.size());
    return serd_env_set_prefix(self->env_, name, &node);
  }

  static SerdStatus on_error(void* handle, const SerdError* error) {
    auto* self = static_cast<Reader*>(handle);
    ++self->errors_;
    // serd may report several errors for one bad statement; a line counts once.
    if (self->options_.lenient && error->line != self->last_error_line_) ++self->summary_.skipped;
    self->last_error_line_ = error->line;
    if (!self->first_error_) {
      char buffer[512];
      va_list args;
      va_copy(args, *error->args);
      std::vsnprintf(buffer, sizeof buffer, error->fmt, args);
      va_end(args);
      std::string message(buffer);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
      self->first_error_.emplace(self->name_, error->line, error->col + 1, message);
    }
    // No object with a destructor is alive here: the jump out of serd may happen below.
    if (self->stuck() && self->escape_armed_) std::longjmp(self->escape_, 1);
    return SERD_SUCCESS;
  }

  // Each genuine error is about at least one byte of input (serd reports at most two per byte):
  // more reports than that mean serd is reporting without reading (see read_guarded).
  // It can also loop emitting statements after an error: a document yields at most about one
  // statement per byte (object lists, collections), so more means the same.
  bool stuck() const {
    return errors_ > 2 * source_->bytes_read + kStuckErrors ||
           summary_.statements > source_->bytes_read + kStuckErrors;
  }

  static SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph,
                                 const SerdNode* subject, const SerdNode* predicate,
                                 const SerdNode* object, const SerdNode* datatype,
                                 const SerdNode* lang) {
    auto* self = static_cast<Reader*>(handle);
    if (self->escape_armed_ && self->options_.lenient && self->stuck()) {
      ++self->summary_.skipped;
      std::longjmp(self->escape_, 1);  // nothing with a destructor is alive yet
    }
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
      if (!self->rejected_) {
        const Source* src = self->source_;
        bool known = src && src->track;
        self->rejected_.emplace(
            self->name_, known ? src->line : 0, known ? std::max(1u, src->column) : 0,
            known ? rejected.message
                  : "statement " + std::to_string(self->summary_.statements + 1) + ": " +
                        rejected.message);
      }
      return SERD_ERR_BAD_SYNTAX;
    } catch (...) {
      self->failure_ = std::current_exception();
      return SERD_ERR_UNKNOWN;
    }
  }

  // Resolves an IRI or prefixed name to an absolute IRI.
  void resolve(const SerdNode* node, std::string& out) {
    if (has_surrogate(view(node)))
      throw TermRejected{"IRI holds a surrogate code point (U+D800..U+DFFF)"};
    if (node->type == SERD_URI) {
      std::string_view iri = view(node);
      if (has_scheme(iri)) {
        out.append(iri);
        return;
      }
      if (options_.syntax == RdfSyntax::NTriples || options_.syntax == RdfSyntax::NQuads)
        throw TermRejected{"relative IRI <" + std::string(iri) + "> in " +
                           (options_.syntax == RdfSyntax::NTriples ? "N-Triples" : "N-Quads")};
      if (base_.empty())
        throw TermRejected{"relative IRI <" + std::string(iri) + "> and no base IRI"};
      out.append(resolve_iri(base_, iri));
      return;
    }
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
      case SERD_BLANK:
        encode_blank(view(node), out);
        return;
      case SERD_LITERAL:
        if (has_surrogate(view(node)))
          throw TermRejected{"literal holds a surrogate code point (U+D800..U+DFFF)"};
        if (datatype && datatype->buf) {
          datatype_.clear();
          resolve(datatype, datatype_);
          encode_literal(view(node), {}, datatype_, out);
        } else {
          encode_literal(view(node), lang && lang->buf ? view(lang) : std::string_view{}, {}, out);
        }
        return;
      default:
        throw TermRejected{"unexpected node"};
    }
  }

  const ReadOptions& options_;
  const QuadHandler& handler_;
  std::string name_;
  std::string base_;
  Source* source_ = nullptr;
  SerdEnv* env_ = nullptr;
  SerdReader* reader_ = nullptr;
  std::string s_, p_, o_, g_, datatype_;
  ReadSummary summary_;
  uint64_t errors_ = 0;
  std::optional<SyntaxError> first_error_;
  std::optional<SyntaxError> rejected_;
  std::exception_ptr failure_;
  unsigned last_error_line_ = 0;
  std::jmp_buf escape_;
  bool escape_armed_ = false;
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

// Reads once at full speed. A statement rejected after serd accepted it has no position yet:
// then the document is read again, a byte at a time with positions tracked, up to that error.
ReadSummary read_rdf(Input& input, const ReadOptions& options, const QuadHandler& handler) {
  if (options.syntax == RdfSyntax::RdfXml) return read_rdfxml(input, options, handler);
  Source source;
  source.input = &input;
  Reader reader(options, handler, input.name());
  try {
    return reader.run(source);
  } catch (const SyntaxError&) {
    if (!reader.rejected() || input.name() == "<stdin>") throw;
  }
  Input again(input.name());
  Source tracked;
  tracked.input = &again;
  tracked.track = true;
  QuadHandler ignore = [](const ParsedQuad&) {};
  Reader replay(options, ignore, input.name());
  return replay.run(tracked);
}

ReadSummary read_rdf_string(std::string_view text, const std::string& name,
                            const ReadOptions& options, const QuadHandler& handler) {
  if (options.syntax == RdfSyntax::RdfXml) return read_rdfxml_string(text, name, options, handler);
  Source source;
  source.text = text;
  Reader reader(options, handler, name);
  try {
    return reader.run(source);
  } catch (const SyntaxError&) {
    if (!reader.rejected()) throw;
  }
  Source tracked;
  tracked.text = text;
  tracked.track = true;
  QuadHandler ignore = [](const ParsedQuad&) {};
  Reader replay(options, ignore, name);
  return replay.run(tracked);
}

}  // namespace moivre::graph
