// The Builder's core: the switch from algebra operators to their builders, filters,
// expressions, GRAPH, and the Execution that runs the tree and hands out solutions.
#include "query/executor.hpp"

#include "query/exec/builder.hpp"

namespace moivre::query {
namespace exec {
namespace {

std::string op_label(const Op& op) {
  switch (op.kind) {
    case Op::Kind::Bgp:
      return "bgp";
    case Op::Kind::Path:
      return "path " + algebra::to_sse(op);
    case Op::Kind::Join:
      return "join";
    case Op::Kind::LeftJoin:
      return op.children[1].kind == Op::Kind::Bgp ? "optional (bind join)" : "optional";
    case Op::Kind::Filter: {
      std::string out = "filter";
      for (const auto& f : op.filters) out += " " + algebra::to_sse(f);
      return out;
    }
    case Op::Kind::Union:
      return "union";
    case Op::Kind::Minus:
      return "minus";
    case Op::Kind::Graph:
      return "graph " + algebra::to_sse(op.graph);
    case Op::Kind::Service:
      return "service";
    case Op::Kind::Extend:
      return "extend ?" + op.bindings[0].var.name + " = " + algebra::to_sse(op.bindings[0].expr);
    case Op::Kind::Values:
      return "values (" + std::to_string(op.rows.size()) + " rows)";
    case Op::Kind::TextSearch:
      return "text search \"" + op.text + "\"";
    case Op::Kind::Group:
      return "group";
    case Op::Kind::OrderBy:
      return "order";
    case Op::Kind::Project: {
      std::string out = "project";
      for (const auto& v : op.vars) out += " ?" + v.name;
      return out;
    }
    case Op::Kind::Distinct:
      return "distinct";
    case Op::Kind::Reduced:
      return "reduced";
    case Op::Kind::Slice:
      return "slice offset " + std::to_string(op.offset) +
             (op.limit ? " limit " + std::to_string(*op.limit) : "");
  }
  return "?";
}

}  // namespace

void Builder::allocate(const Op& op) {
  auto term = [&](const PatternTerm& t) {
    if (auto* v = std::get_if<Variable>(&t)) ctx_.slots.slot(v->name);
  };
  for (const auto& t : op.triples) term(t.subject), term(t.predicate), term(t.object);
  if (op.path) term(op.path->subject), term(op.path->object);
  term(op.graph);
  for (const auto& v : op.vars) ctx_.slots.slot(v.name);
  for (const auto& b : op.bindings) {
    if (!b.var.name.empty()) {
      size_t slot = ctx_.slots.slot(b.var.name);
      if (op.kind == Op::Kind::Extend) {
        if (ctx_.extended.size() <= slot) ctx_.extended.resize(slot + 1);
        ctx_.extended[slot] = true;
      }
    }
    allocate(b.expr);
  }
  for (const auto& b : op.aggregates) ctx_.slots.slot(b.var.name), allocate(b.expr);
  for (const auto& e : op.filters) allocate(e);
  for (const auto& k : op.order) allocate(k.expr);
  for (const auto& c : op.children) allocate(c);
}

void Builder::allocate(const algebra::Expr& e) {
  if (e.kind == algebra::Expr::Kind::Variable) ctx_.slots.slot(e.name);
  if (e.pattern) allocate(*e.pattern);
  for (const auto& a : e.args) allocate(a);
}

// Builds an operator's iterator, recording it in the plan (with a row counter).
IterPtr Builder::build(const Op& op, TermId graph) {
  PlanNode* parent = ctx_.plan_parent;
  auto node = std::make_unique<PlanNode>();
  node->label = op_label(op);
  PlanNode* raw = node.get();
  parent->children.push_back(std::move(node));
  ctx_.plan_parent = raw;
  IterPtr it = build_op(op, graph);
  ctx_.plan_parent = parent;
  return std::make_unique<CountingIter>(std::move(it), &raw->rows);
}

IterPtr Builder::build_op(const Op& op, TermId graph) {
  switch (op.kind) {
    case Op::Kind::Bgp:
      return bgp(std::make_unique<SingleRow>(start_row()), op, graph, seed_bound());
    case Op::Kind::Join:
      return join(op, graph);
    case Op::Kind::LeftJoin:
      return hash_free_join(op, graph, true);
    case Op::Kind::Filter: {
      auto keep = [this, &op, graph](const Row& row) { return passes(op.filters, row, graph); };
      return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
    }
    case Op::Kind::Union:
      return std::make_unique<ConcatIter>(build(op.children[0], graph),
                                          build(op.children[1], graph));
    case Op::Kind::Minus:
      return minus(op, graph);
    case Op::Kind::Graph:
      return graph_op(op);
    case Op::Kind::Service:
      return std::make_unique<RowsIter>(service_rows(op, nullptr, {}));
    case Op::Kind::Extend: {
      const auto& b = op.bindings[0];
      size_t slot = ctx_.slots.slot(b.var.name);
      auto map = [this, &b, slot, graph](Row& row) {
        if (auto v = evaluate(b.expr, row, graph)) row[slot] = ctx_.terms.id_of(*v);
      };
      return std::make_unique<MapIter>(build(op.children[0], graph), map);
    }
    case Op::Kind::Values:
      return values(op);
    case Op::Kind::TextSearch:
      return text_search(op, graph);
    case Op::Kind::Group:
      return group(op, graph);
    case Op::Kind::OrderBy:
      return order_by(op, graph);
    case Op::Kind::Project:
      return project(op, graph);
    case Op::Kind::Reduced:  // may drop some duplicates, or none: none is cheapest
      return build(op.children[0], graph);
    case Op::Kind::Distinct:
      return distinct(op, graph);
    case Op::Kind::Slice:
      return slice(op, graph);
    case Op::Kind::Path:
      return path(std::make_unique<SingleRow>(start_row()), op, graph);
  }
  throw std::runtime_error("unknown algebra operator");
}

// Whether a row satisfies every filter (an error counts as false); `graph` is the active graph.
bool Builder::passes(const std::vector<algebra::Expr>& filters, const Row& row, GraphId graph) {
  for (const auto& f : filters) {
    // No boolean term is made for a comparison, && || ! or (NOT) EXISTS.
    auto b = condition(f, row, graph);
    if (!b || !*b) return false;
  }
  return true;
}

std::optional<bool> Builder::condition(const algebra::Expr& e, const Row& row, GraphId graph) {
  ExpressionContext ectx = expression_context(graph);
  return query::evaluate_condition(e, row, ectx);
}

Value Builder::evaluate(const algebra::Expr& e, const Row& row, GraphId graph) {
  ExpressionContext ectx = expression_context(graph);
  return query::evaluate(e, row, ectx);
}

ExpressionContext Builder::expression_context(GraphId graph) {
  return ExpressionContext{
      ctx_.terms,
      ctx_.slots,
      [this, graph](const Op& pattern, const Row& r) { return exists(pattern, r, graph); },
      ctx_.base_iri,
      ctx_.now,
      &ctx_.random,
      &ctx_.blank_counter,
      &ctx_.named_blanks,
      &ctx_.extended};
}

IterPtr Builder::values(const Op& op) {
  std::vector<Row> rows;
  for (const auto& values : op.rows) {
    Row row = start_row();
    bool compatible = true;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i]) continue;
      TermId& cell = row[ctx_.slots.slot(op.vars[i].name)];
      TermId id = ctx_.terms.id_of(*values[i]);
      compatible &= cell == kUnbound || cell == id;
      cell = id;
    }
    if (compatible) rows.push_back(std::move(row));
  }
  return std::make_unique<RowsIter>(std::move(rows));
}

