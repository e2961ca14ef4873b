#include "query/syntax_check.hpp"

#include <map>
#include <set>
#include <string>

#include "query/parser.hpp"

namespace moivre::query {
namespace {

using VarSet = std::set<std::string>;

class Checker {
 public:
  explicit Checker(std::string_view text) : text_(text) {}

  void update(const Node& node) {
    std::map<std::string, size_t> label_op;  // blank label -> operation index
    size_t op_index = 0;
    for (const auto& op : node.children) {
      if (op.kind != NodeKind::UpdateOp) continue;
      ++op_index;
      bool data = op.text == "INSERT DATA" || op.text == "DELETE DATA";
      bool deleting = op.text == "DELETE DATA" || op.text == "DELETE WHERE";
      for (const auto& part : op.children) {
        if (part.kind == NodeKind::Where) pattern(part.children.front());
        const Node* block =
            part.kind == NodeKind::QuadBlock ? &part
            : (part.kind == NodeKind::DeleteClause || part.kind == NodeKind::InsertClause)
                ? &part.children.front()
                : nullptr;
        if (!block) continue;
        bool no_blanks = deleting || part.kind == NodeKind::DeleteClause;
        walk_terms(*block, [&](const Node& term) {
          if (data && term.kind == NodeKind::Var) fail(term, "no variables in " + op.text);
          if (no_blanks && (term.kind == NodeKind::BlankLabel || term.kind == NodeKind::Anon ||
                            term.kind == NodeKind::BlankPropertyList))
            fail(term, "no blank nodes in what is deleted");
          if (data && term.kind == NodeKind::BlankLabel) {  // templates make fresh nodes anyway
            auto [it, inserted] = label_op.try_emplace(term.text, op_index);
            if (!inserted && it->second != op_index)
              fail(term, "_:" + term.text + " to be used in one operation of the request only");
          }
        });
      }
    }
  }

  template <class F>
  static void walk_terms(const Node& node, const F& f) {
    f(node);
    for (const auto& child : node.children) walk_terms(child, f);
  }

  void query(const Node& node) {
    for (const auto& child : node.children) {
      switch (child.kind) {
        case NodeKind::Select:
        case NodeKind::SubSelect:
          select(child);
          break;
        case NodeKind::Construct:
        case NodeKind::Describe:
        case NodeKind::Ask:
          for (const auto& part : child.children)
            if (part.kind == NodeKind::Where) pattern(part.children.front());
          break;
        case NodeKind::Values:
          values(child);
          break;
        default:
          break;
      }
    }
  }

 private:
  [[noreturn]] void fail(const Node& at, const std::string& message) {
    auto [line, column] = line_and_column(text_, at.offset);
    throw QuerySyntaxError(line, column, excerpt(text_, at.offset), message);
  }

  static void variables(const Node& node, VarSet& out) {
    if (node.kind == NodeKind::Var) out.insert(node.text);
    for (const auto& child : node.children) variables(child, out);
  }

  static bool has_aggregate(const Node& node) {
    if (node.kind == NodeKind::Aggregate) return true;
    if (node.kind == NodeKind::Exists || node.kind == NodeKind::NotExists) return false;
    for (const auto& child : node.children)
      if (has_aggregate(child)) return true;
    return false;
  }

  // Variables of an expression outside aggregates (and outside EXISTS patterns).
  static void free_variables(const Node& node, VarSet& out) {
    if (node.kind == NodeKind::Aggregate || node.kind == NodeKind::Exists ||
        node.kind == NodeKind::NotExists)
      return;
    if (node.kind == NodeKind::Var) out.insert(node.text);
    for (const auto& child : node.children) free_variables(child, out);
  }

  // In-scope variables of a graph pattern (section 18.2.1).
  static void in_scope(const Node& node, VarSet& out) {
    switch (node.kind) {
      case NodeKind::TriplesBlock:
        variables(node, out);
        break;
      case NodeKind::Group:
      case NodeKind::Union:
      case NodeKind::Optional:
        for (const auto& child : node.children) in_scope(child, out);
        break;
      case NodeKind::Graph:
      case NodeKind::Service:
        if (node.children[0].kind == NodeKind::Var) out.insert(node.children[0].text);
        in_scope(node.children[1], out);
        break;
      case NodeKind::Bind:
        out.insert(node.children[1].text);
        break;
      case NodeKind::Values:
        variables(node.children.front(), out);
        break;
      case NodeKind::SubSelect:
        for (const auto& item : node.children.front().children) {
          if (item.kind == NodeKind::Var)
            out.insert(item.text);
          else if (item.kind == NodeKind::ProjectAs)
            out.insert(item.children[1].text);
          else if (item.kind == NodeKind::Star)
            for (const auto& part : node.children)
              if (part.kind == NodeKind::Where) in_scope(part.children.front(), out);
        }
        break;
      default:
        break;
    }
  }

