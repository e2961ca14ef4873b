// Random queries over the vocabulary of dataset_generator.cpp. Variables are named for what they
// hold, so that expressions can be typed:
//   ?n  nodes (subjects, ex:link and ex:knows objects)   ?i  ex:int values (xsd:integer)
//   ?x  ex:num values (numbers of four types)            ?s  ex:str values (simple literals)
//   ?l  ex:label values (language-tagged)                ?d  ex:when values (dates)
//   ?f  ex:flag values (booleans)                        ?a  ex:any values (anything)
//   ?g  graph names                                      ?p  predicates
//   ?e  BIND results, ?c aggregate results, ?r projected expressions (each named once)
// Expressions are mostly well typed; now and then an argument of another kind is drawn on
// purpose, for the error cases.
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "difftest/generator.hpp"

namespace moivre::difftest {
namespace {

enum class Kind { Node, Int, Num, Str, Label, Date, Flag, Any };

const char* kKindLetter[] = {"n", "i", "x", "s", "l", "d", "f", "a"};
const int kKindVars[] = {4, 2, 2, 2, 2, 1, 1, 2};

class QueryBuilder {
 public:
  explicit QueryBuilder(Random& r) : r_(r) {}

  GeneratedQuery query() {
    GeneratedQuery q;
    int form = r_.between(0, 19);
    std::string prologue =
        "PREFIX ex: <http://example.org/>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";
    if (form < 2) {
      q.form = "ask";
      q.text = prologue + "ASK " + dataset() + "WHERE " + group(0);
      return q;
    }
    if (form < 4) {
      q.form = "construct";
      std::string where = group(0);
      q.text =
          prologue + "CONSTRUCT { " + construct_template() + " } " + dataset() + "WHERE " + where;
      return q;
    }
    q.form = "select";
    q.text = prologue + select(0);
    return q;
  }

 private:
  // --- variables -----------------------------------------------------------------------------

  std::string var(Kind k) {
    int i = static_cast<int>(k);
    return "?" + std::string(kKindLetter[i]) + std::to_string(r_.between(0, kKindVars[i] - 1));
  }
  Kind random_kind() { return static_cast<Kind>(r_.between(0, 7)); }
  // A variable of any kind the data binds (not computed by the query).
  std::string data_var() { return var(random_kind()); }

  std::string node() {
    if (r_.chance(0.6)) return var(Kind::Node);
    return r_.chance(0.9) ? "ex:n" + std::to_string(r_.between(0, 7)) : "ex:zz";
  }

  // --- graph patterns ------------------------------------------------------------------------

  std::string dataset() {
    if (!r_.chance(0.15)) return "";
    // One FROM graph at most (known-divergences.md: the merge of FROM graphs).
    std::string out;
    if (r_.chance(0.7)) out += "FROM ex:g" + std::to_string(r_.between(0, 3)) + " ";
    for (int g = 0; g < 4; ++g)
      if (r_.chance(0.35)) out += "FROM NAMED ex:g" + std::to_string(g) + " ";
    return out.empty() ? "FROM NAMED ex:g" + std::to_string(r_.between(0, 3)) + " " : out;
  }

  std::string triple() {
    std::string s = node();
    switch (r_.between(0, 10)) {
      case 0:
      case 1:
        return s + " ex:link " + node();
      case 2:
        return s + " ex:knows " + node();
      case 3:
        return s + " ex:int " +
               (r_.chance(0.8) ? var(Kind::Int) : std::to_string(r_.between(0, 5)));
      case 4:
        return s + " ex:num " + var(Kind::Num);
      case 5:
        return s + " ex:str " + (r_.chance(0.8) ? var(Kind::Str) : "\"a\"");
      case 6:
        return s + " ex:label " + var(Kind::Label);
      case 7:
        return s + " ex:when " + var(Kind::Date);
      case 8:
        return s + " ex:flag " + var(Kind::Flag);
      case 9:
        return s + " ex:any " + var(Kind::Any);
      default:
        return s + " ?p0 " + var(Kind::Any);
    }
  }

