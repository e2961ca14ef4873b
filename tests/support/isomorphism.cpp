#include "support/isomorphism.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "graph/input.hpp"
#include "graph/rdf_reader.hpp"

namespace moivre::test {
namespace {

using Key = std::array<std::string, 4>;

std::string quad_line(const TermQuad& q) {
  std::string line = q.s.to_ntriples() + " " + q.p.to_ntriples() + " " + q.o.to_ntriples();
  if (q.has_graph) line += " " + q.g.to_ntriples();
  return line + " .";
}

// Blank node labels of a dataset.
std::vector<std::string> blanks_of(const Dataset& d) {
  std::set<std::string> out;
  for (const auto& q : d) {
    for (const graph::Term* t : {&q.s, &q.p, &q.o})
      if (t->is_blank()) out.insert(t->value);
    if (q.has_graph && q.g.is_blank()) out.insert(q.g.value);
  }
  return {out.begin(), out.end()};
}

// Colour refinement: a blank node's colour summarises the quads it stands in.
std::map<std::string, size_t> colours(const Dataset& d, const std::vector<std::string>& blanks) {
  std::map<std::string, size_t> colour;
  for (const auto& b : blanks) colour[b] = 0;
  std::hash<std::string> h;
  auto term_code = [&](const graph::Term& t) -> size_t {
    return t.is_blank() ? colour[t.value] * 31 + 7 : h(t.to_ntriples());
  };
  for (int round = 0; round < 4; ++round) {
    std::map<std::string, std::vector<size_t>> signatures;
    for (const auto& q : d) {
      size_t parts[4] = {term_code(q.s), term_code(q.p), term_code(q.o),
                         q.has_graph ? term_code(q.g) : 1};
      const graph::Term* terms[4] = {&q.s, &q.p, &q.o, q.has_graph ? &q.g : nullptr};
      for (int pos = 0; pos < 4; ++pos) {
        if (!terms[pos] || !terms[pos]->is_blank()) continue;
        size_t sig = pos;
        for (int k = 0; k < 4; ++k) sig = sig * 1000003 ^ (k == pos ? 0 : parts[k]);
        signatures[terms[pos]->value].push_back(sig);
      }
    }
    std::map<std::string, size_t> next;
    for (const auto& b : blanks) {
      auto& sigs = signatures[b];
      std::sort(sigs.begin(), sigs.end());
      size_t c = colour[b];
      for (size_t s : sigs) c = c * 1000003 ^ s;
      next[b] = c;
    }
    colour = std::move(next);
  }
  return colour;
}

std::set<std::string> lines_with(const Dataset& d, const std::map<std::string, std::string>& map) {
  std::set<std::string> out;
  for (auto q : d) {
    for (graph::Term* t : {&q.s, &q.p, &q.o, &q.g})
      if (t->is_blank()) t->value = map.at(t->value);
    out.insert(quad_line(q));
  }
  return out;
}

}  // namespace

namespace {

graph::QuadHandler collect(Dataset& out) {
  return [&out](const graph::ParsedQuad& q) {
    TermQuad tq{graph::decode_term(q.subject),
                graph::decode_term(q.predicate),
                graph::decode_term(q.object),
                !q.graph.empty(),
                {}};
    if (tq.has_graph) tq.g = graph::decode_term(q.graph);
    out.push_back(std::move(tq));
  };
}

}  // namespace

Dataset read_dataset_string(const std::string& text, graph::RdfSyntax syntax,
                            const std::string& base) {
  Dataset out;
  graph::ReadOptions options;
  options.syntax = syntax;
  options.base_iri = base;
  graph::read_rdf_string(text, "<text>", options, collect(out));
  return out;
}

Dataset read_dataset_file(const std::string& path, graph::RdfSyntax syntax,
                          const std::string& base) {
  Dataset out;
  graph::Input input(path);
  graph::ReadOptions options;
  options.syntax = syntax;
  options.base_iri = base;
  graph::read_rdf(input, options, collect(out));
  return out;
}

bool isomorphic(const Dataset& a, const Dataset& b) {
  std::set<std::string> lines_b;
  for (const auto& q : b) lines_b.insert(quad_line(q));
  std::set<std::string> lines_a;
  for (const auto& q : a) lines_a.insert(quad_line(q));
  if (lines_a.size() != lines_b.size()) return false;

  auto blanks_a = blanks_of(a), blanks_b = blanks_of(b);
  if (blanks_a.size() != blanks_b.size()) return false;
  if (blanks_a.empty()) return lines_a == lines_b;

  auto colour_a = colours(a, blanks_a), colour_b = colours(b, blanks_b);
  std::multiset<size_t> ca, cb;
  for (auto& [_, c] : colour_a) ca.insert(c);
  for (auto& [_, c] : colour_b) cb.insert(c);
  if (ca != cb) return false;

  // Backtracking over candidates of equal colour; the target labels are b's.
  std::map<std::string, std::string> mapping;
  std::set<std::string> used;
  std::function<bool(size_t)> assign = [&](size_t i) -> bool {
    if (i == blanks_a.size()) return lines_with(a, mapping) == lines_b;
    const std::string& from = blanks_a[i];
    for (const auto& to : blanks_b) {
      if (used.count(to) || colour_b[to] != colour_a[from]) continue;
      mapping[from] = to;
      used.insert(to);
      if (assign(i + 1)) return true;
      used.erase(to);
    }
    mapping.erase(from);
    return false;
  };
  return assign(0);
}

std::string to_nquads(const Dataset& d) {
  std::set<std::string> lines;
  for (const auto& q : d) lines.insert(quad_line(q));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace moivre::test
