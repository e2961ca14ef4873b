#include "difftest/solutions.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace moivre::difftest {
namespace {

// A cell as compared: numbers by exact value within their datatype (the expected files do not use
// canonical forms: "6"^^xsd:decimal and "6.0"^^xsd:decimal are one number), blank nodes as "_:"
// (matched through a bijection below), anything else as its N-Triples.
//
// The normalisation is written here, apart from the engine's (query/numeric.cpp), so that the
// two cannot share a mistake: integers and decimals lose their sign of zero, leading zeros and
// trailing fractional zeros; doubles and floats read as the nearest binary value.
std::string canonical(const Cell& t) {
  if (!t) return "UNBOUND";
  if (t->is_blank()) return "_:";
  static const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  if (t->kind != graph::TermKind::TypedLiteral) return t->to_ntriples();
  const std::string& v = t->value;
  if (t->qualifier == xsd + "double" || t->qualifier == xsd + "float") {
    if (v.empty() || v.find_first_not_of("+-0123456789.eE") != std::string::npos)
      return t->to_ntriples();  // INF, NaN and ill-formed forms as written
    char* end = nullptr;
    double d =
        t->qualifier == xsd + "float" ? std::strtof(v.c_str(), &end) : std::strtod(v.c_str(), &end);
    if (*end != '\0') return t->to_ntriples();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", d);
    return std::string(buf) + "^^" + t->qualifier;
  }
  bool decimal = t->qualifier == xsd + "decimal";
  bool integer = t->qualifier == xsd + "integer" || t->qualifier == xsd + "int" ||
                 t->qualifier == xsd + "long" || t->qualifier == xsd + "short" ||
                 t->qualifier == xsd + "byte" ||
                 t->qualifier.find("Integer") != std::string::npos ||
                 t->qualifier.find("unsigned") != std::string::npos;
  if (!decimal && !integer) return t->to_ntriples();
  std::string_view s = v;
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  size_t point = s.find('.');
  std::string whole(s.substr(0, point)),
      fraction(point == std::string::npos ? "" : s.substr(point + 1));
  if (whole.empty() && fraction.empty()) return t->to_ntriples();
  if ((whole + fraction).find_first_not_of("0123456789") != std::string::npos ||
      (integer && point != std::string::npos))
    return t->to_ntriples();
  whole.erase(0, whole.find_first_not_of('0'));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty() && fraction.empty()) negative = false;
  return std::string(negative ? "-" : "") + (whole.empty() ? "0" : whole) +
         (fraction.empty() ? "" : "." + fraction) + "^^" + t->qualifier;
}

// A solution as compared: its cells in the expected file's column order.
struct Solution {
  std::vector<std::string> cells;   // canonical()
  std::vector<std::string> blanks;  // per cell: the blank node label, or ""
  std::string shape;                // the cells joined: equal shapes may match
};

