#include "query/update.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "graph/bulk_loader.hpp"
#include "graph/error.hpp"
#include "graph/input.hpp"

namespace moivre::query {
namespace {

using algebra::GraphRef;
using algebra::Op;
using algebra::PatternTerm;
using algebra::QuadTemplate;
using algebra::UpdateOperation;
using algebra::Variable;
using graph::Quad;
using graph::Term;
using graph::TermId;

class Updater {
 public:
  Updater(graph::WriteTransaction& txn, const ExecutionOptions& options, const LoadPolicy& policy)
      : txn_(txn), options_(options), policy_(policy) {}

  void run(const UpdateOperation& op) {
    using K = UpdateOperation::Kind;
    switch (op.kind) {
      case K::Load:
        try {
          load(op);
        } catch (const UpdateError&) {
          if (!op.silent) throw;
        } catch (const graph::SyntaxError& e) {
          if (!op.silent) throw UpdateError("LOAD <" + op.load_iri + ">: " + e.what());
        } catch (const graph::InputError& e) {
          if (!op.silent) throw UpdateError("LOAD <" + op.load_iri + ">: " + e.what());
        }
        return;
      case K::Create:
        return;  // graphs exist while they hold quads: nothing to create
      case K::Clear:
      case K::Drop:
        clear(op.target);
        return;
      case K::Add:
      case K::Copy:
      case K::Move:
        transfer(op);
        return;
      case K::InsertData: {
        std::map<std::string, Term> blanks;  // one fresh node per label in the operation
        for (const auto& q : op.insert) insert(instantiate(q, {}, blanks, ""));
        return;
      }
      case K::DeleteData:
        for (const auto& q : op.remove) remove(instantiate(q, {}, no_blanks_, ""));
        return;
      case K::DeleteWhere:
      case K::Modify:
        modify(op);
        return;
    }
  }

  UpdateResult result;

 private:
  using Solution = std::map<std::string, Term>;
  using TermQuad = std::optional<std::array<Term, 4>>;  // graph kind Iri with empty value: default

  // A template quad with a solution's values; nullopt when a variable is unbound or the result
  // is not a valid RDF quad.
  TermQuad instantiate(const QuadTemplate& q, const Solution& row,
                       std::map<std::string, Term>& blanks, const std::string& default_graph) {
    auto value = [&](const PatternTerm& t) -> std::optional<Term> {
      if (auto* term = std::get_if<Term>(&t)) return *term;
      const auto& name = std::get<Variable>(t).name;
      if (name.rfind("_:", 0) == 0) {
        auto [it, inserted] = blanks.try_emplace(name);
        if (inserted) it->second = Term::blank(txn_.fresh_blank_label());
        return it->second;
      }
      auto it = row.find(name);
      if (it == row.end()) return std::nullopt;
      return it->second;
    };
    auto s = value(q.subject), p = value(q.predicate), o = value(q.object);
    if (!s || !p || !o || s->is_literal() || !p->is_iri()) return std::nullopt;
    Term g = Term::iri(default_graph);
    if (q.graph) {
      auto gv = value(*q.graph);
      if (!gv || !gv->is_iri()) return std::nullopt;
      g = *gv;
    }
    return std::array<Term, 4>{*s, *p, *o, g};
  }

  void insert(const TermQuad& q) {
    if (!q) return;
    const auto& t = *q;
    Quad quad{{txn_.intern(t[0]), txn_.intern(t[1]), txn_.intern(t[2]),
               t[3].value.empty() ? graph::kDefaultGraph : txn_.intern(t[3])}};
    if (txn_.insert(quad)) ++result.inserted;
  }

  void remove(const TermQuad& q) {
    if (!q) return;
    const auto& t = *q;
    Quad quad;
    for (int i = 0; i < 3; ++i) {
      auto id = txn_.lookup(t[i]);
      if (!id) return;
      quad.ids[i] = *id;
    }
    if (t[3].value.empty()) {
      quad.ids[graph::G] = graph::kDefaultGraph;
    } else {
      auto id = txn_.lookup(t[3]);
      if (!id) return;
      quad.ids[graph::G] = *id;
    }
    if (txn_.remove(quad)) ++result.deleted;
  }

  std::vector<TermId> graphs_of(const GraphRef& ref) {
    switch (ref.kind) {
      case GraphRef::Kind::Default:
        return {graph::kDefaultGraph};
      case GraphRef::Kind::Graph: {
        auto id = txn_.lookup(Term::iri(ref.iri));
        return id ? std::vector<TermId>{*id} : std::vector<TermId>{};
      }
      case GraphRef::Kind::Named:
        return txn_.graphs();
      case GraphRef::Kind::All: {
        auto all = txn_.graphs();
        all.push_back(graph::kDefaultGraph);
        return all;
      }
    }
    return {};
  }

  std::vector<Quad> quads_in(TermId g) {
    std::vector<Quad> out;
    graph::QuadPattern pattern;
    pattern.ids[graph::G] = g;
    Quad q;
    for (auto scan = txn_.scan(pattern); scan.next(q);) out.push_back(q);
    return out;
  }

  void load(const UpdateOperation& op) {
    auto path = load_path(op.load_iri, policy_);
    auto syntax = graph::syntax_from_path(path.string());
    if (!syntax)
      throw UpdateError("LOAD <" + op.load_iri +
                        ">: cannot tell its RDF syntax from the file name "
                        "(.nt, .nq, .ttl, .trig, .rdf, optionally .gz)");
    std::string graph_iri = op.target.kind == GraphRef::Kind::Graph ? op.target.iri : "";
    graph::BulkLoader loader(txn_);
    graph::Input input(path.string());
    graph::ReadOptions read;
    read.syntax = *syntax;
    read.base_iri = op.load_iri;
    loader.add(input, read, graph_iri);
    result.inserted += loader.finish().quads_added;
  }

