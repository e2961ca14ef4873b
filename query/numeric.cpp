#include "query/numeric.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace moivre::query {
namespace {

using BigInt = Number::BigInt;

constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";

// Digits a decimal division keeps after the point, at least (XPath 3.1 asks for 18).
constexpr int kDivisionDigits = 18;

// Exact numbers are bounded so that no query can make one arithmetic step take seconds: about
// 10,000 digits before and after the point. A literal past that counts as ill-formed and a
// result past it is an error (as an overflow is in XPath, FOAR0002).
constexpr size_t kMaxDigits = 10000;
constexpr unsigned kMaxBits = 33220;  // 10,000 digits

bool within_bounds(const Number& n) {
  if (n.type() >= NumericType::Float) return true;
  return n.scale() <= static_cast<int>(kMaxDigits) &&
         (n.unscaled() == 0 ||
          boost::multiprecision::msb(boost::multiprecision::abs(n.unscaled())) < kMaxBits);
}

std::optional<Number> bounded(Number n) {
  if (!within_bounds(n)) return std::nullopt;
  return n;
}

// The integer types XSD derives from xsd:integer, with their bounds (none: unbounded).
struct IntegerType {
  std::string_view name;
  std::optional<BigInt> min, max;
};

const std::vector<IntegerType>& integer_types() {
  static const std::vector<IntegerType> types = [] {
    auto pow2 = [](unsigned n) { return BigInt(1) << n; };
    return std::vector<IntegerType>{
        {"integer", std::nullopt, std::nullopt},
        {"nonPositiveInteger", std::nullopt, BigInt(0)},
        {"negativeInteger", std::nullopt, BigInt(-1)},
        {"nonNegativeInteger", BigInt(0), std::nullopt},
        {"positiveInteger", BigInt(1), std::nullopt},
        {"long", -pow2(63), pow2(63) - 1},
        {"int", -pow2(31), pow2(31) - 1},
        {"short", -pow2(15), pow2(15) - 1},
        {"byte", -pow2(7), pow2(7) - 1},
        {"unsignedLong", BigInt(0), pow2(64) - 1},
        {"unsignedInt", BigInt(0), pow2(32) - 1},
        {"unsignedShort", BigInt(0), pow2(16) - 1},
        {"unsignedByte", BigInt(0), pow2(8) - 1},
    };
  }();
  return types;
}

const IntegerType* integer_type(std::string_view local) {
  for (const auto& t : integer_types())
    if (t.name == local) return &t;
  return nullptr;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// [+-]?[0-9]+
bool integer_lexical(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// [+-]?([0-9]+(.[0-9]*)?|.[0-9]+): the digits and the position of the point in `digits`.
bool decimal_lexical(std::string_view s, bool& negative, std::string& digits, int& fraction) {
  negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) negative = s[0] == '-', s.remove_prefix(1);
  digits.clear();
  fraction = 0;
  bool point = false;
  for (char c : s) {
    if (c == '.') {
      if (point) return false;
      point = true;
    } else if (is_digit(c)) {
      digits += c;
      if (point) ++fraction;
    } else {
      return false;
    }
  }
  return !digits.empty();
}

// The lexical space of xsd:double and xsd:float: a decimal with an optional exponent, INF, NaN.
bool real_lexical(std::string_view s) {
  if (s == "INF" || s == "+INF" || s == "-INF" || s == "NaN") return true;
  size_t e = s.find_first_of("eE");
  bool negative;
  std::string digits;
  int fraction;
  if (!decimal_lexical(s.substr(0, e), negative, digits, fraction)) return false;
  return e == std::string_view::npos || integer_lexical(s.substr(e + 1));
}

template <class Real>
Real parse_real(std::string_view s) {
  if (s == "INF" || s == "+INF") return HUGE_VAL;
  if (s == "-INF") return -HUGE_VAL;
  if (s == "NaN") return NAN;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  Real value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error == std::errc::result_out_of_range) {
    // Past the type's range: an infinity, or a zero below its smallest magnitude.
    std::string text(s);
    return std::is_same_v<Real, float> ? std::strtof(text.c_str(), nullptr)
                                       : std::strtod(text.c_str(), nullptr);
  }
  return value;
}

BigInt pow10(int n) {
  BigInt r = 1;
  static const BigInt ten18("1000000000000000000");
  for (; n >= 18; n -= 18) r *= ten18;
  for (; n > 0; --n) r *= 10;
  return r;
}

// A double's shortest round-trip digits in fixed notation, e.g. "0.1", "-1500", "1e+300" never.
template <class Real>
std::string fixed_digits(Real value) {
  char buf[400];
  auto [end, error] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return error == std::errc() ? std::string(buf, end) : std::string();
}

template <class Real>
std::string canonical_real(Real value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
  char buf[64];
  auto [end, error] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(end - buf));
  size_t e = s.find('e');
  std::string mantissa(s.substr(0, e));
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  int exponent = 0;
  std::string_view exp = s.substr(e + 1);
  if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
  std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
  return mantissa + "E" + std::to_string(exponent);
}

