#include "graph/text_tokens.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace moivre::graph {
namespace {

void finish(std::string& token, std::vector<std::string>& out) {
  if (token.empty()) return;
  if (token.size() > kMaxTokenBytes) {
    // Cut at a character boundary.
    size_t cut = kMaxTokenBytes;
    while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
    token.resize(cut);
  }
  out.push_back(std::move(token));
  token.clear();
}

void ascii_tokens(std::string_view text, std::vector<std::string>& out) {
  std::string token;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      token += c;
    else if (c >= 'A' && c <= 'Z')
      token += static_cast<char>(c - 'A' + 'a');
    else
      finish(token, out);
  }
  finish(token, out);
}

}  // namespace

std::vector<std::string> text_tokens(std::string_view text) {
  std::vector<std::string> out;
  bool ascii = true;
  for (char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    ascii_tokens(text, out);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(source, status) : source;
  if (U_FAILURE(status)) decomposed = source;
  std::string token;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;  // the accents NFKD split off
    if (!u_isalnum(c)) {
      finish(token, out);
      continue;
    }
    c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    char bytes[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(bytes), length, 4, c, error);
    if (!error) token.append(bytes, static_cast<size_t>(length));
  }
  finish(token, out);
  return out;
}

}  // namespace moivre::graph