  void clear(const GraphRef& ref) {
    for (TermId g : graphs_of(ref))
      for (const Quad& q : quads_in(g))
        if (txn_.remove(q)) ++result.deleted;
  }

  void transfer(const UpdateOperation& op) {
    auto from = graphs_of(op.source);
    TermId to = op.target.kind == GraphRef::Kind::Default ? graph::kDefaultGraph
                                                          : txn_.intern(Term::iri(op.target.iri));
    TermId source = from.empty() ? ~TermId{0} : from.front();
    if (source == to) return;  // the same graph: nothing changes
    if (op.kind != UpdateOperation::Kind::Add) clear(op.target);
    if (from.empty()) return;
    for (Quad q : quads_in(source)) {
      q.ids[graph::G] = to;
      if (txn_.insert(q)) ++result.inserted;
    }
    if (op.kind == UpdateOperation::Kind::Move) clear(op.source);
  }

  static void template_vars(const std::vector<QuadTemplate>& qs, std::set<std::string>& out) {
    auto add = [&](const PatternTerm& t) {
      if (auto* v = std::get_if<Variable>(&t))
        if (v->name.rfind("_:", 0) != 0) out.insert(v->name);
    };
    for (const auto& q : qs) {
      add(q.subject), add(q.predicate), add(q.object);
      if (q.graph) add(*q.graph);
    }
  }

  void modify(const UpdateOperation& op) {
    // Evaluate WHERE on the store as it is now, projecting the templates' variables.
    algebra::Query query;
    query.form = algebra::QueryForm::Select;
    std::set<std::string> vars;
    template_vars(op.remove, vars);
    template_vars(op.insert, vars);
    Op project;
    project.kind = Op::Kind::Project;
    for (const auto& v : vars) project.vars.push_back(Variable{v});
    project.children.push_back(*op.where);
    query.pattern = std::move(project);
    query.from = op.using_default;
    query.from_named = op.using_named;
    if (!op.with.empty() && query.from.empty() && query.from_named.empty()) {
      query.from.push_back(op.with);  // WITH sets the default graph only
      query.keep_named_graphs = true;
    }

    std::vector<Solution> solutions;
    {
      Execution execution(txn_, query, options_);
      TermRow row;
      const auto& names = execution.variables();
      while (execution.next(row)) {
        Solution s;
        for (size_t i = 0; i < names.size(); ++i)
          if (row[i]) s.emplace(names[i], *row[i]);
        solutions.push_back(std::move(s));
      }
    }
    std::vector<TermQuad> to_delete, to_insert;
    for (const auto& s : solutions) {
      std::map<std::string, Term> blanks;
      for (const auto& q : op.remove) to_delete.push_back(instantiate(q, s, no_blanks_, op.with));
      for (const auto& q : op.insert) to_insert.push_back(instantiate(q, s, blanks, op.with));
    }
    for (const auto& q : to_delete) remove(q);
    for (const auto& q : to_insert) insert(q);
  }

  graph::WriteTransaction& txn_;
  const ExecutionOptions& options_;
  const LoadPolicy& policy_;
  std::map<std::string, Term> no_blanks_;
};

}  // namespace

std::filesystem::path load_path(const std::string& iri, const LoadPolicy& policy) {
  namespace fs = std::filesystem;
  auto refuse = [&](const std::string& why) {
    return UpdateError("LOAD <" + iri + "> is refused: " + why);
  };
  if (policy.allowed_dirs.empty()) throw refuse("this server allows no LOAD");
  if (iri.rfind("file:", 0) != 0)
    throw refuse(
        "only local files may be loaded, named by a file: IRI (file:///path or file:/path); "
        "nothing is fetched over the network");
  // file:///path, file://localhost/path or file:/path (RFC 8089's forms), percent-decoded.
  std::string rest;
  if (iri.rfind("file://", 0) == 0) {
    rest = iri.substr(7);
    if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
  } else {
    rest = iri.substr(5);
  }
  if (rest.empty() || rest[0] != '/')
    throw refuse("a file: IRI must name an absolute local path (file:///path or file:/path)");
  std::string decoded;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && std::isxdigit((unsigned char)rest[i + 1]) &&
        std::isxdigit((unsigned char)rest[i + 2])) {
      decoded += static_cast<char>(std::stoi(rest.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += rest[i];
    }
  }
  if (decoded.find('\0') != std::string::npos) throw refuse("the path holds a NUL byte");
  std::error_code ec;
  // Symbolic links and ".." are resolved before the check, so neither leads out of a directory.
  fs::path file = fs::weakly_canonical(fs::path(decoded), ec);
  if (ec) throw refuse(ec.message());
  for (const auto& dir : policy.allowed_dirs) {
    fs::path root = fs::weakly_canonical(dir, ec);
    if (ec) continue;
    auto [end, _] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (end == root.end()) {
      if (!fs::is_regular_file(file, ec)) throw refuse("no such file");
      return file;
    }
  }
  throw refuse("the file is not in a directory this server allows LOAD from");
}

UpdateResult execute_update(graph::WriteTransaction& txn, const algebra::Update& update,
                            const ExecutionOptions& options, const LoadPolicy& load) {
  Updater updater(txn, options, load);
  for (const auto& op : update.operations) updater.run(op);
  return updater.result;
}

}  // namespace moivre::query
