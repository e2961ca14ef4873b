#include "query/exec/spill.hpp"

namespace moivre::query::exec {

RowFile::RowFile(MemoryBudget* budget) : file_(std::tmpfile()), budget_(budget) {
  if (!file_)
    throw QueryMemoryExceeded(
        "the query needs more memory than its limit, and no temporary file could be made to "
        "spill its rows to; narrow the query, or ask the operator for a larger "
        "--max-query-memory");
}

RowFile::~RowFile() {
  std::fclose(file_);
}

void RowFile::write(const Row& row) {
  uint32_t n = static_cast<uint32_t>(row.size());
  // An empty row (a query without variables) writes its width alone: fwrite takes no null.
  if (std::fwrite(&n, sizeof n, 1, file_) != 1 ||
      (n > 0 && std::fwrite(row.data(), sizeof(TermId), n, file_) != n))
    throw QueryMemoryExceeded(
        "the query could not write the rows it spills to a temporary file (is the disk full?)");
  ++rows_;
  if (budget_) budget_->charge_disk(sizeof n + n * sizeof(TermId));
}

void RowFile::rewind() {
  std::rewind(file_);
}

bool RowFile::read(Row& row) {
  uint32_t n = 0;
  if (std::fread(&n, sizeof n, 1, file_) != 1) return false;
  row.resize(n);
  return n == 0 || std::fread(row.data(), sizeof(TermId), n, file_) == n;
}

size_t partition_count(uint64_t total, uint64_t target) {
  size_t n = 2;
  while (n < 128 && total / n > target) n *= 2;
  return n;
}

size_t key_hash(const Row& row, const std::vector<size_t>& slots) {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  for (size_t slot : slots) {
    h ^= row[slot] + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
  }
  return static_cast<size_t>(h ^ (h >> 31));
}

Partitions::Partitions(size_t count, MemoryBudget* budget) {
  for (size_t i = 0; i < count; ++i) files_.push_back(std::make_unique<RowFile>(budget));
}

Collected collect(Iter& input, Context& ctx, Charge& charge, uint64_t limit) {
  charge = Charge(ctx.memory);
  Collected out;
  auto keep = [&](const Row& row) {
    ctx.check();
    if (out.count == 0) out.bound_in_all.assign(row.size(), true);
    for (size_t i = 0; i < row.size(); ++i)
      out.bound_in_all[i] = out.bound_in_all[i] && row[i] != kUnbound;
    uint64_t bytes = row_bytes(row);
    ++out.count;
    out.bytes += bytes;
    if (out.file) {
      out.file->write(row);
      return true;
    }
    if (charge.bytes() + bytes > limit) {
      out.file = std::make_unique<RowFile>(&ctx.memory);
      for (const auto& kept : out.rows) out.file->write(kept);
      out.file->write(row);
      out.rows.clear();
      out.rows.shrink_to_fit();
      charge = Charge(ctx.memory);
      return true;
    }
    charge.add(bytes);
    out.rows.push_back(row);
    return true;
  };
  input.for_each(keep);
  return out;
}

std::vector<Row> read_all(RowFile& file, Deadline& deadline, Charge& charge,
                          uint64_t extra_per_row) {
  std::vector<Row> rows;
  Row row;
  file.rewind();
  while (file.read(row)) {
    deadline.check();
    charge.add(row_bytes(row) + extra_per_row);
    rows.push_back(row);
  }
  return rows;
}

std::vector<Row> load_all(Collected& collected, Context& ctx, Charge& charge) {
  if (!collected.file) return std::move(collected.rows);
  auto rows = read_all(*collected.file, ctx.deadline, charge);
  collected.file.reset();
  return rows;
}

}  // namespace moivre::query::exec