  // An alternative stands only under a closure, where paths are sets (known-divergences.md:
  // duplicates of alternative paths).
  std::string link_path(int depth, bool in_closure = false) {
    std::string base = r_.chance(0.6) ? "ex:link" : "ex:knows";
    if (depth > 1) return r_.chance(0.3) ? "^" + base : base;
    switch (r_.between(0, 8)) {
      case 0:
        return "^(" + link_path(depth + 1, in_closure) + ")";
      case 1:
        return "(" + link_path(depth + 1, in_closure) + "/" + link_path(depth + 1, in_closure) +
               ")";
      case 2:
        if (!in_closure) return "(" + link_path(depth + 1, true) + ")*";
        return "(" + link_path(depth + 1, true) + "|" + link_path(depth + 1, true) + ")";
      case 3:
        return "(" + link_path(depth + 1, true) + ")*";
      case 4:
        return "(" + link_path(depth + 1, true) + ")+";
      case 5:
        return "(" + link_path(depth + 1, true) + ")?";
      case 6:
        return "!(ex:int|ex:str)";  // a negated set between nodes: links and knows
      default:
        return base;
    }
  }

  std::string path() {
    if (r_.chance(0.15)) {
      // A negated property set reaching any kind of object.
      // Forward or inverse, not both (known-divergences.md: duplicates of alternative paths).
      const char* sets[] = {"!ex:link", "!(ex:link|ex:knows)", "!(ex:int|ex:str)", "!^ex:link",
                            "!(^ex:link|^ex:int)"};
      return node() + " " + r_.pick(sets) + " " + var(Kind::Any);
    }
    std::string path = link_path(0);
    // A path that can match zero steps joins variables only (known-divergences.md: zero-length
    // paths from a constant that is no node of the graph); two different ones unless the path
    // is a closure (known-divergences.md: one variable at both ends of a path).
    bool nullable = path.find('*') != std::string::npos || path.find('?') != std::string::npos;
    bool closure = path.back() == '*' || path.back() == '+' || path.back() == '?';
    std::string from = nullable ? var(Kind::Node) : node();
    std::string to = nullable ? var(Kind::Node) : node();
    while (to == from && from[0] == '?' && !closure) to = var(Kind::Node);
    return from + " " + path + " " + to;
  }

  std::string values() {
    if (r_.chance(0.5)) {
      std::string out = "VALUES " + var(Kind::Int) + " {";
      for (int i = r_.between(1, 3); i > 0; --i)
        out += r_.chance(0.2) ? " UNDEF" : " " + std::to_string(r_.between(-1, 7));
      return out + " }";
    }
    std::string out = "VALUES (" + var(Kind::Node) + " " + var(Kind::Str) + ") {";
    for (int i = r_.between(1, 3); i > 0; --i) {
      std::string n = r_.chance(0.2) ? "UNDEF" : "ex:n" + std::to_string(r_.between(0, 7));
      std::string s = r_.chance(0.2)
                          ? "UNDEF"
                          : r_.pick(std::vector<std::string>{"\"a\"", "\"abc\"", "\"zz\""});
      out += " (" + n + " " + s + ")";
    }
    return out + " }";
  }

