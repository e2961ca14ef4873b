// Scans and counts over the six permutations, checked against a brute-force filter.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>

#include "graph/index.hpp"
#include "graph/store.hpp"
#include "support/consistency.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

// A small random dataset over few terms, so that patterns match many quads.
std::vector<Quad> random_quads(WriteTransaction& txn, int n) {
  std::mt19937 rng(7);
  std::vector<TermId> terms;
  for (int i = 0; i < 6; ++i)
    terms.push_back(txn.intern(Term::iri("http://x/" + std::to_string(i))));
  std::vector<Quad> out;
  for (int i = 0; i < n; ++i) {
    Quad q;
    for (int pos = 0; pos < 3; ++pos) q.ids[pos] = terms[rng() % terms.size()];
    q.ids[G] = rng() % 3 == 0 ? kDefaultGraph : terms[rng() % 3];
    out.push_back(q);
  }
  return out;
}

}  // namespace

TEST(Index, EveryBoundCombinationScansExactlyTheMatches) {
  test::TempStore store;
  std::set<Quad> all;
  {
    auto txn = store->write();
    for (const Quad& q : random_quads(txn, 600)) {
      bool fresh = all.insert(q).second;
      EXPECT_EQ(txn.insert(q), fresh);
    }
    txn.commit();
  }
  auto txn = store->read();
  ASSERT_EQ(test::check_consistency(txn), "");
  std::vector<Quad> probes(all.begin(), all.end());
  for (unsigned mask = 0; mask < 16; ++mask) {
    for (int probe = 0; probe < 10; ++probe) {
      const Quad& source = probes[(probe * 37) % probes.size()];
      QuadPattern pattern;
      for (int pos = 0; pos < 4; ++pos)
        if (mask & (1u << pos)) pattern.ids[pos] = source.ids[pos];
      std::set<Quad> expected;
      for (const Quad& q : all)
        if (pattern.matches(q)) expected.insert(q);

      auto scan = txn.scan(pattern);
      const auto& order = permutation_order(scan.permutation());
      std::vector<Quad> got;
      Quad q;
      while (scan.next(q)) got.push_back(q);
      EXPECT_EQ(std::set<Quad>(got.begin(), got.end()), expected) << "mask " << mask;
      EXPECT_EQ(got.size(), expected.size()) << "duplicates in scan, mask " << mask;
      EXPECT_TRUE(std::is_sorted(got.begin(), got.end(),
                                 [&](const Quad& a, const Quad& b) {
                                   for (Position p : order)
                                     if (a.ids[p] != b.ids[p]) return a.ids[p] < b.ids[p];
                                   return false;
                                 }))
          << "scan not in " << permutation_name(scan.permutation()) << " order";
      EXPECT_EQ(txn.count(pattern), expected.size()) << "mask " << mask;

      // Any permutation can be forced; bound positions outside its prefix are filtered. A
      // G-first one holds the named graphs' quads only, unless G is bound to the default graph
      // (then its S, P or O-first counterpart is read).
      for (Permutation perm : kPermutations) {
        auto forced = txn.scan(pattern, perm);
        size_t n = 0;
        while (forced.next(q)) {
          EXPECT_TRUE(pattern.matches(q));
          ++n;
        }
        size_t in_named = 0;
        for (const Quad& x : expected) in_named += x.g() != kDefaultGraph;
        bool everything = holds_default_graph(perm) || pattern.ids[G] == kDefaultGraph;
        EXPECT_EQ(n, everything ? expected.size() : in_named) << permutation_name(perm);
      }
    }
  }
}

TEST(Index, RemoveTakesAQuadOutOfEveryPermutation) {
  test::TempStore store;
  auto txn = store->write();
  Quad q{{txn.intern(Term::iri("http://s")), txn.intern(Term::iri("http://p")),
          txn.intern(Term::literal("o")), kDefaultGraph}};
  EXPECT_TRUE(txn.insert(q));
  EXPECT_TRUE(txn.contains(q));
  EXPECT_TRUE(txn.remove(q));
  EXPECT_FALSE(txn.remove(q));
  EXPECT_FALSE(txn.contains(q));
  for (Permutation perm : kPermutations) {
    auto scan = txn.scan(QuadPattern{}, perm);
    Quad out;
    EXPECT_FALSE(scan.next(out)) << permutation_name(perm);
  }
}

TEST(Index, LargeKeyGroupsSpanManyPages) {
  // One subject with thousands of objects: duplicates spill over many LMDB pages.
  test::TempStore store;
  auto txn = store->write();
  TermId s = txn.intern(Term::iri("http://s")), p = txn.intern(Term::iri("http://p"));
  const int n = 5000;
  for (int i = 0; i < n; ++i)
    txn.insert(Quad{{s, p, txn.intern(Term::literal(std::to_string(i))), kDefaultGraph}});
  QuadPattern by_subject;
  by_subject.ids[S] = s;
  EXPECT_EQ(txn.count(by_subject), static_cast<uint64_t>(n));
  EXPECT_EQ(txn.count(QuadPattern{}), static_cast<uint64_t>(n));
  EXPECT_EQ(txn.count(by_subject, 10), 10u);
  size_t seen = 0;
  Quad q;
  for (auto scan = txn.scan(by_subject); scan.next(q);) ++seen;
  EXPECT_EQ(seen, static_cast<size_t>(n));
  EXPECT_EQ(txn.estimate(by_subject), static_cast<uint64_t>(n));  // one bound: exact
  QuadPattern sp = by_subject;
  sp.ids[P] = p;
  EXPECT_EQ(txn.count(sp), static_cast<uint64_t>(n));
  EXPECT_EQ(txn.estimate(sp), static_cast<uint64_t>(n));  // below the cap: exact
}

