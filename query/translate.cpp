// Syntax tree -> SPARQL algebra (SPARQL 1.1, section 18.2).
#include <map>
#include <set>

#include <algorithm>
#include <charconv>

#include "graph/iri.hpp"
#include "query/algebra.hpp"
#include "query/functions.hpp"
#include "query/parser.hpp"
#include "query/service.hpp"
#include "query/text_query.hpp"

namespace moivre::query::algebra {
namespace {

constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";

bool is_empty_bgp(const Op& op) {
  return op.kind == Op::Kind::Bgp && op.triples.empty();
}

Op binary(Op::Kind kind, Op left, Op right) {
  Op op;
  op.kind = kind;
  op.children.push_back(std::move(left));
  op.children.push_back(std::move(right));
  return op;
}

Op unary(Op::Kind kind, Op child) {
  Op op;
  op.kind = kind;
  op.children.push_back(std::move(child));
  return op;
}

// Join with the empty pattern's identity, and adjacent basic graph patterns merged.
Op join(Op left, Op right) {
  if (is_empty_bgp(left)) return right;
  if (is_empty_bgp(right)) return left;
  if (left.kind == Op::Kind::Bgp && right.kind == Op::Kind::Bgp) {
    for (auto& t : right.triples) left.triples.push_back(std::move(t));
    return left;
  }
  return binary(Op::Kind::Join, std::move(left), std::move(right));
}

class Translator {
 public:
  Translator(std::string_view text, std::string base) : text_(text), base_(std::move(base)) {}

  Query query(const Node& root) {
    Query q;
    for (const auto& decl : root.children.front().children) {
      if (decl.kind == NodeKind::Base)
        base_ = resolve(decl.text, decl);
      else
        prefixes_[decl.text] = resolve(decl.extra, decl);
    }
    const Node& form = root.children[1];
    const Node* trailing_values = root.children.size() > 2 ? &root.children[2] : nullptr;
    for (const auto& part : form.children) {
      if (part.kind != NodeKind::From) continue;
      (part.extra == "named" ? q.from_named : q.from).push_back(iri(part.children.front()).value);
    }
    switch (form.kind) {
      case NodeKind::Select:
        q.form = QueryForm::Select;
        q.pattern = select(form, trailing_values);
        break;
      case NodeKind::Ask:
        q.form = QueryForm::Ask;
        q.pattern = modifiers(form, where(form, trailing_values), nullptr);
        break;
      case NodeKind::Construct: {
        q.form = QueryForm::Construct;
        for (const auto& part : form.children)
          if (part.kind == NodeKind::Template) q.construct_template = template_triples(part);
        q.pattern = modifiers(form, where(form, trailing_values), nullptr);
        break;
      }
      case NodeKind::Describe: {
        q.form = QueryForm::Describe;
        for (const auto& target : form.children.front().children) {
          if (target.kind == NodeKind::Star)
            q.describe_all = true;
          else
            q.describe.push_back(term(target));
        }
        bool has_where = false;
        for (const auto& part : form.children) has_where |= part.kind == NodeKind::Where;
        q.pattern = modifiers(form, has_where ? where(form, trailing_values) : Op{}, nullptr);
        break;
      }
      default:
        fail(form, "a query form");
    }
    q.base_iri = base_;
    for (const auto& [name, iri] : prefixes_) q.prefixes.emplace_back(name, iri);
    return q;
  }

 private:
  [[noreturn]] void fail(const Node& at, const std::string& message) {
    auto [line, column] = line_and_column(text_, at.offset);
    throw QuerySyntaxError(line, column, excerpt(text_, at.offset, 20), message);
  }

  std::string resolve(const std::string& iri, const Node& at) {
    if (graph::has_scheme(iri)) return iri;
    if (base_.empty()) fail(at, "an absolute IRI (no BASE is declared to resolve <" + iri + ">)");
    return graph::resolve_iri(base_, iri);
  }

  Variable fresh() { return Variable{"_:#" + std::to_string(fresh_++)}; }

