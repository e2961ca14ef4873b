#include "graph/bulk_loader.hpp"

#include <lmdb.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "graph/error.hpp"
#include "graph/index.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/quad_sort.hpp"
#include "graph/scratch.hpp"
#include "graph/term.hpp"
#include "graph/term_runs.hpp"

namespace moivre::graph {
namespace {

using term_runs::Run;
using term_runs::RunBuilder;

constexpr auto kReportInterval = std::chrono::milliseconds(500);

bool database_empty(MDB_txn* txn, unsigned dbi) {
  MDB_stat st;
  lmdb::check(mdb_stat(txn, dbi, &st), "read database statistics");
  return st.ms_entries == 0;
}

bool line_based(RdfSyntax syntax) {
  return syntax == RdfSyntax::NTriples || syntax == RdfSyntax::NQuads;
}

std::filesystem::path store_directory(MDB_txn* txn) {
  const char* path = nullptr;
  lmdb::check(mdb_env_get_path(mdb_txn_env(txn), &path), "read store path");
  return path;
}

// Statements parsed on the caller's thread, waiting to be numbered: their four encoded terms
// (the graph's empty for the document's default graph), back to back.
struct StatementBatch {
  static constexpr size_t kStatements = 32768;
  std::string bytes;
  std::vector<uint32_t> ends;  // end of each term in `bytes`

  void add(const ParsedQuad& q) {
    for (std::string_view term : {q.subject, q.predicate, q.object, q.graph}) {
      bytes.append(term);
      ends.push_back(static_cast<uint32_t>(bytes.size()));
    }
  }
  bool full() const { return ends.size() >= 4 * kStatements || bytes.size() >= (1u << 30); }
};

}  // namespace

struct BulkLoader::Document {
  uint32_t number = 0;
  std::string name;
  ReadOptions options;
  std::string graph;  // encoded target graph of the default graph's statements; empty: default
};

// Threads that number statements into runs, one RunBuilder each; a task goes to whichever is
// free, as the runs are independent. Tasks are numbered in submission order so that, when
// several fail, the error reported is the one earliest in the document.
class BulkLoader::Workers {
 public:
  using Task = std::function<void(RunBuilder&)>;

  Workers(unsigned count, size_t builder_memory, std::function<void(Run)> keep)
      : builder_memory_(builder_memory), keep_(std::move(keep)) {
    for (unsigned i = 0; i < count; ++i) builders_.emplace_back(builder_memory);
    for (unsigned i = 0; i < count; ++i) threads_.emplace_back([this, i] { run(i); });
  }

  ~Workers() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
  }

  // Blocks while as many tasks as threads wait. After a failure, new tasks are dropped.
  void submit(Task task) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < threads_.size() || failure_; });
    if (failure_) return;
    queue_.push_back({next_number_++, std::move(task)});
    work_.notify_one();
  }

  // Waits until every task has run; throws the error of the earliest failed one.
  void wait() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return queue_.empty() && active_ == 0; });
    if (failure_) std::rethrow_exception(failure_);
  }

  // Seals what each builder holds, on the builders' threads (call after wait()).
  void seal_all() {
    for (size_t i = 0; i < builders_.size(); ++i)
      submit([this](RunBuilder& b) {
        if (!b.empty()) keep_(b.seal());
      });
    // A task runs on any thread: repeat until every builder is empty.
    wait();
    for (auto& b : builders_)
      if (!b.empty()) keep_(b.seal());
  }

 private:
  struct Queued {
    uint64_t number;
    Task task;
  };

  void run(size_t index) {
    RunBuilder& builder = builders_[index];
    std::unique_lock lock(mutex_);
    for (;;) {
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      Queued job = std::move(queue_.front());
      queue_.pop_front();
      ++active_;
      room_.notify_one();
      bool skip = failure_ && failed_number_ < job.number;
      lock.unlock();
      std::exception_ptr error;
      if (!skip) {
        try {
          job.task(builder);
          if (builder.memory() > builder_memory_) keep_(builder.seal());
        } catch (...) {
          error = std::current_exception();
        }
      }
      job.task = nullptr;
      lock.lock();
      if (error && (!failure_ || job.number < failed_number_)) {
        failure_ = error;
        failed_number_ = job.number;
        room_.notify_all();
      }
      if (--active_ == 0 && queue_.empty()) idle_.notify_all();
    }
  }

  std::deque<RunBuilder> builders_;  // never moved: the threads hold references
  size_t builder_memory_;
  std::function<void(Run)> keep_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable work_, room_, idle_;
  std::deque<Queued> queue_;
  uint64_t next_number_ = 0;
  size_t active_ = 0;
  bool stopping_ = false;
  std::exception_ptr failure_;
  uint64_t failed_number_ = 0;
};

