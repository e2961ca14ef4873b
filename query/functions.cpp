#include "query/functions.hpp"

#include <unordered_map>

#include "query/builtins/builtins.hpp"

namespace moivre::query {
namespace {

namespace b = builtins;

#define XSD "http://www.w3.org/2001/XMLSchema#"

// SPARQL 1.1 sections 17.4 (built-ins) and 17.5 (casts), in the specification's order.
const Function kFunctions[] = {
    // Functional forms.
    {"BOUND", 1, 1, nullptr, b::bound, true},
    {"IF", 3, 3, nullptr, b::if_},
    {"COALESCE", 0, kVariadic, nullptr, b::coalesce},
    {"SAMETERM", 2, 2, b::same_term},
    // Functions on RDF terms.
    {"ISIRI", 1, 1, b::is_iri},
    {"ISBLANK", 1, 1, b::is_blank},
    {"ISLITERAL", 1, 1, b::is_literal},
    {"ISNUMERIC", 1, 1, b::is_numeric},
    {"STR", 1, 1, b::str},
    {"LANG", 1, 1, b::lang},
    {"DATATYPE", 1, 1, b::datatype},
    {"IRI", 1, 1, b::iri},
    {"BNODE", 0, 1, nullptr, b::bnode},
    {"STRDT", 2, 2, b::strdt},
    {"STRLANG", 2, 2, b::strlang},
    {"UUID", 0, 0, b::uuid},
    {"STRUUID", 0, 0, b::struuid},
    // Functions on strings.
    {"STRLEN", 1, 1, b::strlen},
    {"SUBSTR", 2, 3, b::substr},
    {"UCASE", 1, 1, b::ucase},
    {"LCASE", 1, 1, b::lcase},
    {"STRSTARTS", 2, 2, b::strstarts},
    {"STRENDS", 2, 2, b::strends},
    {"CONTAINS", 2, 2, b::contains},
    {"STRBEFORE", 2, 2, b::strbefore},
    {"STRAFTER", 2, 2, b::strafter},
    {"ENCODE_FOR_URI", 1, 1, b::encode_for_uri},
    {"CONCAT", 0, kVariadic, b::concat},
    {"LANGMATCHES", 2, 2, b::lang_matches},
    {"REGEX", 2, 3, b::regex},
    {"REPLACE", 3, 4, b::replace},
    // Functions on numerics.
    {"ABS", 1, 1, b::abs},
    {"ROUND", 1, 1, b::round},
    {"CEIL", 1, 1, b::ceil},
    {"FLOOR", 1, 1, b::floor},
    {"RAND", 0, 0, b::rand},
    // Functions on dates and times.
    {"NOW", 0, 0, b::now},
    {"YEAR", 1, 1, b::year},
    {"MONTH", 1, 1, b::month},
    {"DAY", 1, 1, b::day},
    {"HOURS", 1, 1, b::hours},
    {"MINUTES", 1, 1, b::minutes},
    {"SECONDS", 1, 1, b::seconds},
    {"TIMEZONE", 1, 1, b::timezone},
    {"TZ", 1, 1, b::tz},
    // Hash functions.
    {"MD5", 1, 1, b::md5},
    {"SHA1", 1, 1, b::sha1},
    {"SHA256", 1, 1, b::sha256},
    {"SHA384", 1, 1, b::sha384},
    {"SHA512", 1, 1, b::sha512},
    // XPath constructor functions (casts).
    {XSD "string", 1, 1, b::to_string},
    {XSD "boolean", 1, 1, b::to_boolean},
    {XSD "integer", 1, 1, b::to_integer},
    {XSD "decimal", 1, 1, b::to_decimal},
    {XSD "float", 1, 1, b::to_float},
    {XSD "double", 1, 1, b::to_double},
    {XSD "dateTime", 1, 1, b::to_date_time},
};

#undef XSD

}  // namespace

bool accepts_arity(const Function& f, size_t count) {
  return count >= f.min_args && (f.max_args == kVariadic || count <= f.max_args);
}

std::string describe_arity(const Function& f) {
  auto arguments = [](unsigned n) { return n == 1 ? " argument" : " arguments"; };
  if (f.max_args == kVariadic)
    return f.min_args == 0 ? "any number of arguments"
                           : "at least " + std::to_string(f.min_args) + arguments(f.min_args);
  if (f.min_args == f.max_args) return std::to_string(f.min_args) + arguments(f.min_args);
  return std::to_string(f.min_args) + (f.max_args == f.min_args + 1 ? " or " : " to ") +
         std::to_string(f.max_args) + arguments(f.max_args);
}

const Function* find_function(std::string_view name) {
  static const std::unordered_map<std::string_view, const Function*> by_name = [] {
    std::unordered_map<std::string_view, const Function*> map;
    for (const auto& f : kFunctions) map.emplace(f.name, &f);
    return map;
  }();
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

std::span<const Function> all_functions() {
  return kFunctions;
}

}  // namespace moivre::query