  graph::Term iri(const Node& node) {
    if (node.kind == NodeKind::IriRef) return graph::Term::iri(resolve(node.text, node));
    auto it = prefixes_.find(node.text);
    if (it == prefixes_.end()) fail(node, "a declared prefix (" + node.text + ": is not)");
    return graph::Term::iri(it->second + node.extra);
  }

  graph::Term constant(const Node& node) {
    switch (node.kind) {
      case NodeKind::IriRef:
      case NodeKind::PrefixedName:
        return iri(node);
      case NodeKind::Literal:
        if (!node.children.empty())
          return graph::Term::typed_literal(node.text, iri(node.children.front()).value);
        if (!node.extra.empty()) return graph::Term::lang_literal(node.text, node.extra);
        return graph::Term::literal(node.text);
      case NodeKind::Integer:
        return graph::Term::typed_literal(node.text, std::string(kXsd) + "integer");
      case NodeKind::Decimal:
        return graph::Term::typed_literal(node.text, std::string(kXsd) + "decimal");
      case NodeKind::Double:
        return graph::Term::typed_literal(node.text, std::string(kXsd) + "double");
      case NodeKind::Boolean:
        return graph::Term::typed_literal(node.text, std::string(kXsd) + "boolean");
      case NodeKind::Nil:
        return graph::Term::iri(std::string(kRdf) + "nil");
      default:
        fail(node, "an RDF term");
    }
  }

  PatternTerm term(const Node& node) {
    switch (node.kind) {
      case NodeKind::Var:
        return Variable{node.text};
      case NodeKind::BlankLabel:
        return Variable{"_:" + node.text};
      case NodeKind::Anon:
        return fresh();
      default:
        return constant(node);
    }
  }

  // --- triples ------------------------------------------------------------------------------

  struct Patterns {
    std::vector<TriplePattern> triples;
    std::vector<PathPattern> paths;
  };

  // The term standing for a graph node; collections and [ ... ] add their triples to `out`.
  PatternTerm graph_node(const Node& node, Patterns& out) {
    if (node.kind == NodeKind::Collection) {
      if (node.children.empty()) return graph::Term::iri(std::string(kRdf) + "nil");
      PatternTerm head = fresh();
      PatternTerm current = head;
      for (size_t i = 0; i < node.children.size(); ++i) {
        PatternTerm item = graph_node(node.children[i], out);
        out.triples.push_back({current, graph::Term::iri(std::string(kRdf) + "first"), item});
        PatternTerm next = i + 1 < node.children.size()
                               ? PatternTerm(fresh())
                               : PatternTerm(graph::Term::iri(std::string(kRdf) + "nil"));
        out.triples.push_back({current, graph::Term::iri(std::string(kRdf) + "rest"), next});
        current = next;
      }
      return head;
    }
    if (node.kind == NodeKind::BlankPropertyList) {
      PatternTerm subject = fresh();
      for (const auto& po : node.children) property_objects(subject, po, out);
      return subject;
    }
    return term(node);
  }

  void property_objects(const PatternTerm& subject, const Node& po, Patterns& out) {
    const Node& verb = po.children.front();
    for (size_t i = 1; i < po.children.size(); ++i) {
      PatternTerm object = graph_node(po.children[i], out);
      if (verb.kind == NodeKind::Var) {
        out.triples.push_back({subject, Variable{verb.text}, object});
      } else {
        add_path(subject, path(verb), object, out);
      }
    }
  }

  void triples(const Node& tss, Patterns& out) {
    PatternTerm subject = graph_node(tss.children.front(), out);
    for (size_t i = 1; i < tss.children.size(); ++i)
      property_objects(subject, tss.children[i], out);
  }

  // Section 18.2.2.4: links become triples, inverses swap, sequences chain through fresh
  // variables; what remains is a path pattern.
  void add_path(const PatternTerm& s, const Path& p, const PatternTerm& o, Patterns& out) {
    switch (p.kind) {
      case Path::Kind::Link:
        out.triples.push_back({s, graph::Term::iri(p.iri), o});
        return;
      case Path::Kind::Inverse:
        add_path(o, p.parts.front(), s, out);
        return;
      case Path::Kind::Sequence: {
        PatternTerm current = s;
        for (size_t i = 0; i < p.parts.size(); ++i) {
          PatternTerm next = i + 1 < p.parts.size() ? PatternTerm(fresh()) : o;
          add_path(current, p.parts[i], next, out);
          current = next;
        }
        return;
      }
      default:
        out.paths.push_back({s, p, o});
    }
  }

