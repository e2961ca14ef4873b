// What people call a resource: its best label and its types, read from a snapshot. Shared by
// the resource page, the relationship finder and name search, so that a node is named the same
// everywhere.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::query {

// Label predicates, most preferred first: skos:prefLabel, rdfs:label, foaf:name, schema:name
// (both schemes), dcterms:title.
const std::vector<std::string>& label_predicates();
inline constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

class Labels {
 public:
  explicit Labels(const graph::ReadTransaction& txn);

  // The best label of a resource: the most preferred predicate first, and within it an English
  // or untagged literal before any other. Remembered for the life of this object.
  std::optional<graph::Term> label(graph::TermId id);
  // The label's text, or the IRI (or _:label) when there is none.
  std::string name(graph::TermId id);
  // The resource's rdf:type values, each once, in id order.
  std::vector<graph::TermId> types(graph::TermId id) const;
  std::optional<graph::TermId> type_predicate() const { return type_id_; }

 private:
  const graph::ReadTransaction& txn_;
  std::vector<graph::TermId> label_ids_;
  std::optional<graph::TermId> type_id_;
  std::map<graph::TermId, std::optional<graph::Term>> labels_;
};

}  // namespace moivre::query