BulkLoader::BulkLoader(WriteTransaction& txn, ProgressCallback progress, LoadOptions options)
    : txn_(txn),
      progress_(std::move(progress)),
      options_(options),
      start_(std::chrono::steady_clock::now()),
      last_report_(start_),
      scratch_(std::make_unique<scratch::Directory>(store_directory(txn.handle()))) {
  if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
  options_.chunk_bytes = std::max<size_t>(options_.chunk_bytes, 1);
}

BulkLoader::~BulkLoader() {
  workers_.reset();  // before the runs they fill
}

void BulkLoader::report(std::string_view phase, bool force) {
  if (!progress_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_report_ < kReportInterval) return;
  last_report_ = now;
  progress_(LoadProgress{phase, summary_.statements, now - start_});
}

// Budget: a third for the builders, a third for sealed runs held in memory; later, half for
// sorting quads while the runs are read.
void BulkLoader::keep(Run run) {
  std::lock_guard lock(runs_mutex_);
  runs_.push_back(std::move(run));
  spill_runs(options_.memory / 3);
}

void BulkLoader::spill_runs(size_t limit) {
  size_t held = 0;
  for (const Run& run : runs_) held += run.memory();
  for (Run& run : runs_) {
    if (held <= limit) break;
    size_t before = run.memory();
    for (scratch::Stream* s : {&run.terms, &run.quads}) {
      if (s->spilled()) continue;
      s->spill(*scratch_);
      s->close();
    }
    held -= before - run.memory();
  }
}

ReadSummary BulkLoader::add(Input& input, const ReadOptions& options,
                            const std::string& graph_iri) {
  Document document{documents_++, input.name(), options, {}};
  if (!graph_iri.empty()) encode_iri(graph_iri, document.graph);
  if (line_based(options.syntax)) return add_chunked(&input, {}, document);
  return add_parsed(document,
                    [&](const QuadHandler& handler) { return read_rdf(input, options, handler); });
}

ReadSummary BulkLoader::add_string(std::string_view text, const std::string& name,
                                   const ReadOptions& options, const std::string& graph_iri) {
  Document document{documents_++, name, options, {}};
  if (!graph_iri.empty()) encode_iri(graph_iri, document.graph);
  if (line_based(options.syntax)) return add_chunked(nullptr, text, document);
  return add_parsed(document, [&](const QuadHandler& handler) {
    return read_rdf_string(text, name, options, handler);
  });
}

// N-Triples and N-Quads hold one statement per line: pieces cut at line ends parse alone.
ReadSummary BulkLoader::add_chunked(Input* input, std::string_view text, const Document& document) {
  if (!workers_)
    workers_ = std::make_unique<Workers>(options_.threads, options_.memory / (3 * options_.threads),
                                         [this](Run run) { keep(std::move(run)); });
  std::atomic<uint64_t> statements{0}, skipped{0};
  auto parse = [&document, &statements, &skipped](std::string_view piece, uint64_t first_line,
                                                  RunBuilder& builder) {
    try {
      ReadSummary read =
          read_rdf_string(piece, document.name, document.options, [&](const ParsedQuad& q) {
            builder.add(q.subject, q.predicate, q.object, q.graph, document.number, document.graph);
          });
      statements += read.statements;
      skipped += read.skipped;
    } catch (const SyntaxError& e) {
      if (e.line() == 0 || first_line == 1) throw;
      throw SyntaxError(e.file(), static_cast<unsigned>(e.line() + first_line - 1), e.column(),
                        e.message());
    }
  };

  uint64_t before = summary_.statements;
  uint64_t line = 1;
  auto hand_over = [&](std::shared_ptr<const std::string> owned, std::string_view piece) {
    uint64_t first_line = line;
    line += std::count(piece.begin(), piece.end(), '\n');
    workers_->submit([parse, owned, piece, first_line](RunBuilder& builder) {
      parse(piece, first_line, builder);
    });
    summary_.statements = before + statements;
    report("parsing");
  };

  if (!input) {
    while (!text.empty()) {
      size_t cut = text.size();
      if (text.size() > options_.chunk_bytes) {
        size_t end = text.rfind('\n', options_.chunk_bytes);
        if (end == std::string_view::npos) end = text.find('\n', options_.chunk_bytes);
        if (end != std::string_view::npos) cut = end + 1;
      }
      hand_over(nullptr, text.substr(0, cut));
      text.remove_prefix(cut);
    }
  } else {
    std::string pending;
    for (bool end = false; !end;) {
      size_t had = pending.size();
      pending.resize(had + options_.chunk_bytes);
      size_t n = input->read(pending.data() + had, options_.chunk_bytes);
      pending.resize(had + n);
      end = n == 0;
      size_t cut = end ? pending.size() : pending.rfind('\n') + 1;  // npos + 1 == 0
      if (cut == 0) continue;
      auto piece = std::make_shared<std::string>(std::move(pending));
      pending.assign(*piece, cut);
      piece->resize(cut);
      hand_over(piece, *piece);
    }
  }
  workers_->wait();
  ReadSummary read{statements, skipped};
  summary_.statements = before + read.statements;
  summary_.skipped += read.skipped;
  return read;
}