  Path path(const Node& node) {
    Path p;
    switch (node.kind) {
      case NodeKind::IriRef:
      case NodeKind::PrefixedName:
        p.kind = Path::Kind::Link;
        p.iri = iri(node).value;
        return p;
      case NodeKind::PathInverse:
        p.kind = Path::Kind::Inverse;
        break;
      case NodeKind::PathSequence:
        p.kind = Path::Kind::Sequence;
        break;
      case NodeKind::PathAlternative:
        p.kind = Path::Kind::Alternative;
        break;
      case NodeKind::PathMod:
        p.kind = node.text == "*"   ? Path::Kind::ZeroOrMore
                 : node.text == "+" ? Path::Kind::OneOrMore
                                    : Path::Kind::ZeroOrOne;
        break;
      case NodeKind::PathNegated:
        p.kind = Path::Kind::Negated;
        for (const auto& item : node.children) {
          if (item.kind == NodeKind::PathInverse)
            p.inverse.push_back(iri(item.children.front()).value);
          else
            p.forward.push_back(iri(item).value);
        }
        return p;
      default:
        fail(node, "a property path");
    }
    for (const auto& child : node.children) p.parts.push_back(path(child));
    return p;
  }

  // --- update --------------------------------------------------------------------------------

 public:
  Update update(const Node& root) {
    Update u;
    for (const auto& part : root.children) {
      if (part.kind == NodeKind::Prologue) {
        for (const auto& decl : part.children) {
          if (decl.kind == NodeKind::Base)
            base_ = resolve(decl.text, decl);
          else
            prefixes_[decl.text] = resolve(decl.extra, decl);
        }
        continue;
      }
      u.operations.push_back(operation(part));
    }
    return u;
  }

 private:
  GraphRef graph_ref(const Node& target) {
    GraphRef r;
    if (target.text == "graph") {
      r.kind = GraphRef::Kind::Graph;
      r.iri = iri(target.children.front()).value;
    } else {
      r.kind = target.text == "named" ? GraphRef::Kind::Named
               : target.text == "all" ? GraphRef::Kind::All
                                      : GraphRef::Kind::Default;
    }
    return r;
  }

  std::vector<QuadTemplate> quads(const Node& block) {
    std::vector<QuadTemplate> out;
    auto add = [&](const Node& tss, const std::optional<PatternTerm>& g) {
      Patterns found;
      triples(tss, found);
      for (auto& t : found.triples) out.push_back({t.subject, t.predicate, t.object, g});
    };
    for (const auto& item : block.children) {
      if (item.kind == NodeKind::QuadsGraph) {
        PatternTerm g = term(item.children.front());
        for (size_t i = 1; i < item.children.size(); ++i) add(item.children[i], g);
      } else {
        add(item, std::nullopt);
      }
    }
    return out;
  }

  // The quads of a template as a pattern to match (DELETE WHERE).
  Op pattern_of(const std::vector<QuadTemplate>& templates) {
    Op result;
    Op bgp;
    std::map<std::string, Op> graphs;
    for (const auto& q : templates) {
      if (!q.graph) {
        bgp.triples.push_back({q.subject, q.predicate, q.object});
        continue;
      }
      Op& g = graphs[to_sse(*q.graph)];
      if (g.children.empty()) {
        g.kind = Op::Kind::Graph;
        g.graph = *q.graph;
        g.children.push_back(Op{});
      }
      g.children[0].triples.push_back({q.subject, q.predicate, q.object});
    }
    result = std::move(bgp);
    for (auto& [_, g] : graphs) result = join(std::move(result), std::move(g));
    return result;
  }

