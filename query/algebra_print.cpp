// S-expression rendering of the algebra, for tests and `--explain`.
#include "query/algebra.hpp"

namespace moivre::query::algebra {
namespace {

std::string path_sse(const Path& p) {
  switch (p.kind) {
    case Path::Kind::Link:
      return "<" + p.iri + ">";
    case Path::Kind::Inverse:
      return "(reverse " + path_sse(p.parts[0]) + ")";
    case Path::Kind::ZeroOrMore:
      return "(path* " + path_sse(p.parts[0]) + ")";
    case Path::Kind::OneOrMore:
      return "(path+ " + path_sse(p.parts[0]) + ")";
    case Path::Kind::ZeroOrOne:
      return "(path? " + path_sse(p.parts[0]) + ")";
    case Path::Kind::Sequence:
    case Path::Kind::Alternative: {
      std::string out = p.kind == Path::Kind::Sequence ? "(seq" : "(alt";
      for (const auto& part : p.parts) out += " " + path_sse(part);
      return out + ")";
    }
    case Path::Kind::Negated: {
      std::string out = "(notoneof";
      for (const auto& i : p.forward) out += " <" + i + ">";
      for (const auto& i : p.inverse) out += " (reverse <" + i + ">)";
      return out + ")";
    }
  }
  return "?";
}

std::string triple_sse(const TriplePattern& t) {
  return "(triple " + to_sse(t.subject) + " " + to_sse(t.predicate) + " " + to_sse(t.object) + ")";
}

std::string exprs_sse(const std::vector<Expr>& exprs) {
  if (exprs.size() == 1) return to_sse(exprs[0]);
  std::string out = "(exprlist";
  for (const auto& e : exprs) out += " " + to_sse(e);
  return out + ")";
}

}  // namespace

std::string to_sse(const PatternTerm& term) {
  if (auto* v = std::get_if<Variable>(&term))
    return v->name.rfind("_:", 0) == 0 ? "??" + v->name.substr(2) : "?" + v->name;
  return std::get<graph::Term>(term).to_ntriples();
}

std::string to_sse(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Constant:
      return e.term.to_ntriples();
    case Expr::Kind::Variable:
      return to_sse(PatternTerm(Variable{e.name}));
    case Expr::Kind::Exists:
      return "(exists " + to_sse(*e.pattern) + ")";
    case Expr::Kind::NotExists:
      return "(notexists " + to_sse(*e.pattern) + ")";
    default:
      break;
  }
  std::string out = "(";
  out += e.kind == Expr::Kind::In                ? "in"
         : e.kind == Expr::Kind::NotIn           ? "notin"
         : e.name.find(':') != std::string::npos ? "<" + e.name + ">"
                                                 : e.name;
  if (e.distinct) out += " distinct";
  for (const auto& a : e.args) out += " " + to_sse(a);
  if (e.kind == Expr::Kind::Aggregate && e.args.empty()) out += " *";
  if (e.separator) out += " (separator \"" + *e.separator + "\")";
  return out + ")";
}

std::string to_sse(const Op& op) {
  auto child = [&](size_t i) { return to_sse(op.children[i]); };
  switch (op.kind) {
    case Op::Kind::Bgp: {
      std::string out = "(bgp";
      for (const auto& t : op.triples) out += " " + triple_sse(t);
      return out + ")";
    }
    case Op::Kind::Path:
      return "(path " + to_sse(op.path->subject) + " " + path_sse(op.path->path) + " " +
             to_sse(op.path->object) + ")";
    case Op::Kind::Join:
      return "(join " + child(0) + " " + child(1) + ")";
    case Op::Kind::LeftJoin:
      return "(leftjoin " + child(0) + " " + child(1) +
             (op.filters.empty() ? "" : " " + exprs_sse(op.filters)) + ")";
    case Op::Kind::Filter:
      return "(filter " + exprs_sse(op.filters) + " " + child(0) + ")";
    case Op::Kind::Union:
      return "(union " + child(0) + " " + child(1) + ")";
    case Op::Kind::Minus:
      return "(minus " + child(0) + " " + child(1) + ")";
    case Op::Kind::Graph:
      return "(graph " + to_sse(op.graph) + " " + child(0) + ")";
    case Op::Kind::Service:
      return std::string("(service ") + (op.silent ? "silent " : "") + to_sse(op.graph) + " " +
             child(0) + ")";
    case Op::Kind::Extend:
      return "(extend ((" + to_sse(PatternTerm(op.bindings[0].var)) + " " +
             to_sse(op.bindings[0].expr) + ")) " + child(0) + ")";
    case Op::Kind::TextSearch: {
      const auto& t = op.triples.front();
      return "(text (" + to_sse(t.subject) + " " + to_sse(t.predicate) + " " + to_sse(t.object) +
             ") " + (op.text_property.empty() ? "" : "<" + op.text_property + "> ") + "\"" +
             op.text + "\" " + std::to_string(op.limit.value_or(0)) + ")";
    }
    case Op::Kind::Values: {
      std::string out = "(table (vars";
      for (const auto& v : op.vars) out += " " + to_sse(PatternTerm(v));
      out += ")";
      for (const auto& row : op.rows) {
        out += " (row";
        for (size_t i = 0; i < row.size(); ++i)
          if (row[i])
            out += " [" + to_sse(PatternTerm(op.vars[i])) + " " + row[i]->to_ntriples() + "]";
        out += ")";
      }
      return out + ")";
    }
    case Op::Kind::Group: {
      std::string out = "(group (";
      for (size_t i = 0; i < op.bindings.size(); ++i) {
        if (i) out += " ";
        const auto& key = op.bindings[i];
        bool plain = key.var.name.empty() ||
                     (key.expr.kind == Expr::Kind::Variable && key.expr.name == key.var.name);
        out += plain ? to_sse(key.expr)
                     : "(" + to_sse(PatternTerm(op.bindings[i].var)) + " " +
                           to_sse(op.bindings[i].expr) + ")";
      }
      out += ") (";
      for (size_t i = 0; i < op.aggregates.size(); ++i)
        out += (i ? " (" : "(") + to_sse(PatternTerm(op.aggregates[i].var)) + " " +
               to_sse(op.aggregates[i].expr) + ")";
      return out + ") " + child(0) + ")";
    }
    case Op::Kind::OrderBy: {
      std::string out = "(order (";
      for (size_t i = 0; i < op.order.size(); ++i) {
        if (i) out += " ";
        out += op.order[i].descending ? "(desc " + to_sse(op.order[i].expr) + ")"
                                      : to_sse(op.order[i].expr);
      }
      return out + ") " + child(0) + ")";
    }
    case Op::Kind::Project: {
      std::string out = "(project (";
      for (size_t i = 0; i < op.vars.size(); ++i)
        out += (i ? " " : "") + to_sse(PatternTerm(op.vars[i]));
      return out + ") " + child(0) + ")";
    }
    case Op::Kind::Distinct:
      return "(distinct " + child(0) + ")";
    case Op::Kind::Reduced:
      return "(reduced " + child(0) + ")";
    case Op::Kind::Slice:
      return "(slice " + std::to_string(op.offset) + " " +
             (op.limit ? std::to_string(*op.limit) : "_") + " " + child(0) + ")";
  }
  return "?";
}

}  // namespace moivre::query::algebra
