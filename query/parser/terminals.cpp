// Terminals of the SPARQL grammar (section 19.8, productions 136-173): IRIs, prefixed names,
// variables, literals, numbers, blank nodes.
#include "query/parser/rules.hpp"
#include "query/parser/tokens.hpp"

namespace moivre::query::parser {
namespace {

const auto utf8_byte = x3::char_(static_cast<char>(0x80), static_cast<char>(0xFF));
const auto digit = x3::char_('0', '9');
const auto hex = x3::char_("0-9a-fA-F");
const auto pn_chars_base = x3::char_("a-zA-Z") | utf8_byte;
const auto pn_chars_u = pn_chars_base | x3::char_('_');
const auto pn_chars = pn_chars_u | x3::char_('-') | digit;
const auto plx =
    (x3::char_('%') >> hex >> hex) | (x3::char_('\\') >> x3::char_("_~.!$&'()*+,;=/?#@%-"));

// `chars`, with dots allowed inside but not at the end.
template <class Chars>
auto dotted(Chars chars) {
  return *(chars | (x3::char_('.') >> &(*x3::lit('.') >> chars)));
}

const auto pn_prefix = pn_chars_base >> dotted(pn_chars);
const auto pn_local = (pn_chars_u | x3::char_(':') | digit | plx) >>
                      dotted(pn_chars | x3::char_(':') | plx);
const auto varname = (pn_chars_u | digit) >> *(pn_chars_u | digit);
const auto iri_char = (x3::char_('\x21', '\x7e') - x3::char_("<>\"{}|^`\\")) | utf8_byte;
const auto echar = x3::char_('\\') >> x3::char_("tbnrf\"'\\");
const auto exponent = x3::char_("eE") >> -x3::char_("+-") >> +digit;

// --- token rules, each a lexeme captured as raw text -----------------------------------------

const auto make_iri_ref = [](auto& ctx) {
  Node node(NodeKind::IriRef);
  auto range = x3::_attr(ctx);
  node.text.assign(range.begin() + 1, range.end() - 1);
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

const auto make_prefixed_name = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  std::string_view raw(range.begin(), range.end() - range.begin());
  Node node(NodeKind::PrefixedName);
  size_t colon = raw.find(':');
  node.text = std::string(raw.substr(0, colon));
  node.extra = unescape_local_name(raw.substr(colon + 1));
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

const auto make_string = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  std::string_view raw(range.begin(), range.end() - range.begin());
  size_t quote = raw.size() >= 6 && (raw.starts_with("'''") || raw.starts_with("\"\"\"")) ? 3 : 1;
  Node node(NodeKind::Literal);
  node.text = unescape_string(raw.substr(quote, raw.size() - 2 * quote));
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

// The language tag without its '@'.
const auto set_lang = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  x3::_val(ctx).extra.assign(range.begin() + 1, range.end());
};

const auto make_blank_label = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(NodeKind::BlankLabel);
  node.text.assign(range.begin() + 2, range.end());
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

const auto make_var = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(NodeKind::Var);
  node.text.assign(range.begin() + 1, range.end());
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

template <NodeKind K>
const auto make_raw = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(K);
  node.text.assign(range.begin(), range.end());
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

const auto string_token =
    x3::raw[x3::lexeme[("'''" >> *(-(x3::lit("''") | '\'') >> (~x3::char_("'\\") | echar)) >>
                        "'''") |
                       ("\"\"\"" >> *(-(x3::lit("\"\"") | '"') >> (~x3::char_("\"\\") | echar)) >>
                        "\"\"\"") |
                       ('\'' >> *(~x3::char_("'\\\n\r") | echar) >> '\'') |
                       ('"' >> *(~x3::char_("\"\\\n\r") | echar) >> '"')]];

const auto unsigned_number =
    x3::raw[x3::lexeme[(+digit >> '.' >> *digit >> exponent) | ('.' >> +digit >> exponent) |
                       (+digit >> exponent)]][make_raw<NodeKind::Double>] |
    x3::raw[x3::lexeme[*digit >> '.' >> +digit]][make_raw<NodeKind::Decimal>] |
    x3::raw[x3::lexeme[+digit]][make_raw<NodeKind::Integer>];

const auto signed_number =
    x3::raw[x3::lexeme[-x3::char_("+-") >> (+digit >> '.' >> *digit >> exponent |
                                            '.' >> +digit >> exponent | +digit >> exponent)]]
           [make_raw<NodeKind::Double>] |
    x3::raw[x3::lexeme[-x3::char_("+-") >> *digit >> '.' >> +digit]][make_raw<NodeKind::Decimal>] |
    x3::raw[x3::lexeme[-x3::char_("+-") >> +digit]][make_raw<NodeKind::Integer>];

const auto prefixed_name = x3::raw[x3::lexeme[-pn_prefix >> ':' >> -pn_local]][make_prefixed_name];

}  // namespace

// --- rules ----------------------------------------------------------------------------------

const auto iri_ref_text_def = x3::raw[x3::lexeme['<' >> *iri_char >> '>']][make_iri_ref];
const auto prefix_decl_name_def =
    x3::raw[x3::lexeme[-pn_prefix >> ':']][make_raw<NodeKind::PrefixedName>];
const auto string_value_def = string_token[make_string];
const auto iri_def = iri_ref_text[assign] | prefixed_name;
const auto var_def = x3::raw[x3::lexeme[x3::char_("?$") >> varname]][make_var];
const auto rdf_literal_def =
    string_value[assign] >>
    -(x3::raw[x3::lexeme['@' >> +x3::char_("a-zA-Z") >> *('-' >> +x3::char_("a-zA-Z0-9"))]]
             [set_lang] |
      ("^^" > iri[push]));
const auto numeric_literal_def = signed_number;
const auto make_boolean = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(NodeKind::Boolean);
  node.text = (range.begin()[0] == 't' || range.begin()[0] == 'T') ? "true" : "false";
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};
const auto boolean_literal_def = x3::raw[kw("true") | kw("false")][make_boolean];
const auto blank_node_def =
    x3::raw[x3::lexeme["_:" >> (pn_chars_u | digit) >> dotted(pn_chars)]][make_blank_label] |
    (x3::lit('[') >> ']')[start<NodeKind::Anon>];
const auto nil_def = (x3::lit('(') >> ')')[start<NodeKind::Nil>];
const auto var_or_iri_def = var[assign] | iri[assign];
const auto var_or_term_def = var[assign] | iri[assign] | rdf_literal[assign] |
                             numeric_literal[assign] | boolean_literal[assign] |
                             blank_node[assign] | nil[assign];
const auto data_value_def = iri[assign] | rdf_literal[assign] | numeric_literal[assign] |
                            boolean_literal[assign] | kw("UNDEF")[start<NodeKind::Undef>];

BOOST_SPIRIT_DEFINE(iri_ref_text, prefix_decl_name, string_value, iri, var, rdf_literal,
                    numeric_literal, boolean_literal, blank_node, nil, var_or_iri, var_or_term,
                    data_value)

BOOST_SPIRIT_INSTANTIATE(iri_ref_text_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(prefix_decl_name_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(string_value_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(iri_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(var_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(rdf_literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(numeric_literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(boolean_literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(blank_node_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(nil_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(var_or_iri_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(var_or_term_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(data_value_type, iterator_type, context_type)

}  // namespace moivre::query::parser