  UpdateOperation operation(const Node& op) {
    using K = UpdateOperation::Kind;
    UpdateOperation u;
    u.silent = op.extra == "silent";
    const std::string& name = op.text;
    if (name == "LOAD") {
      u.kind = K::Load;
      u.load_iri = iri(op.children.front()).value;
      if (op.children.size() > 1) u.target = graph_ref(op.children[1]);
    } else if (name == "CLEAR" || name == "DROP" || name == "CREATE") {
      u.kind = name == "CLEAR" ? K::Clear : name == "DROP" ? K::Drop : K::Create;
      u.target = graph_ref(op.children.front());
    } else if (name == "ADD" || name == "MOVE" || name == "COPY") {
      u.kind = name == "ADD" ? K::Add : name == "MOVE" ? K::Move : K::Copy;
      u.source = graph_ref(op.children[0]);
      u.target = graph_ref(op.children[1]);
    } else if (name == "INSERT DATA") {
      u.kind = K::InsertData;
      u.insert = quads(op.children.front());
    } else if (name == "DELETE DATA") {
      u.kind = K::DeleteData;
      u.remove = quads(op.children.front());
    } else if (name == "DELETE WHERE") {
      u.kind = K::DeleteWhere;
      u.remove = quads(op.children.front());
      u.where = pattern_of(u.remove);
    } else {
      u.kind = K::Modify;
      for (const auto& part : op.children) {
        switch (part.kind) {
          case NodeKind::With:
            u.with = iri(part.children.front()).value;
            break;
          case NodeKind::DeleteClause:
            u.remove = quads(part.children.front());
            break;
          case NodeKind::InsertClause:
            u.insert = quads(part.children.front());
            break;
          case NodeKind::Using:
            (part.extra == "named" ? u.using_named : u.using_default)
                .push_back(iri(part.children.front()).value);
            break;
          case NodeKind::Where:
            u.where = group(part.children.front());
            break;
          default:
            break;
        }
      }
    }
    return u;
  }

  std::vector<TriplePattern> template_triples(const Node& tmpl) {
    Patterns out;
    for (const auto& tss : tmpl.children) triples(tss, out);
    return out.triples;
  }

  // --- graph patterns -----------------------------------------------------------------------

  Op group(const Node& node) {
    if (node.kind == NodeKind::SubSelect) return select(node, nullptr);
    Op g;  // the empty basic graph pattern
    std::vector<Expr> filters;
    for (const auto& element : node.children) {
      switch (element.kind) {
        case NodeKind::TriplesBlock: {
          Patterns found;
          for (const auto& tss : element.children) triples(tss, found);
          auto searches = take_text_queries(
              found.triples, [&](const std::string& message) { fail(element, message); });
          Op bgp;
          bgp.triples = std::move(found.triples);
          for (auto& search : searches) g = join(std::move(g), std::move(search));
          g = join(std::move(g), std::move(bgp));
          for (auto& pp : found.paths) {
            Op path_op;
            path_op.kind = Op::Kind::Path;
            path_op.path = std::move(pp);
            g = join(std::move(g), std::move(path_op));
          }
          break;
        }
        case NodeKind::Filter:
          filters.push_back(expr(element.children.front()));
          break;
        case NodeKind::Optional: {
          const Node& optional_group = element.children.front();
          Op right = group(optional_group);
          Op left_join = binary(Op::Kind::LeftJoin, std::move(g), Op{});
          // Only the OPTIONAL group's own filters become the left join's condition (section
          // 18.2.2.6); a nested group's stay inside it: OPTIONAL { { ... FILTER(...) } }.
          bool own_filters =
              std::any_of(optional_group.children.begin(), optional_group.children.end(),
                          [](const Node& n) { return n.kind == NodeKind::Filter; });
          if (right.kind == Op::Kind::Filter && own_filters) {
            left_join.filters = std::move(right.filters);
            left_join.children[1] = std::move(right.children.front());
          } else {
            left_join.children[1] = std::move(right);
          }
          g = std::move(left_join);
          break;
        }
        case NodeKind::Minus:
          g = binary(Op::Kind::Minus, std::move(g), group(element.children.front()));
          break;
        case NodeKind::Bind: {
          Op extend = unary(Op::Kind::Extend, std::move(g));
          extend.bindings.push_back(
              {Variable{element.children[1].text}, expr(element.children[0])});
          g = std::move(extend);
          break;
        }
        default:
          g = join(std::move(g), graph_pattern(element));
          break;
      }
    }
    if (filters.empty()) return g;
    Op filter = unary(Op::Kind::Filter, std::move(g));
    filter.filters = std::move(filters);
    return filter;
  }

