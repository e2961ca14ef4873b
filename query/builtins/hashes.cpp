// Hash functions (section 17.4.6): the hex digest of a simple literal's UTF-8 bytes.
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "query/builtins/builtins.hpp"

namespace moivre::query::builtins {
namespace {

template <class Ctx, size_t Size>
Value digest(const Term& t, void (*init)(Ctx*), void (*update)(Ctx*, size_t, const uint8_t*),
             void (*finish)(Ctx*, size_t, uint8_t*)) {
  if (!is_simple(t)) return std::nullopt;
  Ctx ctx;
  uint8_t out[Size];
  init(&ctx);
  update(&ctx, t.value.size(), reinterpret_cast<const uint8_t*>(t.value.data()));
  finish(&ctx, Size, out);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : out) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return Term::literal(hex);
}

}  // namespace

Value md5(Args a, ExpressionContext&) {
  return digest<md5_ctx, MD5_DIGEST_SIZE>(a[0], md5_init, md5_update, md5_digest);
}
Value sha1(Args a, ExpressionContext&) {
  return digest<sha1_ctx, SHA1_DIGEST_SIZE>(a[0], sha1_init, sha1_update, sha1_digest);
}
Value sha256(Args a, ExpressionContext&) {
  return digest<sha256_ctx, SHA256_DIGEST_SIZE>(a[0], sha256_init, sha256_update, sha256_digest);
}
Value sha384(Args a, ExpressionContext&) {
  return digest<sha384_ctx, SHA384_DIGEST_SIZE>(a[0], sha384_init, sha384_update, sha384_digest);
}
Value sha512(Args a, ExpressionContext&) {
  return digest<sha512_ctx, SHA512_DIGEST_SIZE>(a[0], sha512_init, sha512_update, sha512_digest);
}

}  // namespace moivre::query::builtins
