// XSD dates and times as SPARQL compares and takes apart (SPARQL 1.1 sections 17.3 and 17.4.5;
// XSD 1.1 part 2, sections 3.3.7-3.3.9).
//
// A value keeps its seven components as written (a year of any length, possibly negative; the
// seconds' fraction as its digits) and its timezone offset when it has one. Two values are
// ordered on the time line, timezones applied; between one with a timezone and one without, XSD's
// partial order holds: the order is known only when it would be the same for any timezone from
// -14:00 to +14:00, and the comparison is otherwise an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graph/term.hpp"

namespace moivre::query {

enum class TemporalType : uint8_t { DateTime, Date, Time };

struct DateTime {
  TemporalType type = TemporalType::DateTime;
  int64_t year = 1;  // Date and DateTime
  int month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;  // DateTime and Time
  std::string fraction;                  // digits after the seconds' point, no trailing zero
  std::optional<int> timezone_minutes;   // offset from UTC

  // The value of an xsd:dateTime, xsd:date or xsd:time literal; nullopt otherwise or when its
  // lexical form is invalid (e.g. February 30th).
  static std::optional<DateTime> of(const graph::Term& literal);
  static std::optional<DateTime> parse(std::string_view lexical, TemporalType type);

  // The canonical lexical form (24:00:00 is the next day's 00:00:00; +00:00 is Z).
  std::string canonical() const;
  graph::Term term() const;

  // Seconds since 0001-01-01T00:00:00 in UTC (local time when there is no timezone).
  // nullopt when the year is too far out to count in 64 bits.
  std::optional<int64_t> seconds_on_time_line() const;
};

enum class TemporalOrder { Less, Equal, Greater, Indeterminate };

// The order of two values of the same type; Indeterminate across types too.
TemporalOrder compare(const DateTime& a, const DateTime& b);

// The timezone of a value as an xsd:dayTimeDuration lexical form ("PT0S", "-PT5H", "PT5H30M").
std::string timezone_duration(int minutes);

}  // namespace moivre::query
