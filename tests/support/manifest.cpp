#include "support/manifest.hpp"

#include "graph/graph.hpp"

namespace moivre::test {

Manifest::Manifest(const std::filesystem::path& path)
    : dir_(std::filesystem::absolute(path).parent_path()) {
  graph::Input input(path.string());
  graph::ReadOptions options;
  options.syntax = graph::RdfSyntax::Turtle;
  options.base_iri = manifest_iri_ = graph::file_iri(path.string());
  graph::read_rdf(input, options, [&](const graph::ParsedQuad& q) {
    triples_[std::string(q.subject)][graph::decode_term(q.predicate).value].push_back(
        graph::decode_term(q.object));
  });
  if (auto base = object(graph::Term::iri(manifest_iri_), std::string(kMf) + "assumedTestBase"))
    assumed_base_ = base->value;
}

std::vector<graph::Term> Manifest::objects(const graph::Term& subject,
                                           const std::string& predicate) const {
  auto s = triples_.find(graph::encode_term(subject));
  if (s == triples_.end()) return {};
  auto p = s->second.find(predicate);
  return p == s->second.end() ? std::vector<graph::Term>{} : p->second;
}

std::optional<graph::Term> Manifest::object(const graph::Term& subject,
                                            const std::string& predicate) const {
  auto all = objects(subject, predicate);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<graph::Term> Manifest::list(const graph::Term& head) const {
  std::vector<graph::Term> out;
  graph::Term node = head;
  const std::string nil = std::string(kRdf) + "nil";
  while (!(node.is_iri() && node.value == nil)) {
    auto first = object(node, std::string(kRdf) + "first");
    auto rest = object(node, std::string(kRdf) + "rest");
    if (!first || !rest) break;
    out.push_back(*first);
    node = *rest;
  }
  return out;
}

std::vector<graph::Term> Manifest::entries() const {
  // The manifest node is <> in most manifests and [] in some: take every mf:entries list.
  std::vector<graph::Term> out;
  for (const auto& [subject, properties] : triples_) {
    auto it = properties.find(std::string(kMf) + "entries");
    if (it == properties.end()) continue;
    for (const auto& head : it->second) {
      auto part = list(head);
      out.insert(out.end(), part.begin(), part.end());
    }
  }
  return out;
}

std::filesystem::path Manifest::local_path(const std::string& iri) {
  std::string path = iri.rfind("file://", 0) == 0 ? iri.substr(7) : iri;
  std::string decoded;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  return decoded;
}

std::string Manifest::public_iri(const std::string& file_iri) const {
  if (assumed_base_.empty()) return file_iri;
  auto dir_iri = manifest_iri_.substr(0, manifest_iri_.rfind('/') + 1);
  if (file_iri.rfind(dir_iri, 0) != 0) return file_iri;
  return assumed_base_ + file_iri.substr(dir_iri.size());
}

}  // namespace moivre::test