// XPath's xs:float/xs:double to xs:string: fixed notation between 1e-6 and 1e6 (as the decimal
// with the shortest digits), else the canonical form.
template <class Real>
std::string xpath_real_string(Real value) {
  if (std::isnan(value) || std::isinf(value)) return canonical_real(value);
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  Real magnitude = std::fabs(value);
  if (magnitude >= Real(1e-6) && magnitude < Real(1e6)) {
    std::string s = fixed_digits(value);
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }
  return canonical_real(value);
}

}  // namespace

std::string canonical_double(double value) {
  return canonical_real(value);
}
std::string canonical_float(float value) {
  return canonical_real(value);
}

std::optional<NumericType> Number::type_of(const graph::Term& t) {
  if (t.kind != graph::TermKind::TypedLiteral || t.qualifier.size() <= kXsd.size() ||
      t.qualifier.compare(0, kXsd.size(), kXsd) != 0)
    return std::nullopt;
  std::string_view local = std::string_view(t.qualifier).substr(kXsd.size());
  if (local == "double") return NumericType::Double;
  if (local == "float") return NumericType::Float;
  if (local == "decimal") return NumericType::Decimal;
  if (integer_type(local)) return NumericType::Integer;
  return std::nullopt;
}

std::optional<Number> Number::of(const graph::Term& t) {
  auto type = type_of(t);
  if (!type) return std::nullopt;
  auto n = parse(t.value, *type);
  if (!n || *type != NumericType::Integer) return n;
  const IntegerType* range = integer_type(std::string_view(t.qualifier).substr(kXsd.size()));
  if ((range->min && n->unscaled_ < *range->min) || (range->max && n->unscaled_ > *range->max))
    return std::nullopt;
  return n;
}

std::optional<Number> Number::parse(std::string_view s, NumericType type) {
  Number n;
  n.type_ = type;
  switch (type) {
    case NumericType::Integer:
    case NumericType::Decimal: {
      bool negative;
      std::string digits;
      int fraction;
      if (type == NumericType::Integer ? !integer_lexical(s)
                                       : !decimal_lexical(s, negative, digits, fraction))
        return std::nullopt;
      if (type == NumericType::Integer) decimal_lexical(s, negative, digits, fraction);
      if (digits.size() > kMaxDigits) return std::nullopt;
      n.unscaled_ = digits_value(digits);
      if (negative) n.unscaled_ = -n.unscaled_;
      n.scale_ = fraction;
      n.normalise();
      return n;
    }
    case NumericType::Float:
      if (!real_lexical(s)) return std::nullopt;
      n.real_ = parse_real<float>(s);
      return n;
    case NumericType::Double:
      if (!real_lexical(s)) return std::nullopt;
      n.real_ = parse_real<double>(s);
      return n;
  }
  return std::nullopt;
}

Number::BigInt Number::digits_value(std::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  digits.remove_prefix(first);  // Boost would read a leading 0 as an octal prefix
  // Short digit strings (nearly all) convert without Boost's string parser.
  if (digits.size() <= 18) {
    uint64_t v = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), v);
    return v;
  }
  return BigInt(std::string(digits));
}

Number Number::integer(BigInt value) {
  Number n;
  n.type_ = NumericType::Integer;
  n.unscaled_ = std::move(value);
  return n;
}

Number Number::decimal(BigInt unscaled, int scale) {
  Number n;
  n.type_ = NumericType::Decimal;
  n.unscaled_ = std::move(unscaled);
  n.scale_ = scale;
  n.normalise();
  return n;
}

Number Number::real(double value, NumericType type) {
  Number n;
  n.type_ = type == NumericType::Float ? NumericType::Float : NumericType::Double;
  n.real_ = n.type_ == NumericType::Float ? static_cast<double>(static_cast<float>(value)) : value;
  return n;
}

void Number::normalise() {
  if (unscaled_ == 0) {
    scale_ = 0;
    return;
  }
  while (scale_ > 0 && unscaled_ % 10 == 0) {
    unscaled_ /= 10;
    --scale_;
  }
}