  void select(const Node& node) {
    const Node* projection = nullptr;
    const Node* where = nullptr;
    const Node* group_by = nullptr;
    std::vector<const Node*> having_order;
    for (const auto& part : node.children) {
      switch (part.kind) {
        case NodeKind::Projection:
          projection = &part;
          break;
        case NodeKind::Where:
          where = &part;
          break;
        case NodeKind::GroupBy:
          group_by = &part;
          break;
        case NodeKind::Having:
        case NodeKind::OrderBy:
          having_order.push_back(&part);
          break;
        case NodeKind::Values:
          values(part);
          break;
        default:
          break;
      }
    }
    if (where) pattern(where->children.front());
    VarSet scope;
    if (where) in_scope(where->children.front(), scope);

    bool grouped = group_by != nullptr;
    for (const auto& item : projection->children)
      if (item.kind == NodeKind::ProjectAs && has_aggregate(item.children[0])) grouped = true;
    for (const Node* part : having_order)
      if (has_aggregate(*part)) grouped = true;

    VarSet group_vars;
    if (group_by) {
      for (const auto& condition : group_by->children) {
        if (condition.kind == NodeKind::Var)
          group_vars.insert(condition.text);
        else if (condition.kind == NodeKind::ProjectAs)
          group_vars.insert(condition.children[1].text);
        if (has_aggregate(condition)) fail(condition, "no aggregate in GROUP BY");
      }
    }

    VarSet projected;
    for (const auto& item : projection->children) {
      if (item.kind == NodeKind::Star) {
        if (grouped) fail(item, "explicit variables, not SELECT *, in a grouped query");
        continue;
      }
      if (item.kind == NodeKind::Var) {
        if (grouped && !group_vars.count(item.text) && !projected.count(item.text))
          fail(item, "?" + item.text + " to be grouped on (GROUP BY) or aggregated");
        projected.insert(item.text);
        continue;
      }
      const Node& expression = item.children[0];
      const Node& var = item.children[1];
      if (scope.count(var.text) || projected.count(var.text))
        fail(var, "a new variable: ?" + var.text + " is already in scope");
      if (grouped) {
        VarSet used;
        free_variables(expression, used);
        for (const auto& v : used)
          if (!group_vars.count(v) && !projected.count(v))
            fail(expression, "?" + v + " to be grouped on (GROUP BY) or aggregated");
      }
      projected.insert(var.text);
    }
  }

  void values(const Node& node) {
    size_t width = node.children.front().children.size();
    for (size_t i = 1; i < node.children.size(); ++i)
      if (node.children[i].children.size() != width)
        fail(node.children[i], std::to_string(width) + " value(s) per row, one per variable");
  }

  // Checks a group graph pattern and everything inside it.
  void pattern(const Node& node) {
    if (node.kind == NodeKind::SubSelect) return select(node);
    if (node.kind == NodeKind::Group) {
      VarSet before;
      bool block_open = false;  // the previous element continues the current BGP
      for (const auto& element : node.children) {
        switch (element.kind) {
          case NodeKind::TriplesBlock:
            if (!block_open) ++bgp_;
            block_open = true;
            blank_labels(element);
            break;
          case NodeKind::Filter:
            break;  // filters do not split a basic graph pattern
          default:
            block_open = false;
        }
        if (element.kind == NodeKind::Bind) {
          const Node& var = element.children[1];
          if (before.count(var.text))
            fail(var, "a new variable: ?" + var.text + " is already in scope before BIND");
        }
        if ((element.kind == NodeKind::Filter || element.kind == NodeKind::Bind) &&
            has_aggregate(element))
          fail(element, "no aggregate outside SELECT, HAVING and ORDER BY");
        if (element.kind == NodeKind::Values) values(element);
        in_scope(element, before);
        switch (element.kind) {
          case NodeKind::Filter:
          case NodeKind::Bind:
            expressions(element);
            break;
          case NodeKind::Group:
          case NodeKind::SubSelect:
            pattern(element);
            break;
          case NodeKind::Union:
          case NodeKind::Optional:
          case NodeKind::Minus:
          case NodeKind::Graph:
          case NodeKind::Service:
            for (const auto& child : element.children)
              if (child.kind == NodeKind::Group) pattern(child);
            break;
          default:
            break;
        }
      }
      return;
    }
  }

  // EXISTS patterns inside expressions of FILTER and BIND.
  void expressions(const Node& node) {
    if (node.kind == NodeKind::Exists || node.kind == NodeKind::NotExists) {
      pattern(node.children.front());
      return;
    }
    if (node.kind == NodeKind::Group || node.kind == NodeKind::SubSelect) return;
    for (const auto& child : node.children) expressions(child);
  }

  void blank_labels(const Node& node) {
    if (node.kind == NodeKind::BlankLabel) {
      auto [it, inserted] = label_bgp_.try_emplace(node.text, bgp_);
      if (!inserted && it->second != bgp_)
        fail(node, "_:" + node.text + " to be used in one basic graph pattern only");
    }
    for (const auto& child : node.children) blank_labels(child);
  }

  std::string_view text_;
  int bgp_ = 0;
  std::map<std::string, int> label_bgp_;
};

}  // namespace

void check_query(const Node& query, std::string_view text) {
  Checker(text).query(query);
}

void check_update(const Node& update, std::string_view text) {
  Checker(text).update(update);
}

}  // namespace moivre::query