IterPtr Builder::graph_op(const Op& op) {
  const std::vector<TermId>& named = ctx_.data.named_graphs();
  if (auto* term = std::get_if<graph::Term>(&op.graph)) {
    auto id = ctx_.txn.lookup(*term);
    if (!id || !ctx_.data.is_named_graph(*id))
      return std::make_unique<RowsIter>(std::vector<Row>{});
    return build(op.children[0], *id);
  }
  size_t slot = ctx_.slots.slot(std::get<Variable>(op.graph).name);
  IterPtr result = std::make_unique<RowsIter>(std::vector<Row>{});
  for (TermId g : named) {
    // Inside GRAPH ?g, a ?g the pattern binds itself must be that graph.
    auto same_graph = [slot, g](const Row& row) { return row[slot] == kUnbound || row[slot] == g; };
    auto bind = [slot, g](Row& row) { row[slot] = g; };
    auto inner = std::make_unique<MapIter>(
        std::make_unique<FilterIter>(build(op.children[0], g), same_graph), bind);
    result = std::make_unique<ConcatIter>(std::move(inner), std::move(result));
  }
  return result;
}

void Builder::mentioned(const Op& op, std::set<size_t>& out) {
  auto add = [&](const PatternTerm& t) {
    if (auto* v = std::get_if<Variable>(&t)) out.insert(ctx_.slots.slot(v->name));
  };
  for (const auto& t : op.triples) add(t.subject), add(t.predicate), add(t.object);
  if (op.path) add(op.path->subject), add(op.path->object);
  for (const auto& v : op.vars) out.insert(ctx_.slots.slot(v.name));
  for (const auto& b : op.bindings)
    if (!b.var.name.empty()) out.insert(ctx_.slots.slot(b.var.name));
  for (const auto& c : op.children) mentioned(c, out);
}