TEST(Index, GraphsListsNamedGraphsOnly) {
  test::TempStore store;
  auto txn = store->write();
  TermId x = txn.intern(Term::iri("http://x")), g = txn.intern(Term::iri("http://g"));
  txn.insert(Quad{{x, x, x, kDefaultGraph}});
  txn.insert(Quad{{x, x, x, g}});
  EXPECT_EQ(txn.graphs(), std::vector<TermId>{g});
  auto st = txn.stats();
  EXPECT_EQ(st.quads, 2u);
  EXPECT_EQ(st.graphs, 1u);
  EXPECT_EQ(st.default_graph_quads, 1u);
}

// The permutations' LMDB comparison must order keys exactly as LMDB's default (memcmp, then
// length): LMDB's own tools rely on that order.
TEST(Index, KeyOrderIsTheByteOrder) {
  std::mt19937 rng(11);
  auto sign = [](int c) { return (c > 0) - (c < 0); };
  auto expected = [&](const std::string& a, const std::string& b) {
    int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    return c ? sign(c) : sign(int(a.size()) - int(b.size()));
  };
  for (int i = 0; i < 200000; ++i) {
    size_t sizes[] = {24, 24, 24, 24, 7, 12};
    size_t size_a = sizes[i % 6], size_b = i % 7 == 0 ? sizes[(i / 6) % 6] : size_a;
    std::string a(size_a, '\0'), b(size_b, '\0');
    // Few byte values, so that long equal prefixes (the case that matters) are common.
    for (auto& c : a) c = static_cast<char>(rng() % 3 == 0 ? rng() : rng() % 2 * 0xff);
    for (size_t k = 0; k < b.size(); ++k)
      b[k] = k < a.size() && rng() % 4 ? a[k] : static_cast<char>(rng() % 3 == 0 ? rng() : 0xff);
    MDB_val va{a.size(), a.data()}, vb{b.size(), b.data()};
    ASSERT_EQ(sign(index::compare_keys(&va, &vb)), expected(a, b))
        << testing::PrintToString(a) << " " << testing::PrintToString(b);
  }
}