  std::string element(int depth) {
    int pick = r_.between(0, 99);
    if (depth >= 2 && pick >= 45) pick = r_.between(0, 44);
    if (pick < 30) return triple() + " .";
    if (pick < 40) return path() + " .";
    if (pick < 45) return "FILTER(" + boolean(0) + ")";
    if (pick < 55) return "OPTIONAL " + group(depth + 1);
    if (pick < 62) return group(depth + 1) + " UNION " + group(depth + 1);
    // Not inside GRAPH (known-divergences.md: GRAPH ?g over patterns that read no triple).
    if (pick < 67 && !in_graph_ && !in_exists_) return "MINUS " + group(depth + 1);
    if (pick < 67) return triple() + " .";
    if (pick < 73)
      return std::string(r_.chance(0.5) ? "FILTER " : "FILTER NOT ") + exists(depth + 1);
    if (pick < 80 && !in_graph_) {
      // Its first element reads triples, and it holds no subquery and no other GRAPH
      // (known-divergences.md: GRAPH ?g over patterns that read no triple of the graph).
      std::string g = r_.chance(0.5) ? "?g0" : "ex:g" + std::to_string(r_.between(0, 3));
      in_graph_ = true;
      std::string body = group(depth + 1);
      in_graph_ = false;
      return "GRAPH " + g + " { " + triple() + " . " + body.substr(2);
    }
    if (pick < 85) return values();
    if (pick < 93) {
      Kind k = random_kind();
      return "BIND(" + expression(k, 0) + " AS " + fresh("e") + ")";
    }
    if (in_graph_) return triple() + " .";
    return "{ " + select(depth + 1) + " }";
  }

  // EXISTS with a pattern that holds no MINUS (known-divergences.md: MINUS inside EXISTS).
  std::string exists(int depth) {
    bool outer = in_exists_;
    in_exists_ = true;
    std::string g = group(depth);
    in_exists_ = outer;
    return "EXISTS " + g;
  }

  std::string group(int depth) {
    std::string out = "{ ";
    int n = r_.between(1, depth == 0 ? 4 : 3);
    for (int i = 0; i < n; ++i) out += element(depth) + " ";
    return out + "}";
  }

  std::string construct_template() {
    std::string out;
    for (int i = r_.between(1, 3); i > 0; --i) {
      std::string s = r_.chance(0.2) ? "_:t" : var(r_.chance(0.8) ? Kind::Node : random_kind());
      std::string o = r_.chance(0.2) ? "_:t" : data_var();
      out += s + " ex:out" + std::to_string(i) + " " + o + " . ";
    }
    return out;
  }

  // --- SELECT ------------------------------------------------------------------------------

  std::string select(int depth) {
    std::string where = group(depth);
    std::string head = "SELECT ";
    if (r_.chance(0.2)) head += "DISTINCT ";
    std::string modifiers;
    bool grouped = r_.chance(0.3);
    if (grouped) {
      // Grouped: keys, then aggregates.
      std::vector<std::string> keys;
      // One key at least (known-divergences.md: the one group of an aggregate over no solution).
      for (int i = r_.between(1, 2); i > 0; --i)
        keys.push_back(var(r_.chance(0.5) ? Kind::Node : random_kind()));
      std::set<std::string> unique(keys.begin(), keys.end());
      keys.assign(unique.begin(), unique.end());
      for (const auto& k : keys) head += k + " ";
      for (int i = r_.between(1, 3); i > 0; --i)
        head += "(" + aggregate(keys) + " AS " + fresh("c") + ") ";
      if (!keys.empty()) {
        modifiers += "GROUP BY";
        for (const auto& k : keys) modifiers += " " + k;
      }
      if (r_.chance(0.3))
        modifiers +=
            " HAVING (" + aggregate(keys) + " >= " + std::to_string(r_.between(0, 3)) + ")";
    } else if (depth > 0 || r_.chance(0.3)) {
      // A subquery projects all its variables (known-divergences.md: variables a subquery
      // does not project).
      head += "*";
    } else {
      std::set<std::string> vars;
      for (int i = r_.between(1, 4); i > 0; --i) vars.insert(data_var());
      for (const auto& v : vars) head += v + " ";
      for (int i = r_.between(0, 2); i > 0; --i)
        head += "(" + top_expression(random_kind()) + " AS " + fresh("r") + ") ";
    }
    // ORDER BY without a slice: the answer compares as a multiset (known-divergences.md:
    // the order of terms of different kinds).
    if (depth == 0 && !grouped && r_.chance(0.15)) modifiers += " ORDER BY " + data_var();
    // A limit past any answer's size: a smaller one would make the answer a choice.
    if (depth == 0 && r_.chance(0.05)) modifiers += " LIMIT 10000000";
    return head + dataset_if(depth) + "WHERE " + where + " " + modifiers;
  }