bool Number::is_nan() const {
  return (type_ == NumericType::Float || type_ == NumericType::Double) && std::isnan(real_);
}
bool Number::is_infinite() const {
  return (type_ == NumericType::Float || type_ == NumericType::Double) && std::isinf(real_);
}
bool Number::is_zero() const {
  return type_ == NumericType::Float || type_ == NumericType::Double ? real_ == 0 : unscaled_ == 0;
}

std::string Number::canonical() const {
  switch (type_) {
    case NumericType::Integer:
      return unscaled_.str();
    case NumericType::Decimal: {
      if (scale_ == 0) return unscaled_.str();
      std::string digits = (unscaled_ < 0 ? BigInt(-unscaled_) : unscaled_).str();
      if (digits.size() <= static_cast<size_t>(scale_))
        digits.insert(0, static_cast<size_t>(scale_) - digits.size() + 1, '0');
      digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
      return (unscaled_ < 0 ? "-" : "") + digits;
    }
    case NumericType::Float:
      return canonical_float(static_cast<float>(real_));
    case NumericType::Double:
      return canonical_double(real_);
  }
  return {};
}

std::string Number::to_xpath_string() const {
  if (type_ == NumericType::Float) return xpath_real_string(static_cast<float>(real_));
  if (type_ == NumericType::Double) return xpath_real_string(real_);
  return canonical();
}

graph::Term Number::term() const {
  static const std::string names[] = {std::string(kXsd) + "integer", std::string(kXsd) + "decimal",
                                      std::string(kXsd) + "float", std::string(kXsd) + "double"};
  return graph::Term::typed_literal(canonical(), names[static_cast<int>(type_)]);
}

double Number::to_double() const {
  if (type_ == NumericType::Float || type_ == NumericType::Double) return real_;
  if (scale_ == 0 && unscaled_ >= -(int64_t{1} << 53) && unscaled_ <= (int64_t{1} << 53))
    return static_cast<double>(static_cast<int64_t>(unscaled_));
  // Through the digits, so that the result is the double nearest the exact value.
  return parse_real<double>(canonical());
}

std::optional<Number> Number::cast(NumericType to) const {
  if (to == type_) return *this;
  switch (to) {
    case NumericType::Float:
      if (type_ == NumericType::Double) return real(real_, to);
      return real(static_cast<double>(parse_real<float>(canonical())), to);
    case NumericType::Double:
      return real(to_double(), to);
    case NumericType::Decimal:
    case NumericType::Integer: {
      if (is_nan() || is_infinite()) return std::nullopt;
      Number exact;
      if (type_ == NumericType::Float || type_ == NumericType::Double) {
        // The decimal with the fewest digits that reads back as the same float or double.
        std::string digits = type_ == NumericType::Float ? fixed_digits(static_cast<float>(real_))
                                                         : fixed_digits(real_);
        auto parsed = parse(digits, NumericType::Decimal);
        if (!parsed) return std::nullopt;
        exact = *parsed;
      } else {
        exact = *this;
      }
      if (to == NumericType::Decimal) {
        exact.type_ = NumericType::Decimal;
        return exact;
      }
      // Towards zero.
      BigInt whole = exact.unscaled_ / pow10(exact.scale_);
      return integer(std::move(whole));
    }
  }
  return std::nullopt;
}

namespace {

NumericType common_type(const Number& a, const Number& b) {
  return std::max(a.type(), b.type());
}

// Both as exact values with one scale: a.unscaled * 10^(s - a.scale), likewise b.
void aligned(const Number& a, const Number& b, BigInt& x, BigInt& y, int& scale) {
  scale = std::max(a.scale(), b.scale());
  x = a.unscaled() * pow10(scale - a.scale());
  y = b.unscaled() * pow10(scale - b.scale());
}

template <class Op>
std::optional<Number> real_op(const Number& a, const Number& b, NumericType type, Op op) {
  double x = a.cast(type)->to_double(), y = b.cast(type)->to_double();
  return Number::real(op(x, y), type);
}

}  // namespace

namespace {

// a + b or a - b: exact for integers and decimals (on one scale), IEEE for floats and doubles.
template <class Op>
std::optional<Number> additive(const Number& a, const Number& b, Op op) {
  NumericType type = common_type(a, b);
  if (type >= NumericType::Float) return real_op(a, b, type, op);
  BigInt x, y;
  int scale;
  aligned(a, b, x, y, scale);
  BigInt r = op(x, y);
  return bounded(type == NumericType::Integer ? Number::integer(std::move(r))
                                              : Number::decimal(std::move(r), scale));
}

}  // namespace

