// XSD numbers as SPARQL computes with them (SPARQL 1.1 section 17.3; XPath Functions 3.1,
// sections 4 and 19).
//
// - xsd:integer is exact at any size, and so are the types derived from it (xsd:int, xsd:long,
//   xsd:byte, ...), which compute as xsd:integer.
// - xsd:decimal is exact: a multiple of a power of ten. Addition, subtraction and multiplication
//   lose nothing; division keeps at least 18 fractional digits and truncates the rest (XPath 3.1
//   section 4.2 leaves truncation or rounding to the implementation).
// - xsd:float and xsd:double are IEEE 754 binary32 and binary64.
//
// A literal whose lexical form is not in its type's lexical space (or, for a derived integer
// type, whose value is out of its range) is no number: Number::of gives nullopt. Results are
// written in XSD 1.1 canonical forms: "12", "-0.5", "1.0E-1", "INF", "NaN".
//
// Only the evaluators of expressions include this header: it brings in Boost.Multiprecision.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graph/term.hpp"

namespace moivre::query {

// In the order of SPARQL's numeric type promotion.
enum class NumericType : uint8_t { Integer, Decimal, Float, Double };

// The order of two numbers; NaN is unordered with everything, itself included.
enum class NumericOrder { Less, Equal, Greater, Unordered };

class Number {
 public:
  using BigInt = boost::multiprecision::cpp_int;

  // The value of a numeric literal; nullopt for another term or an invalid lexical form.
  static std::optional<Number> of(const graph::Term& literal);
  // The type a literal's datatype computes as, whether or not its lexical form is valid.
  static std::optional<NumericType> type_of(const graph::Term& literal);
  // Parses a lexical form of `type`; nullopt when it is not one.
  static std::optional<Number> parse(std::string_view lexical, NumericType type);

  static Number integer(BigInt value);
  // The value of a string of decimal digits (leading zeros allowed: they are not octal here).
  static BigInt digits_value(std::string_view digits);
  static Number decimal(BigInt unscaled, int scale);   // unscaled / 10^scale
  static Number real(double value, NumericType type);  // Float (rounded to binary32) or Double

  NumericType type() const { return type_; }
  bool is_nan() const;
  bool is_infinite() const;
  bool is_zero() const;

  // The literal with the canonical lexical form.
  graph::Term term() const;
  std::string canonical() const;
  // The string XPath's cast to xs:string gives (fixed notation for doubles between 1e-6 and 1e6).
  std::string to_xpath_string() const;
  double to_double() const;

  // XPath casting between numeric types; nullopt where XPath raises an error (NaN or an
  // infinity to xsd:integer or xsd:decimal).
  std::optional<Number> cast(NumericType to) const;

  // Arithmetic with type promotion; nullopt on division of an integer or decimal by zero.
  friend std::optional<Number> add(const Number& a, const Number& b);
  friend std::optional<Number> subtract(const Number& a, const Number& b);
  friend std::optional<Number> multiply(const Number& a, const Number& b);
  friend std::optional<Number> divide(const Number& a, const Number& b);
  friend NumericOrder compare(const Number& a, const Number& b);

  Number negate() const;
  Number abs() const;
  Number ceil() const;
  Number floor() const;
  Number round() const;  // half towards positive infinity (XPath fn:round)

  // Integer and Decimal: the value is unscaled / 10^scale (scale >= 0, no trailing zero digit
  // once normalised). Integers have scale 0.
  const BigInt& unscaled() const { return unscaled_; }
  int scale() const { return scale_; }

 private:
  Number() = default;
  void normalise();

  NumericType type_ = NumericType::Integer;
  BigInt unscaled_;
  int scale_ = 0;
  double real_ = 0;  // Float and Double
};

// Canonical lexical forms of IEEE numbers (XSD 1.1), shortest digits that read back exactly.
std::string canonical_double(double value);
std::string canonical_float(float value);

}  // namespace moivre::query
