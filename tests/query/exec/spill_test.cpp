// Rows on disk (query/exec/spill.hpp): files give back what was written, partitions split on the
// key's hash (equal keys together), and a query's temporary disk is bounded.
#include "query/exec/spill.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

using moivre::query::kUnbound;
using moivre::query::QueryMemoryExceeded;
using moivre::query::Row;
using namespace moivre::query::exec;

TEST(Spill, AFileGivesBackItsRowsInOrderAfterEachRewind) {
  RowFile file;
  std::vector<Row> rows = {{1, 2, kUnbound}, {}, {7}, {kUnbound, 9, 9, 9}};
  for (const auto& r : rows) file.write(r);
  EXPECT_EQ(file.rows(), 4u);
  for (int pass = 0; pass < 2; ++pass) {
    file.rewind();
    std::vector<Row> read;
    Row row;
    while (file.read(row)) read.push_back(row);
    EXPECT_EQ(read, rows);
  }
}

TEST(Spill, PartitionsKeepEqualKeysTogether) {
  Partitions parts(8);
  for (uint64_t i = 0; i < 2000; ++i) {
    Row row = {i % 37, i, kUnbound};
    parts.add(row, key_hash(row, {0}));
  }
  uint64_t total = 0;
  std::set<uint64_t> seen_keys;
  size_t used = 0;
  for (size_t p = 0; p < parts.size(); ++p) {
    std::set<uint64_t> keys;
    parts[p].rewind();
    Row row;
    while (parts[p].read(row)) {
      keys.insert(row[0]);
      ++total;
    }
    for (auto k : keys) EXPECT_TRUE(seen_keys.insert(k).second) << "key " << k << " split";
    used += !keys.empty();
  }
  EXPECT_EQ(total, 2000u);
  EXPECT_EQ(seen_keys.size(), 37u);
  EXPECT_GT(used, 4u);  // the keys spread
  EXPECT_EQ(partition_count(100 << 20, 1 << 20), 128u);
  EXPECT_EQ(partition_count(1, 1 << 20), 2u);
  EXPECT_EQ(partition_count(uint64_t{1} << 40, 1 << 20), 128u);  // open files are few
}

TEST(Spill, AQuerysTemporaryDiskIsBounded) {
  MemoryBudget budget(1 << 20);  // 1 MiB of memory: 1 GiB of disk (the floor)
  RowFile file(&budget);
  Row wide(1023, 5);  // 4 + 1023 * 8 bytes: 8 KiB a row
  for (int i = 0; i < (1 << 17) - 1; ++i) budget.charge_disk(8 << 10);
  EXPECT_THROW(
      {
        for (int i = 0; i < 4; ++i) file.write(wide);
      },
      QueryMemoryExceeded);
  MemoryBudget unlimited(0);
  unlimited.charge_disk(uint64_t{1} << 40);  // no limit, no stop
}

}  // namespace