  std::string dataset_if(int depth) { return depth == 0 ? dataset() : ""; }

  // Aggregates whose value does not depend on the order of the group's solutions
  // (known-divergences.md: GROUP_CONCAT and SAMPLE are wrapped or keyed).
  std::string aggregate(const std::vector<std::string>& keys) {
    switch (r_.between(0, 11)) {
      case 0:
        return "COUNT(*)";
      case 1:
        return "COUNT(" + data_var() + ")";
      case 2:
        return "COUNT(DISTINCT " + data_var() + ")";
      case 3:
        return "SUM(" + var(Kind::Int) + ")";
      case 4:
        return "AVG(" + var(Kind::Int) + ")";
      case 5:
        return std::string(r_.chance(0.5) ? "MIN(" : "MAX(") + var(Kind::Int) + ")";
      case 6:
        return std::string(r_.chance(0.5) ? "MIN(" : "MAX(") + var(Kind::Str) + ")";
      case 7:
        return "STRLEN(GROUP_CONCAT(" + var(Kind::Str) + "))";
      case 8:
        return "STRLEN(GROUP_CONCAT(DISTINCT " + var(Kind::Str) + "; SEPARATOR=\"|\"))";
      case 9:
        if (!keys.empty()) return "SAMPLE(" + r_.pick(keys) + ")";
        return "COUNT(DISTINCT *)";
      case 10:
        return "SUM(" + var(Kind::Int) + " * 2 + 1)";
      default:
        return "COUNT(DISTINCT " + var(Kind::Node) + ")";
    }
  }

  std::string fresh(const char* letter) {
    return "?" + std::string(letter) + std::to_string(fresh_++);
  }

  // --- expressions ---------------------------------------------------------------------------

  // An expression of `k` at the top of a projection or BIND: a decimal division may stand here
  // (known-divergences.md: decimal precision).
  std::string top_expression(Kind k) {
    // Never 0 / d (known-divergences.md: a zero divided by a decimal).
    if (k == Kind::Num && r_.chance(0.15))
      return r_.pick(std::vector<std::string>{var(Kind::Num), "7", "-1.5", "2e0", "10"}) + " / " +
             exact_num(1);
    return expression(k, 0);
  }

  std::string expression(Kind k, int depth) {
    switch (k) {
      case Kind::Int:
      case Kind::Num:
        return num(depth);
      case Kind::Str:
        return str(depth);
      case Kind::Label:
        return label(depth);
      case Kind::Flag:
        return boolean(depth);
      case Kind::Date:
        return date(depth);
      case Kind::Node:
      case Kind::Any:
        return term(depth);
    }
    return "1";
  }

  // Now and then an argument of another kind: the function's error case.
  std::string arg(Kind k, int depth) {
    if (r_.chance(0.06)) return expression(random_kind(), depth + 1);
    return expression(k, depth + 1);
  }

