// The random datasets: each predicate has one kind of object (see generator.hpp).
//   ex:link, ex:knows   nodes (IRIs ex:n0..n7 and blank nodes), with cycles
//   ex:int              xsd:integer
//   ex:num              xsd:integer, xsd:decimal, xsd:double, xsd:float
//   ex:str              simple literals (some written as xsd:string)
//   ex:label            literals with a language tag
//   ex:when             xsd:dateTime (with and without timezone) and xsd:date
//   ex:flag             xsd:boolean
//   ex:any              any of the above, IRIs, and literals of an unknown datatype
#include <set>
#include <vector>

#include "difftest/generator.hpp"

namespace moivre::difftest {
namespace {

const char* kIntegers[] = {"0", "1", "2", "3", "5", "7", "10", "12", "-1", "-3", "42", "100"};
// Lexical forms Oxigraph keeps as they are (known-divergences.md: it rewrites others on load).
const char* kNumbers[] = {
    "1",
    "-2",
    "7",
    "1.5",
    "-0.25",
    "2.5",
    "0.1",
    "10.75",
    "\"1.5\"^^xsd:double",
    "\"-20\"^^xsd:double",
    "\"0.25\"^^xsd:double",
    "\"1\"^^xsd:double",
    "\"0.5\"^^xsd:float",
    "\"2\"^^xsd:float",
    "\"-1.25\"^^xsd:float",
};
// No leading or trailing white space (known-divergences.md: casts from strings).
const char* kStrings[] = {"\"a\"",
                          "\"b\"",
                          "\"abc\"",
                          "\"ab c\"",
                          "\"Grüße\"",
                          "\"x😀\"",
                          "\"\"",
                          "\"10\"",
                          "\"a.b\"",
                          "\"A\"",
                          "\"1.5\"",
                          "\"true\"",
                          "\"2024-01-01T00:00:00Z\"",
                          "\"é\"",
                          "\"bc\"^^xsd:string"};
// Lower-case tags: both engines store tags in lower case.
const char* kLabels[] = {"\"chat\"@fr", "\"cat\"@en", "\"Cat\"@en-gb",
                         "\"a\"@en",    "\"abc\"@fr", "\"\"@en"};
const char* kDates[] = {
    "\"2024-01-01T00:00:00Z\"^^xsd:dateTime",      "\"2023-06-15T12:30:00+02:00\"^^xsd:dateTime",
    "\"2024-02-29T23:59:59.5Z\"^^xsd:dateTime",    "\"2020-05-05T05:05:05\"^^xsd:dateTime",
    "\"1999-12-31T23:00:00-05:00\"^^xsd:dateTime", "\"2024-01-01\"^^xsd:date"};
const char* kFlags[] = {"true", "false"};
const char* kOthers[] = {"\"x\"^^ex:custom", "ex:n1", "ex:other", "\"1\"^^ex:custom"};

std::string node(Random& r) {
  if (r.chance(0.2)) return "_:b" + std::to_string(r.between(0, 2));
  return "ex:n" + std::to_string(r.between(0, 7));
}

std::string triple(Random& r) {
  std::string s = node(r);
  switch (r.between(0, 9)) {
    case 0:
    case 1:
      return s + " ex:link " + node(r) + " .";
    case 2:
      return s + " ex:knows " + node(r) + " .";
    case 3:
      return s + " ex:int " + r.pick(kIntegers) + " .";
    case 4:
      return s + " ex:num " + r.pick(kNumbers) + " .";
    case 5:
      return s + " ex:str " + r.pick(kStrings) + " .";
    case 6:
      return s + " ex:label " + r.pick(kLabels) + " .";
    case 7:
      return s + " ex:when " + r.pick(kDates) + " .";
    case 8:
      return s + " ex:flag " + r.pick(kFlags) + " .";
    default: {
      std::vector<std::string> any = {r.pick(kIntegers), r.pick(kNumbers), r.pick(kStrings),
                                      r.pick(kLabels),   r.pick(kDates),   r.pick(kFlags),
                                      r.pick(kOthers),   node(r)};
      return s + " ex:any " + r.pick(any) + " .";
    }
  }
}

}  // namespace

std::string random_dataset(Random& r) {
  std::string out =
      "@prefix ex: <http://example.org/> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";
  int n = r.between(8, 40);
  std::vector<std::string> graphs(4);  // the default graph, then ex:g0 .. ex:g2
  // One triple at most from a subject to an object in a graph (known-divergences.md: paths
  // whose two ends are bound), and a cycle, so that closures have one to go round.
  std::set<std::pair<size_t, std::string>> linked;
  auto add = [&](size_t g, const std::string& t) {
    std::string s = t.substr(0, t.find(' '));
    std::string o = t.substr(t.find(' ', s.size() + 1) + 1);
    if (linked.insert({g, s + " " + o}).second) graphs[g] += "  " + t + "\n";
  };
  size_t cycle = static_cast<size_t>(r.between(0, 1));
  add(cycle, "ex:n0 ex:link ex:n1 .");
  add(cycle, "ex:n1 ex:link ex:n2 .");
  add(cycle, "ex:n2 ex:link ex:n0 .");
  for (int i = 0; i < n; ++i) {
    size_t g = r.chance(0.5) ? 0 : static_cast<size_t>(r.between(1, 3));
    std::string t = triple(r);
    add(g, t);
    if (r.chance(0.1)) add(static_cast<size_t>(r.between(0, 3)), t);
  }
  out += graphs[0];
  for (size_t g = 1; g < graphs.size(); ++g)
    if (!graphs[g].empty()) out += "ex:g" + std::to_string(g - 1) + " {\n" + graphs[g] + "}\n";
  return out;
}

}  // namespace moivre::difftest
