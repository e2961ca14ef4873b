#include "graph/quad_sort.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <queue>
#include <thread>

#include "graph/error.hpp"

namespace moivre::graph::quad_sort {
namespace {

// Per buffered quad: the quad (32 bytes) and two permutations' sorted rows (24 bytes each).
constexpr size_t kBytesPerQuad = sizeof(Row) + 2 * sizeof(PackedRow);
constexpr size_t kMinimumCapacity = 1024;

std::vector<PackedRow> sorted_rows(const std::vector<Row>& quads, Permutation perm) {
  const auto& order = permutation_order(perm);
  std::vector<PackedRow> rows;
  rows.reserve(quads.size());
  bool named_only = !holds_default_graph(perm);
  for (const Row& q : quads)
    if (!named_only || q[G] != kDefaultGraph)
      rows.push_back(pack({q[order[0]], q[order[1]], q[order[2]], q[order[3]]}));
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

void encode(const std::vector<PackedRow>& rows, scratch::Stream& out) {
  Row previous{};
  std::string& bytes = out.buffer();
  for (const PackedRow& packed : rows) {
    Row row = unpack(packed);
    rows::put_delta(bytes, previous, row);
    previous = row;
    out.flush_buffer();
  }
  out.close();
}

// One sorted input of a merge: a scratch file, or the last buffer's rows in memory.
class Input {
 public:
  explicit Input(scratch::Stream& stream)
      : reader_(std::make_unique<scratch::StreamReader>(stream.reader())) {}
  explicit Input(const std::vector<PackedRow>& rows) : rows_(&rows) {}

  bool next(PackedRow& out) {
    if (rows_) {
      if (at_ == rows_->size()) return false;
      out = (*rows_)[at_++];
      return true;
    }
    size_t have = reader_->fill(rows::kMaxRowBytes);
    if (have == 0) return false;
    auto* at = reinterpret_cast<const unsigned char*>(reader_->data());
    auto* after = rows::get_delta(at, at + have, previous_);
    if (!after) throw CorruptStore("a scratch file of the load holds a malformed row");
    reader_->skip(after - at);
    out = pack(previous_);
    return true;
  }

 private:
  std::unique_ptr<scratch::StreamReader> reader_;
  const std::vector<PackedRow>* rows_ = nullptr;
  size_t at_ = 0;
  Row previous_{};
};

// The inputs merged, each row once.
class MergedRows : public RowSource {
 public:
  explicit MergedRows(std::vector<Input> inputs) : inputs_(std::move(inputs)) {
    heads_.resize(inputs_.size());
    for (size_t i = 0; i < inputs_.size(); ++i)
      if (inputs_[i].next(heads_[i])) heap_.push(i);
  }

  bool next(Row& row) override {
    while (!heap_.empty()) {
      size_t i = heap_.top();
      heap_.pop();
      PackedRow head = heads_[i];
      if (inputs_[i].next(heads_[i])) heap_.push(i);
      if (emitted_ && head == last_) continue;
      last_ = head;
      emitted_ = true;
      row = unpack(head);
      return true;
    }
    return false;
  }

 private:
  struct Later {
    const std::vector<PackedRow>* heads;
    bool operator()(size_t a, size_t b) const { return (*heads)[b] < (*heads)[a]; }
  };
  std::vector<Input> inputs_;
  std::vector<PackedRow> heads_;
  std::priority_queue<size_t, std::vector<size_t>, Later> heap_{Later{&heads_}};
  PackedRow last_{};
  bool emitted_ = false;
};

}  // namespace

QuadSorter::QuadSorter(size_t memory, scratch::Directory& dir)
    : capacity_(std::max(memory / kBytesPerQuad, kMinimumCapacity)), dir_(dir) {}

QuadSorter::~QuadSorter() = default;

void QuadSorter::add(const Row& quad) {
  if (buffer_.size() == capacity_) spill_buffer();
  if (buffer_.capacity() == 0) buffer_.reserve(std::min<size_t>(capacity_, 1 << 16));
  buffer_.push_back(quad);
  ++added_;
}

// The buffer sorted in every order, two orders at a time, each to a scratch file.
void QuadSorter::spill_buffer() {
  std::array<scratch::Stream, kPermutationCount> streams;
  for (auto& s : streams) s.spill(dir_);
  std::atomic<int> next{0};
  auto work = [&]() -> std::exception_ptr {
    try {
      for (int p; (p = next++) < kPermutationCount;)
        encode(sorted_rows(buffer_, kPermutations[p]), streams[p]);
      return nullptr;
    } catch (...) {
      next = kPermutationCount;
      return std::current_exception();
    }
  };
  std::exception_ptr helper_failure;
  std::thread helper([&] { helper_failure = work(); });
  std::exception_ptr failure = work();
  helper.join();
  if (failure) std::rethrow_exception(failure);
  if (helper_failure) std::rethrow_exception(helper_failure);
  for (int p = 0; p < kPermutationCount; ++p) spilled_[p].push_back(std::move(streams[p]));
  buffer_.clear();
}

void QuadSorter::finish(const std::function<void(Permutation, RowSource&)>& write) {
  std::vector<Row> tail = std::move(buffer_);
  buffer_ = {};
  auto sort_tail = [&tail](Permutation perm) { return sorted_rows(tail, perm); };
  auto next = std::async(std::launch::async, sort_tail, kPermutations[0]);
  for (int p = 0; p < kPermutationCount; ++p) {
    std::vector<PackedRow> rows = next.get();
    if (p + 1 < kPermutationCount)
      next = std::async(std::launch::async, sort_tail, kPermutations[p + 1]);
    else
      std::vector<Row>().swap(tail);
    std::vector<Input> inputs;
    for (auto& stream : spilled_[p]) inputs.emplace_back(stream);
    inputs.emplace_back(rows);
    MergedRows merged(std::move(inputs));
    write(kPermutations[p], merged);
    spilled_[p].clear();
  }
}

}  // namespace moivre::graph::quad_sort
