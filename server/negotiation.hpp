// HTTP content negotiation: choosing a media type from an Accept header (with q-values).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moivre::server {

// The offered type the Accept header prefers most (ties: the order of `offered`), or nullopt
// when it accepts none of them. An empty or absent header accepts the first offer.
std::optional<std::string> negotiate(std::string_view accept,
                                     const std::vector<std::string>& offered);

}  // namespace moivre::server