  Op graph_pattern(const Node& element) {
    switch (element.kind) {
      case NodeKind::Group:
      case NodeKind::SubSelect:
        return group(element);
      case NodeKind::Union: {
        Op result = group(element.children.front());
        for (size_t i = 1; i < element.children.size(); ++i)
          result = binary(Op::Kind::Union, std::move(result), group(element.children[i]));
        return result;
      }
      case NodeKind::Graph:
      case NodeKind::Service: {
        Op op = unary(element.kind == NodeKind::Graph ? Op::Kind::Graph : Op::Kind::Service,
                      group(element.children[1]));
        op.graph = term(element.children[0]);
        op.silent = element.extra == "silent";
        if (element.kind == NodeKind::Service) {
          op.text = group_text(text_, element.offset);
          if (!base_.empty()) op.prologue += "BASE <" + base_ + ">\n";
          for (const auto& [name, iri] : prefixes_)
            op.prologue += "PREFIX " + name + ": <" + iri + ">\n";
        }
        return op;
      }
      case NodeKind::Values:
        return values(element);
      default:
        fail(element, "a graph pattern");
    }
  }

  Op values(const Node& node) {
    Op op;
    op.kind = Op::Kind::Values;
    for (const auto& v : node.children.front().children) op.vars.push_back(Variable{v.text});
    for (size_t i = 1; i < node.children.size(); ++i) {
      ValuesRow row;
      for (const auto& value : node.children[i].children) {
        if (value.kind == NodeKind::Undef)
          row.push_back(std::nullopt);
        else
          row.push_back(constant(value));
      }
      op.rows.push_back(std::move(row));
    }
    return op;
  }

  Op where(const Node& form, const Node* trailing_values) {
    Op pattern;
    for (const auto& part : form.children)
      if (part.kind == NodeKind::Where) pattern = group(part.children.front());
    if (trailing_values) pattern = join(std::move(pattern), values(*trailing_values));
    return pattern;
  }

  // --- expressions --------------------------------------------------------------------------

  Expr expr(const Node& node) {
    Expr e;
    switch (node.kind) {
      case NodeKind::Var:
        e.kind = Expr::Kind::Variable;
        e.name = node.text;
        return e;
      case NodeKind::Or:
      case NodeKind::And:
      case NodeKind::Compare:
      case NodeKind::Arithmetic:
      case NodeKind::Unary:
        e.kind = Expr::Kind::Operator;
        e.name = node.text;
        break;
      case NodeKind::In:
      case NodeKind::NotIn:
        e.kind = node.kind == NodeKind::In ? Expr::Kind::In : Expr::Kind::NotIn;
        break;
      case NodeKind::BuiltIn:
        e.kind = Expr::Kind::Function;
        e.name = node.text == "URI" ? "IRI" : node.text == "ISURI" ? "ISIRI" : node.text;
        for (const auto& arg : node.children) e.args.push_back(expr(arg));
        check_call(e, node, node.children);
        return e;
      case NodeKind::Function: {
        e.kind = Expr::Kind::Function;
        e.name = iri(node.children.front()).value;
        e.distinct = node.extra == "distinct";
        std::vector<Node> args(node.children.begin() + 1, node.children.end());
        for (const auto& arg : args) e.args.push_back(expr(arg));
        check_call(e, node, args);
        return e;
      }
      case NodeKind::Aggregate:
        e.kind = Expr::Kind::Aggregate;
        e.name = node.text;
        e.distinct = node.extra == "distinct";
        if (node.has_separator) e.separator = node.separator;
        for (const auto& arg : node.children)
          if (arg.kind != NodeKind::Star) e.args.push_back(expr(arg));
        return e;
      case NodeKind::Exists:
      case NodeKind::NotExists:
        e.kind = node.kind == NodeKind::Exists ? Expr::Kind::Exists : Expr::Kind::NotExists;
        e.pattern = std::make_shared<Op>(group(node.children.front()));
        return e;
      default:
        e.kind = Expr::Kind::Constant;
        e.term = constant(node);
        return e;
    }
    for (const auto& arg : node.children) e.args.push_back(expr(arg));
    return e;
  }