Bound Builder::as_bound(const std::set<size_t>& slots) const {
  Bound out(ctx_.slots.size(), false);
  for (size_t s : slots)
    if (s < out.size()) out[s] = true;
  return out;
}

// The variables EXISTS's row binds, while its pattern is built.
Bound Builder::seed_bound() const {
  Bound out;
  if (!seed_) return out;
  out.resize(seed_->size());
  for (size_t i = 0; i < seed_->size(); ++i) out[i] = (*seed_)[i] != kUnbound;
  return out;
}

}  // namespace exec

using algebra::Op;
using algebra::PatternTerm;
using algebra::Variable;
using exec::PlanNode;

uint64_t query_memory_held() {
  return exec::MemoryBudget::process_held().load();
}
void set_process_query_memory_limit(uint64_t bytes) {
  exec::MemoryBudget::process_limit().store(bytes);
}

Execution::Execution(const graph::ReadTransaction& txn, const algebra::Query& query,
                     ExecutionOptions options)
    : state_(std::make_unique<State>(txn, query, options)) {
  auto& s = *state_;
  s.ctx.base_iri = query.base_iri;
  s.builder.allocate(query.pattern);
  for (const auto& t : query.construct_template) {
    for (const PatternTerm* p : {&t.subject, &t.predicate, &t.object})
      if (auto* v = std::get_if<Variable>(p)) s.ctx.slots.slot(v->name);
  }
  for (const auto& target : query.describe)
    if (auto* v = std::get_if<Variable>(&target)) s.ctx.slots.slot(v->name);
  // The projected variables: those of the outermost Project, in order.
  const Op* op = &query.pattern;
  while (op->kind != Op::Kind::Project && !op->children.empty() &&
         (op->kind == Op::Kind::Slice || op->kind == Op::Kind::Distinct ||
          op->kind == Op::Kind::Reduced))
    op = &op->children.front();
  if (op->kind == Op::Kind::Project)
    for (const auto& v : op->vars) {
      s.variables.push_back(v.name);
      s.var_slots.push_back(s.ctx.slots.slot(v.name));
    }
  s.root = s.builder.build(query.pattern, s.ctx.data.default_graph());
}

Execution::~Execution() = default;

const algebra::Query& Execution::query() const {
  return state_->query;
}

const std::vector<std::string>& Execution::variables() const {
  return state_->variables;
}

bool Execution::next(TermRow& out) {
  auto& s = *state_;
  Row& row = s.row;
  if (!s.root->next(row)) return false;
  // Assigned in place: the terms' strings reuse the storage of the caller's previous row.
  out.resize(s.var_slots.size());
  for (size_t i = 0; i < s.var_slots.size(); ++i) {
    TermId id = row[s.var_slots[i]];
    if (id == kUnbound)
      out[i].reset();
    else
      out[i] = s.ctx.terms.term(id);
  }
  return true;
}

namespace {
void print_plan(const PlanNode& node, int depth, std::string& out) {
  std::string line = std::string(2 * depth, ' ') + node.label;
  if (line.size() < 60) line.resize(60, ' ');
  out += line + "  rows " + std::to_string(node.rows) + "\n";
  for (const auto& d : node.details) out += std::string(2 * depth + 4, ' ') + d + "\n";
  for (const auto& d : node.late_details) out += std::string(2 * depth + 4, ' ') + d() + "\n";
  for (const auto& child : node.children) print_plan(*child, depth + 1, out);
}
}  // namespace

std::string Execution::explain() const {
  std::string out;
  for (const auto& child : state_->ctx.plan.children) print_plan(*child, 0, out);
  return out;
}

bool Execution::ask() {
  Row row;
  return state_->root->next(row);
}
}  // namespace moivre::query
