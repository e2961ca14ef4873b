// Reading RapidJSON values the way registry records need: missing and null members alike,
// strings or numbers as text, arrays that may be absent.
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace moivre::registry::json {

using Value = rapidjson::Value;

inline const Value* member(const Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

// A member's text: a string, a number as written, or "" (absent, null, other).
inline std::string str(const Value& v, const char* key) {
  const Value* m = member(v, key);
  if (!m) return {};
  if (m->IsString()) return {m->GetString(), m->GetStringLength()};
  if (m->IsInt64()) return std::to_string(m->GetInt64());
  if (m->IsUint64()) return std::to_string(m->GetUint64());
  if (m->IsDouble()) return std::to_string(m->GetDouble());
  return {};
}

// ORCID and Wikidata wrap values: {"value": …}.
inline std::string value_of(const Value& v, const char* key) {
  const Value* m = member(v, key);
  return m ? str(*m, "value") : std::string();
}

inline Value::ConstArray array(const Value& v, const char* key) {
  static const Value empty(rapidjson::kArrayType);
  const Value* m = member(v, key);
  return m && m->IsArray() ? m->GetArray() : empty.GetArray();
}

}  // namespace moivre::registry::json