  // Binds a call to its row of the function table and checks its arguments against it. An IRI
  // the table lacks is left to evaluate to an error (section 17.3).
  void check_call(Expr& e, const Node& call, const std::vector<Node>& args) {
    e.function = find_function(e.name);
    if (!e.function) {
      if (call.kind == NodeKind::BuiltIn) fail(call, "a known built-in function");
      return;
    }
    if (!accepts_arity(*e.function, e.args.size()))
      fail(call, e.name + " with " + describe_arity(*e.function) + ", not " +
                     std::to_string(e.args.size()));
    if (e.function->variable_argument && e.args.front().kind != Expr::Kind::Variable)
      fail(args.front(), "a variable as the argument of " + e.name);
  }

  // A LIMIT or OFFSET: past 2^64 - 1 it is as good as unbounded (no result has that many rows).
  static uint64_t count_of(const std::string& digits) {
    uint64_t n = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (error == std::errc::result_out_of_range) return UINT64_MAX;
    return n;
  }

  // Replaces each aggregate by a fresh variable, recording (variable, aggregate).
  void lift_aggregates(Expr& e, std::vector<Binding>& aggregates) {
    if (e.kind == Expr::Kind::Aggregate) {
      Variable v{"_:agg" + std::to_string(aggregates.size())};
      aggregates.push_back({v, std::move(e)});
      e = Expr{};
      e.kind = Expr::Kind::Variable;
      e.name = v.name;
      return;
    }
    if (e.kind == Expr::Kind::Exists || e.kind == Expr::Kind::NotExists) return;
    for (auto& arg : e.args) lift_aggregates(arg, aggregates);
  }

  static bool has_aggregate(const Node& node) {
    if (node.kind == NodeKind::Aggregate) return true;
    for (const auto& child : node.children)
      if (child.kind != NodeKind::Group && has_aggregate(child)) return true;
    return false;
  }

  // --- SELECT and solution modifiers (section 18.2.4) ---------------------------------------

  Op select(const Node& form, const Node* trailing_values) {
    Op pattern = where(form, trailing_values);
    const Node& projection = form.children.front();
    for (const auto& part : form.children)
      if (part.kind == NodeKind::Values) pattern = join(std::move(pattern), values(part));
    return modifiers(form, std::move(pattern), &projection);
  }