std::vector<Solution> solutions(const Solutions& rs, const std::vector<std::string>& columns) {
  std::vector<Solution> out;
  for (const auto& row : rs.rows) {
    Solution s;
    for (const auto& var : columns) {
      auto it = std::find(rs.variables.begin(), rs.variables.end(), var);
      Cell value;
      if (it != rs.variables.end()) value = row[static_cast<size_t>(it - rs.variables.begin())];
      s.cells.push_back(canonical(value));
      s.blanks.push_back(value && value->is_blank() ? value->value : "");
      s.shape += s.cells.back() + " ";
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Finds a pairing of the solutions (in order when `ordered`) under one bijection of blank nodes.
// Rows without blank nodes pair as a multiset; the others by backtracking, which takes next the
// row with the fewest candidates left (so that a blank node once paired constrains the rows it
// is in at once) and tries each distinct candidate once. Gives up (false) past kWorkLimit.
class BlankMatcher {
 public:
  BlankMatcher(const std::vector<Solution>& e, const std::vector<Solution>& a, bool ordered)
      : e_(e), a_(a), ordered_(ordered), used_(a.size(), false) {}

  bool run() {
    if (e_.size() != a_.size()) return false;
    if (ordered_) {
      for (size_t i = 0; i < e_.size(); ++i) {
        std::vector<std::string> added;
        if (e_[i].shape != a_[i].shape || !bind(e_[i], a_[i], added)) return false;
      }
      return true;
    }
    std::vector<std::string> plain_e, plain_a;
    for (size_t i = 0; i < e_.size(); ++i)
      (has_blank(e_[i]) ? blank_e_.push_back(i) : plain_e.push_back(e_[i].shape));
    for (size_t j = 0; j < a_.size(); ++j)
      (has_blank(a_[j]) ? blank_a_.push_back(j) : plain_a.push_back(a_[j].shape));
    std::sort(plain_e.begin(), plain_e.end());
    std::sort(plain_a.begin(), plain_a.end());
    if (plain_e != plain_a || blank_e_.size() != blank_a_.size()) return false;
    colour_e_ = colours(e_, blank_e_);
    colour_a_ = colours(a_, blank_a_);
    // Rows linked by blank nodes form components; a bijection maps each expected component onto
    // an actual one with the same rows (signatures) and an isomorphism between the two. Two
    // components that are each isomorphic to a third are isomorphic, so pairing them greedily
    // finds a pairing whenever there is one. Components are small: a CONSTRUCT template's blank
    // nodes, a BNODE() per row.
    auto e_parts = components(e_, blank_e_, colour_e_);
    auto a_parts = components(a_, blank_a_, colour_a_);
    if (e_parts.size() != a_parts.size()) return false;
    std::map<std::string, std::vector<size_t>> by_key;  // actual components not yet paired
    for (size_t c = 0; c < a_parts.size(); ++c) by_key[a_parts[c].key].push_back(c);
    for (const auto& part : e_parts) {
      auto it = by_key.find(part.key);
      if (it == by_key.end()) return false;
      auto& left = it->second;
      bool paired = false;
      for (size_t i = 0; i < left.size() && !paired; ++i) {
        if (isomorphic(part.rows, a_parts[left[i]].rows)) {
          left.erase(left.begin() + static_cast<std::ptrdiff_t>(i));
          paired = true;
        }
      }
      if (!paired) return false;
    }
    return true;
  }

 private:
  struct Component {
    std::vector<size_t> rows;
    std::string key;  // its rows' signatures, sorted
  };

  static std::vector<Component> components(const std::vector<Solution>& rows,
                                           const std::vector<size_t>& which,
                                           const std::map<std::string, size_t>& colour) {
    std::map<std::string, size_t> first_row;  // blank node -> a row it stands in
    std::vector<size_t> parent(rows.size());
    for (size_t r : which) parent[r] = r;
    std::function<size_t(size_t)> root = [&](size_t r) {
      return parent[r] == r ? r : parent[r] = root(parent[r]);
    };
    for (size_t r : which)
      for (const auto& b : rows[r].blanks) {
        if (b.empty()) continue;
        auto [it, inserted] = first_row.try_emplace(b, r);
        if (!inserted) parent[root(r)] = root(it->second);
      }
    std::map<size_t, Component> by_root;
    for (size_t r : which) by_root[root(r)].rows.push_back(r);
    std::vector<Component> out;
    for (auto& [r, part] : by_root) {
      std::vector<std::string> signatures;
      for (size_t row : part.rows) signatures.push_back(signature(rows[row], colour));
      std::sort(signatures.begin(), signatures.end());
      for (const auto& sig : signatures) part.key += sig + "\n";
      out.push_back(std::move(part));
    }
    return out;
  }

  // Whether a bijection of blank nodes maps the expected rows onto the actual ones.
  bool isomorphic(const std::vector<size_t>& expected, const std::vector<size_t>& actual) {
    if (expected.size() == 1) {  // one row: its blank nodes map position by position
      forward_.clear(), backward_.clear();
      std::vector<std::string> added;
      return fits(e_[expected[0]], a_[actual[0]]) && bind(e_[expected[0]], a_[actual[0]], added);
    }
    blank_e_ = expected;
    forward_.clear(), backward_.clear();
    by_signature_.clear();
    candidates_.clear();
    for (size_t j : actual) {
      used_[j] = false;
      by_signature_[signature(a_[j], colour_a_)].push_back(j);
    }
    for (size_t k : blank_e_) {
      auto it = by_signature_.find(signature(e_[k], colour_e_));
      if (it == by_signature_.end()) return false;
      candidates_.push_back(&it->second);
    }
    done_.assign(blank_e_.size(), false);
    return match(0);
  }

  // A row as a bijection sees it: its shape and the colours of its blank nodes.
  static std::string signature(const Solution& row, const std::map<std::string, size_t>& colour) {
    std::string out = row.shape;
    for (const auto& b : row.blanks) out += "|" + (b.empty() ? "" : std::to_string(colour.at(b)));
    return out;
  }
  static bool has_blank(const Solution& s) {
    return std::any_of(s.blanks.begin(), s.blanks.end(), [](const auto& b) { return !b.empty(); });
  }
  bool bind(const Solution& e, const Solution& a, std::vector<std::string>& added) {
    for (size_t i = 0; i < e.blanks.size(); ++i) {
      if (e.blanks[i].empty()) continue;
      auto f = forward_.find(e.blanks[i]);
      auto b = backward_.find(a.blanks[i]);
      if (f != forward_.end() || b != backward_.end()) {
        if (f == forward_.end() || f->second != a.blanks[i]) return false;
        continue;
      }
      forward_[e.blanks[i]] = a.blanks[i];
      backward_[a.blanks[i]] = e.blanks[i];
      added.push_back(e.blanks[i]);
    }
    return true;
  }
  void unbind(const std::vector<std::string>& added) {
    for (const auto& label : added) {
      backward_.erase(forward_[label]);
      forward_.erase(label);
    }
  }
  // A colour per blank node that a bijection must keep: where it stands in which rows, refined
  // a few times by the colours of the blank nodes beside it (as in the Weisfeiler-Leman test).
  // Blank nodes of different colours cannot pair, which prunes the search to near nothing.
  static std::map<std::string, size_t> colours(const std::vector<Solution>& rows,
                                               const std::vector<size_t>& which) {
    std::map<std::string, size_t> colour;
    std::hash<std::string> hash;
    for (int round = 0; round < 4; ++round) {
      std::map<std::string, std::vector<std::string>> seen;
      for (size_t r : which) {
        const Solution& row = rows[r];
        std::string context = row.shape;
        for (size_t i = 0; i < row.blanks.size(); ++i)
          if (!row.blanks[i].empty())
            context += "|" + std::to_string(i) + ":" + std::to_string(colour[row.blanks[i]]);
        for (size_t i = 0; i < row.blanks.size(); ++i)
          if (!row.blanks[i].empty()) seen[row.blanks[i]].push_back(std::to_string(i) + context);
      }
      std::map<std::string, size_t> next;
      for (auto& [label, contexts] : seen) {
        std::sort(contexts.begin(), contexts.end());
        std::string all;
        for (const auto& c : contexts) all += c + "#";
        next[label] = hash(all);
      }
      colour = std::move(next);
    }
    return colour;
  }

  // Whether a candidate row fits an expected one under the pairing so far.
  bool fits(const Solution& e, const Solution& a) {
    ++work_;
    if (e.shape != a.shape) return false;
    for (size_t i = 0; i < e.blanks.size(); ++i) {
      if (e.blanks[i].empty()) continue;
      if (colour_e_[e.blanks[i]] != colour_a_[a.blanks[i]]) return false;
      auto f = forward_.find(e.blanks[i]);
      if (f != forward_.end() ? f->second != a.blanks[i] : backward_.count(a.blanks[i]) > 0)
        return false;
    }
    return true;
  }

  bool match(size_t matched) {
    if (matched == blank_e_.size()) return true;
    if (work_ > kWorkLimit) return false;
    // The expected row with the fewest candidates.
    size_t best = 0, best_count = SIZE_MAX;
    for (size_t k = 0; k < blank_e_.size() && best_count > 1; ++k) {
      if (done_[k]) continue;
      size_t count = 0;
      for (size_t j : *candidates_[k])
        if (!used_[j] && fits(e_[blank_e_[k]], a_[j])) ++count;
      if (count < best_count) best = k, best_count = count;
    }
    if (best_count == 0) return false;
    const Solution& e = e_[blank_e_[best]];
    done_[best] = true;
    std::set<std::vector<std::string>> tried;
    for (size_t j : *candidates_[best]) {
      if (used_[j] || !fits(e, a_[j]) || !tried.insert(a_[j].blanks).second) continue;
      std::vector<std::string> added;
      if (bind(e, a_[j], added)) {  // fits() does not see a blank node twice in one row
        used_[j] = true;
        if (match(matched + 1)) return true;
        used_[j] = false;
      }
      unbind(added);
    }
    done_[best] = false;
    return false;
  }

  const std::vector<Solution>& e_;
  const std::vector<Solution>& a_;
  bool ordered_;
  std::vector<bool> used_;
  std::vector<size_t> blank_e_, blank_a_;  // rows with blank nodes
  std::vector<bool> done_;                 // per row of blank_e_: paired
  std::map<std::string, size_t> colour_e_, colour_a_;
  std::map<std::string, std::vector<size_t>> by_signature_;  // actual rows left
  std::vector<const std::vector<size_t>*> candidates_;       // per row of blank_e_
  std::map<std::string, std::string> forward_, backward_;
  // Row comparisons allowed before giving up (a few seconds): answers that differ can make the
  // search long before it fails.
  static constexpr uint64_t kWorkLimit = 20'000'000;
  uint64_t work_ = 0;
};
}  // namespace

std::string comparison_key(const Cell& cell) {
  return canonical(cell);
}

bool same_solutions(const Solutions& expected, const Solutions& actual, bool ordered,
                    std::string* diff) {
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(expected.variables) != sorted(actual.variables)) {
    if (diff) {
      *diff = "columns differ: expected";
      for (const auto& v : expected.variables) *diff += " ?" + v;
      *diff += ", got";
      for (const auto& v : actual.variables) *diff += " ?" + v;
    }
    return false;
  }
  auto e = solutions(expected, expected.variables), a = solutions(actual, expected.variables);
  if (e.size() == a.size() && BlankMatcher(e, a, ordered).run()) return true;
  if (diff) {
    std::ostringstream out;
    out << "expected " << e.size() << " rows, got " << a.size() << "\n";
    auto lines = [](const std::vector<Solution>& rows) {
      std::vector<std::string> out;
      for (const auto& r : rows) {
        std::string line;
        for (size_t i = 0; i < r.cells.size(); ++i)
          line += (r.blanks[i].empty() ? r.cells[i] : "_:" + r.blanks[i]) + " ";
        out.push_back(line);
      }
      return out;
    };
    auto el = lines(e), al = lines(a);
    for (size_t i = 0; i < std::min<size_t>(8, el.size()); ++i) out << "  want " << el[i] << "\n";
    for (size_t i = 0; i < std::min<size_t>(8, al.size()); ++i) out << "  got  " << al[i] << "\n";
    *diff = out.str();
  }
  return false;
}

bool same_graph(std::vector<Triple> expected, std::vector<Triple> actual, std::string* diff) {
  // A graph is a set: each triple once, then compared as three-column solutions.
  auto as_solutions = [](std::vector<Triple>& triples) {
    std::set<std::string> seen;
    Solutions out{{"s", "p", "o"}, {}};
    for (auto& t : triples)
      if (seen.insert(t[0].to_ntriples() + " " + t[1].to_ntriples() + " " + t[2].to_ntriples())
              .second)
        out.rows.push_back({t[0], t[1], t[2]});
    return out;
  };
  return same_solutions(as_solutions(expected), as_solutions(actual), false, diff);
}

}  // namespace moivre::difftest