ReadSummary BulkLoader::add_parsed(const Document& document,
                                   const std::function<ReadSummary(const QuadHandler&)>& read) {
  if (!workers_)
    workers_ = std::make_unique<Workers>(options_.threads, options_.memory / (3 * options_.threads),
                                         [this](Run run) { keep(std::move(run)); });
  auto batch = std::make_shared<StatementBatch>();
  auto hand_over = [&] {
    workers_->submit([batch = std::shared_ptr<const StatementBatch>(std::move(batch)),
                      &document](RunBuilder& builder) {
      std::string_view bytes = batch->bytes;
      uint32_t start = 0;
      auto term = [&](size_t i) {
        std::string_view t = bytes.substr(start, batch->ends[i] - start);
        start = batch->ends[i];
        return t;
      };
      for (size_t i = 0; i < batch->ends.size(); i += 4) {
        std::string_view s = term(i), p = term(i + 1), o = term(i + 2), g = term(i + 3);
        builder.add(s, p, o, g, document.number, document.graph);
      }
    });
    batch = std::make_shared<StatementBatch>();
  };
  uint64_t before = summary_.statements;
  ReadSummary summary = read([&](const ParsedQuad& q) {
    batch->add(q);
    if (batch->full()) hand_over();
    if ((++summary_.statements & 0xFFFF) == 0) report("parsing");
  });
  hand_over();
  workers_->wait();
  summary_.statements = before + summary.statements;
  summary_.skipped += summary.skipped;
  return summary;
}

LoadSummary BulkLoader::finish() {
  if (workers_) {
    workers_->seal_all();
    workers_.reset();
  }
  report("dictionary", true);
  size_t run_memory = options_.memory / 3;
  auto merged = term_runs::merge_terms(txn_, runs_, [&] {
    size_t held = 0;
    for (const Run& run : runs_) held += run.memory();
    if (held <= run_memory) return;
    for (Run& run : runs_) run.ids.spill(*scratch_);
  });
  summary_.terms_added = merged.terms_added;

  report("sorting", true);
  quad_sort::QuadSorter sorter(options_.memory / 2, *scratch_);
  std::vector<TermId> ids;
  for (Run& run : runs_) {
    ids.resize(run.term_count);
    run.ids.reader().read(ids.data(), ids.size() * sizeof(TermId));
    run.ids.release();
    auto quads = run.quads.reader();
    for (uint64_t i = 0; i < run.quad_count; ++i) {
      term_runs::LocalQuad local;
      quads.read(local.data(), sizeof local);
      quad_sort::Row quad;
      for (int k = 0; k < 4; ++k) {
        if (local[k] == term_runs::kNoGraph && k == G) {
          quad[k] = kDefaultGraph;
          continue;
        }
        if (local[k] >= ids.size())
          throw CorruptStore("a scratch file of the load refers to an unknown term");
        quad[k] = ids[local[k]];
      }
      sorter.add(quad);
    }
    run.quads.release();
  }
  runs_.clear();
  std::vector<TermId>().swap(ids);

  report("indexing", true);
  sorter.finish([&](Permutation perm, quad_sort::RowSource& rows) {
    write_index(perm, rows);
    report("indexing", true);
  });
  if (default_graph_added_)
    index::add_count(txn_.handle(), txn_.databases(), Permutation::GSPO, kDefaultGraph,
                     static_cast<int64_t>(default_graph_added_));
  // The total last: its key sorts after every permutation's counts, which were appended.
  if (summary_.quads_added)
    index::add_count(txn_.handle(), txn_.databases(), Permutation::SPOG, kAny,
                     static_cast<int64_t>(summary_.quads_added));
  return summary_;
}

void BulkLoader::write_index(Permutation perm, quad_sort::RowSource& rows) {
  MDB_txn* txn = txn_.handle();
  const Databases& dbs = txn_.databases();
  unsigned dbi = dbs.index[static_cast<int>(perm)];
  uint64_t added = 0;
  quad_sort::Row row;
  if (database_empty(txn, dbi)) {
    // Into an empty index, block after block by appending.
    index::Appender appender(txn, dbs, perm);
    while (rows.next(row)) {
      appender.add(row);
      if (perm == Permutation::SPOG && row[G] == kDefaultGraph) ++default_graph_added_;
    }
    added = appender.finish();
  } else {
    while (rows.next(row)) {
      if (!index::insert_row(txn, dbi, row)) continue;
      index::add_count(txn, dbs, perm, row[0], 1);
      if (perm == Permutation::SPOG && row[G] == kDefaultGraph) ++default_graph_added_;
      ++added;
    }
  }
  if (perm == Permutation::SPOG) summary_.quads_added = added;
}

}  // namespace moivre::graph