// Blocks split as they fill and lose their first rows and empty as quads go: after every round
// of random inserts and removes, each permutation scans exactly the quads present, in order, and
// every pattern counts exactly its matches.
TEST(Index, BlocksFollowRandomInsertsAndRemoves) {
  test::TempStore store;
  std::mt19937 rng(5);
  auto txn = store->write();
  std::vector<TermId> terms;
  for (int i = 0; i < 40; ++i)
    terms.push_back(txn.intern(Term::iri("http://x/" + std::to_string(i))));
  std::set<Quad> present;
  auto pick = [&](int few) { return terms[rng() % (rng() % 4 ? few : terms.size())]; };
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 700; ++i) {
      Quad q{{pick(3), pick(5), pick(40), rng() % 2 ? kDefaultGraph : pick(2)}};
      bool insert = round < 4 || rng() % 3 != 0;
      if (insert) {
        EXPECT_EQ(txn.insert(q), present.insert(q).second);
      } else {
        EXPECT_EQ(txn.remove(q), present.erase(q) == 1);
      }
    }
    if (round == 8) {  // most of it goes, from the front of the blocks too
      for (auto it = present.begin(); it != present.end();) {
        if (rng() % 5) {
          EXPECT_TRUE(txn.remove(*it));
          it = present.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (Permutation perm : kPermutations) {
      const auto& order = permutation_order(perm);
      std::vector<Quad> scanned;
      Quad q;
      for (auto scan = txn.scan(QuadPattern{}, perm); scan.next(q);) scanned.push_back(q);
      std::vector<Quad> expected;
      for (const Quad& x : present)  // the G-first permutations hold the named graphs only
        if (holds_default_graph(perm) || x.g() != kDefaultGraph) expected.push_back(x);
      auto key = [&](const Quad& x) {
        return std::array<TermId, 4>{x.ids[order[0]], x.ids[order[1]], x.ids[order[2]],
                                     x.ids[order[3]]};
      };
      std::sort(expected.begin(), expected.end(),
                [&](const Quad& a, const Quad& b) { return key(a) < key(b); });
      ASSERT_EQ(scanned, expected) << permutation_name(perm) << " round " << round;
    }
    for (int k = 0; k < 200; ++k) {
      const Quad& sample = *std::next(present.begin(), rng() % present.size());
      QuadPattern pattern;
      unsigned mask = rng() % 16;
      for (int pos = 0; pos < 4; ++pos)
        if (mask & (1u << pos)) pattern.ids[pos] = rng() % 4 ? sample.ids[pos] : pick(40);
      uint64_t matches = std::count_if(present.begin(), present.end(),
                                       [&](const Quad& x) { return pattern.matches(x); });
      ASSERT_EQ(txn.count(pattern), matches) << "mask " << mask << " round " << round;
      ASSERT_EQ(txn.estimate(pattern), matches);
      uint64_t scanned = 0;
      Quad q;
      for (auto scan = txn.scan(pattern); scan.next(q);) ++scanned;
      ASSERT_EQ(scanned, matches);
    }
    ASSERT_EQ(test::check_consistency(txn), "");
  }
}

// The default graph's quads are stored once per position: the G-first permutations stay empty
// while the store holds only the default graph, and every pattern bound to it still counts and
// scans exactly; named quads added later go to all six.
TEST(Index, DefaultGraphIsNotInTheGraphFirstPermutations) {
  test::TempStore store;
  auto txn = store->write();
  TermId s = txn.intern(Term::iri("http://s")), p = txn.intern(Term::iri("http://p"));
  TermId g = txn.intern(Term::iri("http://g"));
  for (int i = 0; i < 50; ++i)
    txn.insert(Quad{{s, p, txn.intern(Term::literal(std::to_string(i))), kDefaultGraph}});
  for (Permutation perm : {Permutation::GSPO, Permutation::GPOS, Permutation::GOSP}) {
    QuadPattern named_only;
    Quad q;
    EXPECT_FALSE(txn.scan(named_only, perm).next(q)) << permutation_name(perm);
  }
  QuadPattern in_default;
  in_default.ids[G] = kDefaultGraph;
  EXPECT_EQ(txn.count(in_default), 50u);
  in_default.ids[S] = s;
  EXPECT_EQ(txn.count(in_default), 50u);
  txn.insert(Quad{{s, p, txn.intern(Term::literal("named")), g}});
  EXPECT_EQ(txn.count(in_default), 50u);  // the named quad shares spog's range, and is filtered
  in_default.ids[S] = kAny;
  EXPECT_EQ(txn.count(in_default), 50u);
  QuadPattern in_g;
  in_g.ids[G] = g;
  EXPECT_EQ(txn.count(in_g), 1u);
  EXPECT_EQ(txn.graphs(), std::vector<TermId>{g});
  EXPECT_EQ(test::check_consistency(txn), "");
}

// A scan restarted on one pattern after another (ascending, repeated, descending, skipping far
// ahead) gives each time what a fresh scan gives: going on from where the last one ended must
// never skip or repeat a row.
TEST(Index, RestartedScansMatchFreshOnes) {
  test::TempStore store;
  std::vector<TermId> subjects, objects;
  {
    auto txn = store->write();
    TermId p = txn.intern(Term::iri("http://p")), q = txn.intern(Term::iri("http://q"));
    for (int i = 0; i < 400; ++i)
      subjects.push_back(txn.intern(Term::iri("http://s/" + std::to_string(i))));
    for (int i = 0; i < 30; ++i) objects.push_back(txn.intern(Term::literal(std::to_string(i))));
    std::mt19937 rng(3);
    for (TermId s : subjects)
      for (int k = rng() % 6; k > 0; --k)
        txn.insert(Quad{{s, rng() % 2 ? p : q, objects[rng() % objects.size()],
                         rng() % 4 ? kDefaultGraph : p}});
    txn.commit();
  }
  auto txn = store->read();
  auto rows = [](QuadScan& scan) {
    std::vector<Quad> out;
    Quad quad;
    while (scan.next(quad)) out.push_back(quad);
    return out;
  };
  std::mt19937 rng(5);
  for (unsigned mask : {1u, 4u, 1u | 8u, 4u | 1u}) {
    std::vector<TermId> probes = subjects;  // by subject, or by object (mask bit 2)
    if (mask & 4u) probes = objects;
    std::sort(probes.begin(), probes.end());
    std::vector<TermId> order;
    for (TermId t : probes) order.push_back(t);                                  // ascending
    for (int i = 0; i < 50; ++i) order.push_back(order[rng() % probes.size()]);  // at random
    for (size_t i = 0; i < probes.size(); i += 1 + rng() % 40) order.push_back(probes[i]);
    QuadPattern first;
    auto make = [&](TermId t) {
      QuadPattern pattern;
      pattern.ids[mask & 4u ? O : S] = t;
      if (mask & 8u) pattern.ids[G] = kDefaultGraph;
      if (mask == (4u | 1u)) pattern.ids[S] = subjects[t % subjects.size()];
      return pattern;
    };
    auto scan = txn.scan(make(order[0]));
    for (size_t i = 0; i < order.size(); ++i) {
      QuadPattern pattern = make(order[i]);
      if (i > 0) ASSERT_TRUE(scan.restart(pattern));
      auto fresh = txn.scan(pattern);
      ASSERT_EQ(rows(scan), rows(fresh)) << "mask " << mask << ", probe " << i;
    }
  }
}