  // Integers and data numbers through operations that are exact in both engines.
  std::string exact_num(int depth) {
    if (depth >= 3 || r_.chance(0.35)) {
      switch (r_.between(0, 5)) {
        case 0:
          return std::to_string(r_.between(-3, 12));
        case 1:
          return r_.pick(std::vector<std::string>{"1.5", "0.25", "-2.5", "0.1"});
        case 2:
          return r_.pick(std::vector<std::string>{"2.5e0", "1E1", "-0.75e0", "\"1.5\"^^xsd:float"});
        case 3:
        case 4:
          return var(Kind::Int);
        default:
          return var(Kind::Num);
      }
    }
    switch (r_.between(0, 15)) {
      case 0:
      case 1:
        return "(" + exact_num(depth + 1) + " + " + exact_num(depth + 1) + ")";
      case 2:
        return "(" + exact_num(depth + 1) + " - " + exact_num(depth + 1) + ")";
      case 3:
        // By an integer (known-divergences.md: a decimal product with a zero factor).
        return "(" + exact_num(depth + 1) + " * " +
               r_.pick(std::vector<std::string>{"-3", "-1", "2", "3", "4"}) + ")";
      case 4:
        return r_.pick(std::vector<std::string>{"ABS(", "CEIL(", "FLOOR("}) +
               arg(Kind::Num, depth) + ")";
      case 15:
        // Of integers and decimals (known-divergences.md: ROUND of a double at a half).
        return "ROUND(" +
               r_.pick(std::vector<std::string>{var(Kind::Int), var(Kind::Num), "2.5", "-2.5",
                                                "-0.5", std::to_string(r_.between(-3, 3))}) +
               ")";
      case 5:
        return "STRLEN(" + arg(Kind::Str, depth) + ")";
      case 6:
        return r_.pick(std::vector<std::string>{"YEAR(", "MONTH(", "DAY(", "HOURS(", "MINUTES(",
                                                "SECONDS("}) +
               arg(Kind::Date, depth) + ")";
      case 7:
        return r_.pick(std::vector<std::string>{"xsd:integer(", "xsd:double("}) +
               arg(Kind::Num, depth) + ")";
      case 8:
        // Casts of data only (known-divergences.md: decimal and float casts of computed values).
        return r_.pick(std::vector<std::string>{"xsd:decimal(", "xsd:float(", "xsd:integer("}) +
               r_.pick(std::vector<std::string>{var(Kind::Num), var(Kind::Int), var(Kind::Str),
                                                var(Kind::Flag), "\"12\"", "\"1.5\"", "\"x\""}) +
               ")";
      case 9:
        return "IF(" + boolean(depth + 1) + ", " + exact_num(depth + 1) + ", " +
               exact_num(depth + 1) + ")";
      case 10:
        return "COALESCE(" + exact_num(depth + 1) + ", " + exact_num(depth + 1) + ")";
      case 11:
        return "-(" + exact_num(depth + 1) + ")";
      case 12:
        return "(" + exact_num(depth + 1) + " / " + std::to_string(r_.between(1, 4)) + "e0)";
      default:
        return var(r_.chance(0.5) ? Kind::Int : Kind::Num);
    }
  }
  std::string num(int depth) { return exact_num(depth); }

  std::string string_constant() {
    return r_.pick(std::vector<std::string>{"\"a\"", "\"b\"", "\"abc\"", "\"Grüße\"", "\"\"",
                                            "\"x😀\"", "\"10\"", "\"A\"", "\"ab c\""});
  }

  std::string str(int depth) {
    if (depth >= 3 || r_.chance(0.35)) return r_.chance(0.5) ? var(Kind::Str) : string_constant();
    switch (r_.between(0, 14)) {
      case 0:
        // STR of data only (known-divergences.md: lexical forms of computed numbers).
        return "STR(" + data_var() + ")";
      case 1:
        return "CONCAT(" + arg(Kind::Str, depth) + ", " + arg(Kind::Str, depth) + ")";
      case 2:
        // Start at 1 or later (known-divergences.md: SUBSTR before the first character).
        return "SUBSTR(" + arg(Kind::Str, depth) + ", " + std::to_string(r_.between(1, 4)) +
               (r_.chance(0.5) ? ", " + std::to_string(r_.between(0, 3)) : "") + ")";
      case 3:
        return std::string(r_.chance(0.5) ? "UCASE(" : "LCASE(") + arg(Kind::Str, depth) + ")";
      case 4:
        return std::string(r_.chance(0.5) ? "STRBEFORE(" : "STRAFTER(") + arg(Kind::Str, depth) +
               ", " + r_.pick(std::vector<std::string>{"\"b\"", "\"\"", "\"c\"", "\"ü\""}) + ")";
      case 5:
        return "REPLACE(" + arg(Kind::Str, depth) + ", " +
               r_.pick(std::vector<std::string>{"\"a\", \"z\"", "\"b+\", \"-\"",
                                                "\"[ab]\", \"$0$0\"", "\"^a\", \"\"",
                                                "\"(a)(b)\", \"$2$1\"", "\"A\", \"x\", \"i\""}) +
               ")";
      case 6:
        return "ENCODE_FOR_URI(" + arg(Kind::Str, depth) + ")";
      case 7:
        return "LANG(" + arg(Kind::Label, depth) + ")";
      case 8:
        return r_.pick(std::vector<std::string>{"MD5(", "SHA1(", "SHA256(", "SHA384(", "SHA512("}) +
               arg(Kind::Str, depth) + ")";
      case 9:
        return "xsd:string(" + data_var() + ")";
      case 10:
        return "STR(" + var(Kind::Node) + ")";
      case 11:
        return "IF(" + boolean(depth + 1) + ", " + str(depth + 1) + ", " + str(depth + 1) + ")";
      case 12:
        return "STR(DATATYPE(" + data_var() + "))";
      case 13:
        return "COALESCE(" + str(depth + 1) + ", " + str(depth + 1) + ")";
      default:
        return var(Kind::Str);
    }
  }

