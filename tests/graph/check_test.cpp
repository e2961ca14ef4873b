// graph::check_store: silent on a sound store, and names each kind of damage done to one by hand
// through LMDB.
#include <lmdb.h>

#include <gtest/gtest.h>

#include "graph/check.hpp"
#include "graph/index.hpp"
#include "graph/store.hpp"
#include "support/consistency.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

void put_id(TermId id, unsigned char* out) {
  for (int i = 5; i >= 0; --i, id >>= 8) out[i] = static_cast<unsigned char>(id);
}

// Fills a store with a few quads, one of them with a literal too long for an LMDB key.
std::vector<Quad> fill(Store& store) {
  auto txn = store.write();
  std::vector<Quad> quads;
  for (int i = 0; i < 50; ++i) {
    Quad q;
    q.ids[S] = txn.intern(Term::iri("http://x/s" + std::to_string(i % 7)));
    q.ids[P] = txn.intern(Term::iri("http://x/p" + std::to_string(i % 3)));
    q.ids[O] = txn.intern(i == 0 ? Term::literal(std::string(2000, 'x'))
                                 : Term::literal("v" + std::to_string(i)));
    q.ids[G] = i % 2 ? kDefaultGraph : txn.intern(Term::iri("http://x/g"));
    txn.insert(q);
    quads.push_back(q);
  }
  txn.commit();
  return quads;
}

std::string all_problems(const CheckReport& report) {
  std::string out;
  for (const auto& p : report.problems) out += p + "\n";
  return out;
}

// A quad's row in the POSG index, which tests remove or replace there alone.
index::Row posg_row(const Quad& q) {
  return index::to_row(Permutation::POSG, q);
}

}  // namespace

TEST(Check, SoundStoreIsConsistent) {
  test::TempStore store;
  fill(*store);
  auto txn = store->read();
  CheckReport report = check_store(txn);
  EXPECT_TRUE(report.consistent()) << all_problems(report);
  EXPECT_EQ(report.quads, 50u);
  EXPECT_EQ(report.terms, 7u + 3u + 50u + 1u);
  EXPECT_EQ(test::check_consistency(txn), "");
}

TEST(Check, FindsAQuadMissingFromOneIndex) {
  test::TempStore store;
  auto quads = fill(*store);
  {
    auto txn = store->write();
    ASSERT_TRUE(index::remove_row(txn.handle(), txn.databases().index[1], posg_row(quads[3])));
    txn.commit();
  }
  auto report = check_store(store->read());
  ASSERT_FALSE(report.consistent());
  EXPECT_NE(all_problems(report).find("posg: 49 quads where spog has 50"), std::string::npos)
      << all_problems(report);
}

TEST(Check, FindsAnIndexHoldingAnotherQuad) {
  test::TempStore store;
  auto quads = fill(*store);
  {
    auto txn = store->write();
    ASSERT_TRUE(index::remove_row(txn.handle(), txn.databases().index[1], posg_row(quads[3])));
    Quad other = quads[3];
    other.ids[S] = quads[4].s() == quads[3].s() ? quads[5].s() : quads[4].s();
    ASSERT_TRUE(index::insert_row(txn.handle(), txn.databases().index[1], posg_row(other)));
    txn.commit();
  }
  auto report = check_store(store->read());
  ASSERT_FALSE(report.consistent());
  EXPECT_NE(all_problems(report).find("posg: holds other quads than spog"), std::string::npos)
      << all_problems(report);
}

TEST(Check, FindsATermWithoutItsReverseEntry) {
  test::TempStore store;
  auto quads = fill(*store);
  {
    auto txn = store->write();
    std::string encoded(txn.encoded_term(quads[5].o()));
    MDB_val key{encoded.size(), encoded.data()};
    ASSERT_EQ(mdb_del(txn.handle(), txn.databases().ids, &key, nullptr), MDB_SUCCESS);
    txn.commit();
  }
  auto text = all_problems(check_store(store->read()));
  EXPECT_NE(text.find("term " + std::to_string(quads[5].o()) +
                      ": its encoding is not in the reverse map"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dictionary: 60 reverse entries for 61 terms"), std::string::npos) << text;
}

TEST(Check, FindsAQuadUsingAnUnknownTerm) {
  test::TempStore store;
  auto quads = fill(*store);
  {
    auto txn = store->write();
    std::string encoded(txn.encoded_term(quads[7].o()));
    unsigned char id[6];
    put_id(quads[7].o(), id);
    MDB_val key{6, id};
    ASSERT_EQ(mdb_del(txn.handle(), txn.databases().terms, &key, nullptr), MDB_SUCCESS);
    key = {encoded.size(), encoded.data()};
    ASSERT_EQ(mdb_del(txn.handle(), txn.databases().ids, &key, nullptr), MDB_SUCCESS);
    txn.commit();
  }
  auto text = all_problems(check_store(store->read()));
  EXPECT_NE(text.find("uses term id " + std::to_string(quads[7].o()) +
                      ", which is not in the dictionary"),
            std::string::npos)
      << text;
}

TEST(Check, FindsATermThatDoesNotDecode) {
  test::TempStore store;
  auto quads = fill(*store);
  {
    auto txn = store->write();
    unsigned char id[6];
    put_id(quads[9].o(), id);
    MDB_val key{6, id};
    std::string damaged = "\x09garbage";
    MDB_val value{damaged.size(), damaged.data()};
    ASSERT_EQ(mdb_put(txn.handle(), txn.databases().terms, &key, &value, 0), MDB_SUCCESS);
    txn.commit();
  }
  auto text = all_problems(check_store(store->read()));
  EXPECT_NE(text.find("term " + std::to_string(quads[9].o()) + ": unknown term kind"),
            std::string::npos)
      << text;
}

TEST(Check, NamesALiteralMissingFromTheTextIndexAndEntriesBeyondIt) {
  test::TempStore store;
  fill(*store);
  TermId literal;
  {
    auto txn = store->write();
    literal = *txn.lookup(Term::literal("v7"));
    unsigned char id_bytes[6];
    put_id(literal, id_bytes);
    MDB_val key{2, const_cast<char*>("v7")}, data{6, id_bytes};
    ASSERT_EQ(mdb_del(txn.handle(), txn.databases().text, &key, &data), MDB_SUCCESS);
    txn.commit();
  }
  auto report = check_store(store->read());
  EXPECT_NE(all_problems(report).find("the text index lacks it under the word 'v7'"),
            std::string::npos)
      << all_problems(report);
  {
    auto txn = store->write();
    unsigned char id_bytes[6];
    put_id(literal, id_bytes);
    for (const char* word : {"v7", "stray"}) {
      MDB_val key{strlen(word), const_cast<char*>(word)}, data{6, id_bytes};
      ASSERT_EQ(mdb_put(txn.handle(), txn.databases().text, &key, &data, 0), MDB_SUCCESS);
    }
    txn.commit();
  }
  report = check_store(store->read());
  EXPECT_NE(all_problems(report).find("text index: 51 entries for 50 words"), std::string::npos)
      << all_problems(report);
}
