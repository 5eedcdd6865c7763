#pragma once
// An operator's working calendar: its time zone, public holidays and business weekdays. Rules
// that speak of "business days" (FL-4) or "service hours" (FL-15) ask it, so they are evaluated
// in the operator's local time whatever the server's zone. Immutable after construction and
// cheap to copy; any thread may call it. Time zone data comes from the system tz database.

#include <array>
#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace date {
class time_zone;
}

namespace abonado {

// A civil date written YYYY-MM-DD (a pack's holidays, a report's period); nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);
std::string format_iso_date(std::chrono::year_month_day date);

// Opening hours per weekday in local time. A day without an interval is closed.
// "07:00" for 420 local minutes after midnight; "24:00" for the end of the day (1440).
std::string hhmm(int minute_of_day);

struct ServiceHours {
  // Local minutes after midnight, half-open [open_minute, close_minute);
  // 0 <= open_minute < close_minute <= 1440 (1440 closes at midnight).
  struct Interval {
    int open_minute = 0;
    int close_minute = 0;
  };

  // Whether the weekday's interval also applies on a public holiday; if false, holidays are
  // closed all day.
  bool open_on_holidays = false;

  void set(std::chrono::weekday day, Interval interval) {
    assert(day.ok() && "weekday out of range indexes past days_");
    days_[day.c_encoding()] = interval;
  }
  const std::optional<Interval>& on(std::chrono::weekday day) const {
    assert(day.ok() && "weekday out of range indexes past days_");
    return days_[day.c_encoding()];
  }

 private:
  std::array<std::optional<Interval>, 7> days_;  // by weekday, 0 = Sunday
};

class BusinessCalendar {
 public:
  // Throws Error(kInvalidField) for an unknown IANA zone ("time_zone"), a holiday that is not a
  // valid date ("holidays") or no valid business weekday at all ("business_weekdays").
  BusinessCalendar(std::string_view time_zone, std::vector<std::chrono::year_month_day> holidays,
                   const std::vector<std::chrono::weekday>& business_weekdays = {
                       std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday,
                       std::chrono::Thursday, std::chrono::Friday});

  // The IANA name, e.g. "America/Lima".
  const std::string& time_zone() const { return zone_name_; }

  // The civil date at `t` in the operator's zone.
  std::chrono::year_month_day local_date(TimePoint t) const;
  // The wall-clock time at `t` in the operator's zone, since its midnight
  // (what a local clock shows, also on a day a DST change shortens or lengthens).
  std::chrono::milliseconds local_time_of_day(TimePoint t) const;
  bool is_holiday(std::chrono::year_month_day local_date) const;
  // A business weekday that is not a public holiday.
  bool is_business_day(std::chrono::year_month_day local_date) const;
  // The instant the local day `local_date` begins (its first instant if DST skips midnight).
  TimePoint start_of(std::chrono::year_month_day local_date) const;

  // The deadline `n` business days (n >= 0) after `from`:
  // - `from` on a business day: the same local wall-clock time on the n-th business day after
  //   that day (n = 0 gives `from` itself). Friday 18:00 + 3 gives Wednesday 18:00.
  // - `from` on a weekend or holiday: counting starts at 00:00 local of the next business day,
  //   so Saturday 10:00 + 3 gives Thursday 00:00 (and + 0 gives Monday 00:00).
  // A local time skipped by a DST change maps to the instant the gap ends; a repeated one to its
  // first occurrence.
  TimePoint add_business_days(TimePoint from, int n) const;

  // The same local wall-clock time `n` (>= 0) months after `from`, on the same day of the
  // month, or the month's last day when it has fewer days: Jan 31 + 1 is Feb 28 (29), + 2 is
  // Mar 31. Local times skipped or repeated by DST are chosen as add_business_days does.
  TimePoint add_months(TimePoint from, int n) const;

  // Whether `t` falls within `hours`, in the operator's local time.
  bool within_service_hours(TimePoint t, const ServiceHours& hours) const;

 private:
  const date::time_zone* zone_;  // owned by the process-wide tz database; never null
  std::string zone_name_;
  std::vector<std::chrono::year_month_day> holidays_;  // sorted, unique
  std::array<bool, 7> business_weekdays_{};            // by weekday, 0 = Sunday
};

}  // namespace abonado