  std::string label(int depth) {
    if (depth >= 3 || r_.chance(0.4)) return var(Kind::Label);
    switch (r_.between(0, 4)) {
      case 0:
        return "STRLANG(" + arg(Kind::Str, depth) + ", " +
               r_.pick(std::vector<std::string>{"\"en\"", "\"fr\"", "\"en-gb\""}) + ")";
      case 1:
        return std::string(r_.chance(0.5) ? "UCASE(" : "LCASE(") + arg(Kind::Label, depth) + ")";
      case 2:
        return "SUBSTR(" + arg(Kind::Label, depth) + ", " + std::to_string(r_.between(1, 3)) + ")";
      case 3:
        return "CONCAT(" + arg(Kind::Label, depth) + ", " + arg(Kind::Label, depth) + ")";
      default:
        return "\"chat\"@fr";
    }
  }

  std::string date(int depth) {
    if (depth >= 3 || r_.chance(0.6)) return var(Kind::Date);
    return "xsd:dateTime(" +
           r_.pick(std::vector<std::string>{"\"2024-01-01T00:00:00Z\"", "\"2020-05-05T05:05:05\"",
                                            "\"2024-02-30T00:00:00Z\"", var(Kind::Str),
                                            var(Kind::Date)}) +
           ")";
  }

  std::string term(int depth) {
    if (depth >= 3 || r_.chance(0.45)) return r_.chance(0.8) ? data_var() : "ex:n1";
    switch (r_.between(0, 8)) {
      case 0:
        return "IRI(CONCAT(\"http://example.org/\", " + arg(Kind::Str, depth) + "))";
      case 1:
        return "STRDT(" + arg(Kind::Str, depth) + ", " +
               r_.pick(std::vector<std::string>{"xsd:integer", "ex:custom", "xsd:string"}) + ")";
      case 2:
        return "DATATYPE(" + term(depth + 1) + ")";
      case 3:
        return "IF(" + boolean(depth + 1) + ", " + term(depth + 1) + ", " + term(depth + 1) + ")";
      case 4:
        return "COALESCE(" + term(depth + 1) + ", " + term(depth + 1) + ")";
      case 5:
        return "BNODE()";
      case 6:
        // Seen only as a blank node (known-divergences.md: BNODE with a string).
        return "IF(isBLANK(BNODE(\"x\")), ex:n1, ex:n2)";
      case 7:
        return "IRI(" +
               r_.pick(std::vector<std::string>{"ex:n2", "\"http://example.org/n3\"", "1"}) + ")";
      default:
        return data_var();
    }
  }