  Op modifiers(const Node& form, Op pattern, const Node* projection) {
    const Node* group_by = nullptr;
    const Node* having = nullptr;
    const Node* order_by = nullptr;
    const Node* limit = nullptr;
    const Node* offset = nullptr;
    for (const auto& part : form.children) {
      if (part.kind == NodeKind::GroupBy) group_by = &part;
      if (part.kind == NodeKind::Having) having = &part;
      if (part.kind == NodeKind::OrderBy) order_by = &part;
      if (part.kind == NodeKind::Limit) limit = &part;
      if (part.kind == NodeKind::Offset) offset = &part;
    }
    bool grouped = group_by != nullptr || (having && has_aggregate(*having)) ||
                   (order_by && has_aggregate(*order_by)) ||
                   (projection && has_aggregate(*projection));

    std::vector<Binding> aggregates;
    std::vector<Expr> having_exprs;
    std::vector<OrderKey> order;
    std::vector<Binding> select_exprs;
    std::vector<Variable> projected;
    bool star = false;
    if (projection) {
      for (const auto& item : projection->children) {
        if (item.kind == NodeKind::Star)
          star = true;
        else if (item.kind == NodeKind::Var)
          projected.push_back(Variable{item.text});
        else {
          Expr e = expr(item.children[0]);
          if (grouped) lift_aggregates(e, aggregates);
          select_exprs.push_back({Variable{item.children[1].text}, std::move(e)});
          projected.push_back(Variable{item.children[1].text});
        }
      }
    }
    if (having)
      for (const auto& c : having->children) {
        having_exprs.push_back(expr(c));
        lift_aggregates(having_exprs.back(), aggregates);
      }
    if (order_by)
      for (const auto& c : order_by->children) {
        OrderKey key{expr(c.children.front()), c.extra == "desc"};
        if (grouped) lift_aggregates(key.expr, aggregates);
        order.push_back(std::move(key));
      }

    if (grouped) {
      Op g = unary(Op::Kind::Group, std::move(pattern));
      if (group_by)
        for (const auto& c : group_by->children) {
          if (c.kind == NodeKind::ProjectAs)
            g.bindings.push_back({Variable{c.children[1].text}, expr(c.children[0])});
          else
            g.bindings.push_back({Variable{c.kind == NodeKind::Var ? c.text : ""}, expr(c)});
        }
      g.aggregates = std::move(aggregates);
      pattern = std::move(g);
    }
    if (!having_exprs.empty()) {
      Op f = unary(Op::Kind::Filter, std::move(pattern));
      f.filters = std::move(having_exprs);
      pattern = std::move(f);
    }
    for (auto& binding : select_exprs) {
      Op extend = unary(Op::Kind::Extend, std::move(pattern));
      extend.bindings.push_back(std::move(binding));
      pattern = std::move(extend);
    }
    if (!order.empty()) {
      Op o = unary(Op::Kind::OrderBy, std::move(pattern));
      o.order = std::move(order);
      pattern = std::move(o);
    }
    if (projection) {
      Op p = unary(Op::Kind::Project, std::move(pattern));
      if (star) {
        std::set<std::string> seen;
        in_scope(p.children.front(), p.vars, seen);
      } else {
        p.vars = std::move(projected);
      }
      pattern = std::move(p);
    }
    if (form.extra == "distinct") pattern = unary(Op::Kind::Distinct, std::move(pattern));
    if (form.extra == "reduced") pattern = unary(Op::Kind::Reduced, std::move(pattern));
    if (limit || offset) {
      Op s = unary(Op::Kind::Slice, std::move(pattern));
      if (offset) s.offset = count_of(offset->text);
      if (limit) s.limit = count_of(limit->text);
      pattern = std::move(s);
    }
    return pattern;
  }

  // Visible variables of an algebra expression, in order of first appearance (for SELECT *).
  static void in_scope(const Op& op, std::vector<Variable>& out, std::set<std::string>& seen) {
    auto add = [&](const PatternTerm& t) {
      if (auto* v = std::get_if<Variable>(&t))
        if (v->name.rfind("_:", 0) != 0 && seen.insert(v->name).second) out.push_back(*v);
    };
    switch (op.kind) {
      case Op::Kind::Bgp:
        for (const auto& t : op.triples) add(t.subject), add(t.predicate), add(t.object);
        return;
      case Op::Kind::Path:
        add(op.path->subject);
        add(op.path->object);
        return;
      case Op::Kind::TextSearch:
        for (const auto& t : op.triples) add(t.subject), add(t.predicate), add(t.object);
        return;
      case Op::Kind::Project:
        for (const auto& v : op.vars) add(v);
        return;
      case Op::Kind::Values:
        for (const auto& v : op.vars) add(v);
        return;
      case Op::Kind::Minus:
        in_scope(op.children.front(), out, seen);
        return;
      case Op::Kind::Graph:
      case Op::Kind::Service:
        add(op.graph);
        break;
      default:
        break;
    }
    for (const auto& child : op.children) in_scope(child, out, seen);
    for (const auto& b : op.bindings) add(b.var);
  }

  std::string_view text_;
  std::string base_;
  std::map<std::string, std::string> prefixes_;
  int fresh_ = 0;
};

}  // namespace

Query translate(const Node& syntax, std::string_view text, const std::string& base_iri) {
  return Translator(text, base_iri).query(syntax);
}

Update translate_update(const Node& syntax, std::string_view text, const std::string& base_iri) {
  return Translator(text, base_iri).update(syntax);
}

}  // namespace moivre::query::algebra