std::optional<Number> add(const Number& a, const Number& b) {
  return additive(a, b, std::plus<>());
}

std::optional<Number> subtract(const Number& a, const Number& b) {
  return additive(a, b, std::minus<>());
}

std::optional<Number> multiply(const Number& a, const Number& b) {
  NumericType type = common_type(a, b);
  if (type >= NumericType::Float) return real_op(a, b, type, std::multiplies<double>());
  if (type == NumericType::Integer) return bounded(Number::integer(a.unscaled_ * b.unscaled_));
  return bounded(Number::decimal(a.unscaled_ * b.unscaled_, a.scale_ + b.scale_));
}

std::optional<Number> divide(const Number& a, const Number& b) {
  NumericType type = common_type(a, b);
  if (type >= NumericType::Float) return real_op(a, b, type, std::divides<double>());
  // xsd:integer / xsd:integer is an xsd:decimal (SPARQL 1.1, section 17.3).
  if (b.unscaled_ == 0) return std::nullopt;
  int digits = std::max(kDivisionDigits, a.scale_);
  BigInt q = a.unscaled_ * pow10(digits + b.scale_ - a.scale_) / b.unscaled_;
  return bounded(Number::decimal(std::move(q), digits));
}

NumericOrder compare(const Number& a, const Number& b) {
  NumericType type = common_type(a, b);
  if (type >= NumericType::Float) {
    double x = a.cast(type)->to_double(), y = b.cast(type)->to_double();
    if (std::isnan(x) || std::isnan(y)) return NumericOrder::Unordered;
    return x < y ? NumericOrder::Less : x > y ? NumericOrder::Greater : NumericOrder::Equal;
  }
  if (a.scale_ == b.scale_) {
    int c = a.unscaled_.compare(b.unscaled_);
    return c < 0 ? NumericOrder::Less : c > 0 ? NumericOrder::Greater : NumericOrder::Equal;
  }
  BigInt x, y;
  int scale;
  aligned(a, b, x, y, scale);
  int c = x.compare(y);
  return c < 0 ? NumericOrder::Less : c > 0 ? NumericOrder::Greater : NumericOrder::Equal;
}

Number Number::negate() const {
  Number n = *this;
  if (type_ == NumericType::Float || type_ == NumericType::Double)
    n.real_ = -real_;
  else
    n.unscaled_ = -unscaled_;
  return n;
}

Number Number::abs() const {
  Number n = *this;
  if (type_ == NumericType::Float || type_ == NumericType::Double)
    n.real_ = std::fabs(real_);
  else if (unscaled_ < 0)
    n.unscaled_ = -unscaled_;
  return n;
}

Number Number::floor() const {
  if (type_ == NumericType::Float || type_ == NumericType::Double)
    return real(std::floor(real_), type_);
  if (scale_ == 0) return *this;
  BigInt divisor = pow10(scale_);
  BigInt q = unscaled_ / divisor;  // towards zero
  if (unscaled_ < 0 && q * divisor != unscaled_) q -= 1;
  return decimal(std::move(q), 0);
}

Number Number::ceil() const {
  if (type_ == NumericType::Float || type_ == NumericType::Double)
    return real(std::ceil(real_), type_);
  if (scale_ == 0) return *this;
  BigInt divisor = pow10(scale_);
  BigInt q = unscaled_ / divisor;
  if (unscaled_ > 0 && q * divisor != unscaled_) q += 1;
  return decimal(std::move(q), 0);
}

Number Number::round() const {
  if (type_ == NumericType::Float || type_ == NumericType::Double) {
    if (std::isnan(real_) || std::isinf(real_)) return *this;
    double down = std::floor(real_);
    double r = real_ - down >= 0.5 ? down + 1 : down;
    // Between -0.5 and 0 the result is negative zero (XPath fn:round).
    if (r == 0 && std::signbit(real_)) r = -0.0;
    return real(r, type_);
  }
  if (scale_ == 0) return *this;
  // floor(x + 1/2), exactly: (2u + 10^s) / (2 * 10^s), rounded down.
  BigInt divisor = 2 * pow10(scale_);
  BigInt numerator = 2 * unscaled_ + pow10(scale_);
  BigInt q = numerator / divisor;
  if (numerator < 0 && q * divisor != numerator) q -= 1;
  return decimal(std::move(q), 0);
}

}  // namespace moivre::query
