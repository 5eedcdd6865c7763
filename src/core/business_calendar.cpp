#include "core/business_calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "core/error.hpp"

namespace abonado {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year_month_day;

const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    throw Error(Code::kInvalidField, "unknown time zone '" + std::string(name) + "'", "time_zone");
  }
}

// A local time split into its civil date and the time elapsed since local midnight.
struct LocalParts {
  sys_days date;  // the local civil date, as a day count
  Millis time_of_day;
};

LocalParts split_local(const date::time_zone& zone, TimePoint t) {
  auto local = zone.to_local(t);
  auto midnight = std::chrono::floor<days>(local);
  return {sys_days{midnight.time_since_epoch()}, local - midnight};
}

}  // namespace

std::optional<year_month_day> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t width) {
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                      std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_iso_date(year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

BusinessCalendar::BusinessCalendar(std::string_view time_zone, std::vector<year_month_day> holidays,
                                   const std::vector<weekday>& business_weekdays)
    : zone_(find_zone(time_zone)), zone_name_(time_zone), holidays_(std::move(holidays)) {
  for (const auto& day : holidays_) {
    if (!day.ok()) throw Error(Code::kInvalidField, "holiday is not a valid date", "holidays");
  }
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
  for (weekday day : business_weekdays) {
    if (!day.ok()) throw Error(Code::kInvalidField, "not a weekday", "business_weekdays");
    business_weekdays_[day.c_encoding()] = true;
  }
  if (std::none_of(business_weekdays_.begin(), business_weekdays_.end(),
                   [](bool b) { return b; })) {
    throw Error(Code::kInvalidField, "at least one business weekday is required",
                "business_weekdays");
  }
}

year_month_day BusinessCalendar::local_date(TimePoint t) const {
  return year_month_day{split_local(*zone_, t).date};
}

std::chrono::milliseconds BusinessCalendar::local_time_of_day(TimePoint t) const {
  return split_local(*zone_, t).time_of_day;
}

bool BusinessCalendar::is_holiday(year_month_day local_date) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), local_date);
}

bool BusinessCalendar::is_business_day(year_month_day local_date) const {
  return business_weekdays_[weekday{sys_days{local_date}}.c_encoding()] && !is_holiday(local_date);
}

TimePoint BusinessCalendar::add_business_days(TimePoint from, int n) const {
  assert(n >= 0 && "deadlines count forward; callers pass policy values validated as >= 0");
  auto [day, time_of_day] = split_local(*zone_, from);
  if (!is_business_day(year_month_day{day})) {
    do {
      day += days{1};
    } while (!is_business_day(year_month_day{day}));
    time_of_day = Millis{0};
  }
  for (int counted = 0; counted < n;) {
    day += days{1};
    if (is_business_day(year_month_day{day})) ++counted;
  }
  date::local_time<Millis> target{day.time_since_epoch() + time_of_day};
  return zone_->to_sys(target, date::choose::earliest);
}

std::string hhmm(int minute_of_day) {
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + minute_of_day / 600 % 10);
  out[1] = static_cast<char>('0' + minute_of_day / 60 % 10);
  out[3] = static_cast<char>('0' + minute_of_day % 60 / 10);
  out[4] = static_cast<char>('0' + minute_of_day % 10);
  return out;
}

TimePoint BusinessCalendar::start_of(year_month_day local_date) const {
  date::local_time<Millis> local{sys_days{local_date}.time_since_epoch()};
  return zone_->to_sys(local, date::choose::earliest);
}

TimePoint BusinessCalendar::add_months(TimePoint from, int n) const {
  assert(n >= 0);
  auto [day, time_of_day] = split_local(*zone_, from);
  year_month_day target = year_month_day{day} + std::chrono::months{n};
  if (!target.ok()) target = target.year() / target.month() / std::chrono::last;
  date::local_time<Millis> local{sys_days{target}.time_since_epoch() + time_of_day};
  return zone_->to_sys(local, date::choose::earliest);
}

bool BusinessCalendar::within_service_hours(TimePoint t, const ServiceHours& hours) const {
  auto [day, time_of_day] = split_local(*zone_, t);
  if (!hours.open_on_holidays && is_holiday(year_month_day{day})) return false;
  const auto& interval = hours.on(weekday{day});
  if (!interval) return false;
  auto minute = std::chrono::floor<std::chrono::minutes>(time_of_day).count();
  return minute >= interval->open_minute && minute < interval->close_minute;
}

}  // namespace abonado