  std::string boolean(int depth) {
    if (depth >= 3) return r_.chance(0.5) ? var(Kind::Flag) : "BOUND(" + data_var() + ")";
    const char* compare[] = {" = ", " != ", " < ", " > ", " <= ", " >= "};
    switch (r_.between(0, 20)) {
      case 0:
      case 1:
        return "(" + num(depth + 1) + r_.pick(compare) + num(depth + 1) + ")";
      case 2:
        return "(" + arg(Kind::Str, depth) + r_.pick(compare) + arg(Kind::Str, depth) + ")";
      case 3:
        return "(" + arg(Kind::Date, depth) + r_.pick(compare) + arg(Kind::Date, depth) + ")";
      case 4:
        return "(" + term(depth + 1) + (r_.chance(0.5) ? " = " : " != ") + term(depth + 1) + ")";
      case 5:
        return "SAMETERM(" + term(depth + 1) + ", " + term(depth + 1) + ")";
      case 6:
        return r_.pick(std::vector<std::string>{"isIRI(", "isBLANK(", "isLITERAL(", "isNUMERIC("}) +
               term(depth + 1) + ")";
      case 7:
        return "BOUND(" + data_var() + ")";
      case 8:
        return "REGEX(" + arg(r_.chance(0.7) ? Kind::Str : Kind::Label, depth) + ", " +
               r_.pick(std::vector<std::string>{"\"^a\"", "\"b\"", "\"ü|c$\"", "\"A\", \"i\"",
                                                "\"[0-9]\"", "\"\\\\d\"", "\"(\""}) +
               ")";
      case 9:
        return r_.pick(std::vector<std::string>{"CONTAINS(", "STRSTARTS(", "STRENDS("}) +
               arg(r_.chance(0.7) ? Kind::Str : Kind::Label, depth) + ", " +
               r_.pick(std::vector<std::string>{"\"a\"", "\"\"", "\"c\"", "\"a\"@en"}) + ")";
      case 10:
        return "LANGMATCHES(LANG(" + arg(Kind::Label, depth) + "), " +
               r_.pick(std::vector<std::string>{"\"en\"", "\"*\"", "\"fr\"", "\"EN-GB\""}) + ")";
      case 11:
        return "(" + boolean(depth + 1) + " && " + boolean(depth + 1) + ")";
      case 12:
        return "(" + boolean(depth + 1) + " || " + boolean(depth + 1) + ")";
      case 13:
        return "!(" + boolean(depth + 1) + ")";  // "!!" is not SPARQL (production 119)
      case 14:
        return "(" + term(depth + 1) + (r_.chance(0.5) ? " IN (" : " NOT IN (") + term(depth + 1) +
               ", 1, \"a\", ex:n1))";
      case 15:
        return std::string(r_.chance(0.5) ? "" : "NOT ") + exists(2);
      case 16:
        return var(Kind::Flag);
      case 17:
        // The functions whose values change from call to call, where their value does not show.
        return r_.pick(std::vector<std::string>{
            "(RAND() < 1)", "isIRI(UUID())", "(STRLEN(STRUUID()) = 36)",
            "(DATATYPE(NOW()) = xsd:dateTime)", "isBLANK(BNODE())", "(YEAR(NOW()) > 2000)"});
      case 18:
        return "xsd:boolean(" +
               r_.pick(std::vector<std::string>{var(Kind::Str), var(Kind::Num), var(Kind::Flag),
                                                "\"1\"", "\"TRUE\""}) +
               ")";
      case 19:
        return "(" + num(depth + 1) + r_.pick(compare) + exact_num(1) + " / " +
               std::to_string(r_.between(1, 7)) + ")";
      default:
        return "IF(" + boolean(depth + 1) + ", " + boolean(depth + 1) + ", " + boolean(depth + 1) +
               ")";
    }
  }

  Random& r_;
  int fresh_ = 0;
  bool in_graph_ = false;
  bool in_exists_ = false;
};

}  // namespace

GeneratedQuery random_query(Random& random) {
  return QueryBuilder(random).query();
}

}  // namespace moivre::difftest
