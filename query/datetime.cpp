#include "query/datetime.hpp"

#include <charconv>
#include <cstdio>

namespace moivre::query {
namespace {

constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";

bool is_leap(int64_t year) {
  // XSD 1.1 counts year 0 (1 BCE) as a leap year: the proleptic Gregorian calendar.
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int64_t year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// Reads exactly `n` digits.
bool digits(std::string_view& s, size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// -?YYYY+ : four digits at least, no leading zero beyond four.
bool parse_year(std::string_view& s, int64_t& year) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n < 4 || (n > 4 && s[0] == '0') || n > 15) return false;
  std::from_chars(s.data(), s.data() + n, year);
  s.remove_prefix(n);
  if (negative) year = -year;
  return true;
}

bool parse_time(std::string_view& s, DateTime& v) {
  if (!digits(s, 2, v.hour) || !expect(s, ':') || !digits(s, 2, v.minute) || !expect(s, ':') ||
      !digits(s, 2, v.second))
    return false;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0) return false;
    v.fraction = std::string(s.substr(0, n));
    s.remove_prefix(n);
    while (!v.fraction.empty() && v.fraction.back() == '0') v.fraction.pop_back();
  }
  if (v.minute > 59 || v.second > 59) return false;
  if (v.hour == 24) return v.minute == 0 && v.second == 0 && v.fraction.empty();
  return v.hour < 24;
}

bool parse_timezone(std::string_view& s, DateTime& v) {
  if (s.empty()) return true;
  if (s == "Z") {
    v.timezone_minutes = 0;
    s.remove_prefix(1);
    return true;
  }
  int sign = s.front() == '-' ? -1 : 1;
  if (s.front() != '+' && s.front() != '-') return false;
  s.remove_prefix(1);
  int hours, minutes;
  if (!digits(s, 2, hours) || !expect(s, ':') || !digits(s, 2, minutes)) return false;
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return false;
  v.timezone_minutes = sign * (hours * 60 + minutes);
  return true;
}

// Days from 0001-01-01 to the first of `month` in `year` (proleptic Gregorian).
int64_t days_before(int64_t year, int month) {
  int64_t y = year - 1;
  auto floor_div = [](int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  };
  int64_t days = 365 * y + floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
  for (int m = 1; m < month; ++m) days += days_in_month(year, m);
  return days;
}

std::string two(int n) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

}  // namespace

std::string timezone_duration(int minutes) {
  if (minutes == 0) return "PT0S";
  std::string out = minutes < 0 ? "-PT" : "PT";
  int m = minutes < 0 ? -minutes : minutes;
  if (m / 60) out += std::to_string(m / 60) + "H";
  if (m % 60) out += std::to_string(m % 60) + "M";
  return out;
}

std::optional<DateTime> DateTime::parse(std::string_view s, TemporalType type) {
  DateTime v;
  v.type = type;
  if (type != TemporalType::Time) {
    if (!parse_year(s, v.year) || !expect(s, '-') || !digits(s, 2, v.month) || !expect(s, '-') ||
        !digits(s, 2, v.day))
      return std::nullopt;
    if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > days_in_month(v.year, v.month))
      return std::nullopt;
  }
  if (type == TemporalType::DateTime && !expect(s, 'T')) return std::nullopt;
  if (type != TemporalType::Date && !parse_time(s, v)) return std::nullopt;
  if (!parse_timezone(s, v) || !s.empty()) return std::nullopt;
  return v;
}

std::optional<DateTime> DateTime::of(const graph::Term& t) {
  if (t.kind != graph::TermKind::TypedLiteral || t.qualifier.size() <= kXsd.size() ||
      t.qualifier.compare(0, kXsd.size(), kXsd) != 0)
    return std::nullopt;
  std::string_view local = std::string_view(t.qualifier).substr(kXsd.size());
  if (local == "dateTime") return parse(t.value, TemporalType::DateTime);
  if (local == "date") return parse(t.value, TemporalType::Date);
  if (local == "time") return parse(t.value, TemporalType::Time);
  return std::nullopt;
}

std::optional<int64_t> DateTime::seconds_on_time_line() const {
  if (year > 100'000'000'000 || year < -100'000'000'000) return std::nullopt;
  int64_t days = type == TemporalType::Time ? 0 : days_before(year, month) + day - 1;
  int64_t seconds = days * 86400 + int64_t{hour} * 3600 + minute * 60 + second;
  if (timezone_minutes) seconds -= int64_t{*timezone_minutes} * 60;
  return seconds;
}

std::string DateTime::canonical() const {
  DateTime v = *this;
  if (v.hour == 24) {  // 24:00:00 is the next day's midnight
    v.hour = 0;
    if (type != TemporalType::Time && ++v.day > days_in_month(v.year, v.month)) {
      v.day = 1;
      if (++v.month > 12) v.month = 1, ++v.year;
    }
  }
  std::string out;
  if (type != TemporalType::Time) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%04lld", v.year < 0 ? "-" : "",
                  static_cast<long long>(v.year < 0 ? -v.year : v.year));
    out = std::string(buf) + "-" + two(v.month) + "-" + two(v.day);
  }
  if (type == TemporalType::DateTime) out += "T";
  if (type != TemporalType::Date) {
    out += two(v.hour) + ":" + two(v.minute) + ":" + two(v.second);
    if (!v.fraction.empty()) out += "." + v.fraction;
  }
  if (v.timezone_minutes) {
    int m = *v.timezone_minutes;
    if (m == 0) {
      out += "Z";
    } else {
      out += m < 0 ? "-" : "+";
      m = m < 0 ? -m : m;
      out += two(m / 60) + ":" + two(m % 60);
    }
  }
  return out;
}

graph::Term DateTime::term() const {
  const char* name = type == TemporalType::DateTime ? "dateTime"
                     : type == TemporalType::Date   ? "date"
                                                    : "time";
  return graph::Term::typed_literal(canonical(), std::string(kXsd) + name);
}

TemporalOrder compare(const DateTime& a, const DateTime& b) {
  if (a.type != b.type) return TemporalOrder::Indeterminate;
  auto sa = a.seconds_on_time_line(), sb = b.seconds_on_time_line();
  if (!sa || !sb) return TemporalOrder::Indeterminate;
  auto order = [&](int64_t x, int64_t y) {
    if (x != y) return x < y ? TemporalOrder::Less : TemporalOrder::Greater;
    size_t n = std::max(a.fraction.size(), b.fraction.size());
    std::string fa = a.fraction, fb = b.fraction;
    fa.resize(n, '0');
    fb.resize(n, '0');
    int c = fa.compare(fb);
    return c < 0 ? TemporalOrder::Less : c > 0 ? TemporalOrder::Greater : TemporalOrder::Equal;
  };
  if (a.timezone_minutes.has_value() == b.timezone_minutes.has_value()) return order(*sa, *sb);
  // One has no timezone: it may be anywhere from 14 hours before to 14 hours after, and the
  // order is known only when it is the same across that span.
  constexpr int64_t kSpan = 14 * 3600;
  if (!a.timezone_minutes) {
    if (order(*sa + kSpan, *sb) == TemporalOrder::Less) return TemporalOrder::Less;
    if (order(*sa - kSpan, *sb) == TemporalOrder::Greater) return TemporalOrder::Greater;
  } else {
    if (order(*sa, *sb - kSpan) == TemporalOrder::Less) return TemporalOrder::Less;
    if (order(*sa, *sb + kSpan) == TemporalOrder::Greater) return TemporalOrder::Greater;
  }
  return TemporalOrder::Indeterminate;
}

}  // namespace moivre::query
