// Linking our own entities to a registry's: for each organisation and person of the default
// graph, the registry entity (imported with `moivre import`) that is the same one. Shared
// identifiers decide first; otherwise names, aliases, acronyms and labels in other languages,
// compared after normalisation (case, accents, punctuation), weighed by country, city and parent.
// A best candidate too close to the second is reported as ambiguous, never guessed.
#pragma once

#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::registry {

struct LinkOptions {
  std::string registry = "ror";  // the graph <BASE graph/REGISTRY> to link to: ror, wikidata, orcid
  std::string base_iri = "https://id.moivre.org/";
  double min_score = 0.75;
  double ambiguity_margin = 0.1;  // a runner-up this close makes the match ambiguous
};

struct LinkCandidate {
  std::string entity;  // our IRI
  std::string label;   // our label, for people
  std::string target;  // the registry IRI; empty when none was found
  std::string target_label;
  double score = 0;
  std::string evidence;
  enum class Verdict { Linked, Ambiguous, BelowThreshold, NoCandidate } verdict;
};

// Finds the candidates (one per organisation of ours, best first within it).
std::vector<LinkCandidate> find_links(graph::Store& store, const LinkOptions& options);

// Writes the accepted links into <BASE graph/links-REGISTRY> (replacing it): `schema:sameAs`
// from our entity to the registry's, and an mv:Link with score, evidence and time. Returns the
// number written.
size_t apply_links(graph::Store& store, const std::vector<LinkCandidate>& links,
                   const LinkOptions& options);

}  // namespace moivre::registry
