#include "core/clock.hpp"

#include <date/date.h>

#include <algorithm>
#include <sstream>

namespace abonado {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

ManualClock::ManualClock(TimePoint start) : ms_(to_epoch_ms(start)) {}
TimePoint ManualClock::now() const { return from_epoch_ms(ms_.load()); }
void ManualClock::set(TimePoint t) { ms_.store(to_epoch_ms(t)); }
void ManualClock::advance(Millis d) { ms_.fetch_add(d.count()); }

std::int64_t to_epoch_ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint from_epoch_ms(std::int64_t ms) { return TimePoint{Millis{ms}}; }

// "2026-11-22T06:00:00.123Z", as date::format("%FT%TZ") writes it, without
// its stream: every API document and audit record carries a few of these.
std::string format_iso(TimePoint t) {
  auto day = std::chrono::floor<date::days>(t);
  date::year_month_day ymd{day};
  auto ms = (t - day).count();
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%FT%TZ", t);
  char out[25];
  auto put = [&out](int at, long long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      out[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  out[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  out[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  out[10] = 'T';
  put(11, ms / 3'600'000, 2);
  out[13] = ':';
  put(14, ms / 60'000 % 60, 2);
  out[16] = ':';
  put(17, ms / 1000 % 60, 2);
  out[19] = '.';
  put(20, ms % 1000, 3);
  out[23] = 'Z';
  return std::string(out, 24);
}

namespace {

bool digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// Whether the text is an RFC 3339 date-time, every digit written:
// "YYYY-MM-DDTHH:MM:SS", an optional fraction of 1 to 3 digits, then "Z" or
// an offset "+HH:MM" / "-HH:MM" a clock can show (-12:00 to +14:00).
// date::parse alone takes "+2026", "2026-1-5", " 9:00", "+99:00" and "+05",
// and an offset of a bare "-" overflows inside it.
bool rfc3339_shape(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size() + 1) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  std::string_view rest = text.substr(kShape.size());
  if (rest.front() == '.') {
    auto end = rest.find_first_not_of("0123456789", 1);
    if (end == std::string_view::npos || end < 2 || end > 4) return false;  // 1 to 3 digits
    rest.remove_prefix(end);
  }
  if (rest == "Z") return true;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' ||
      !digits(rest.substr(1, 2)) || !digits(rest.substr(4, 2))) {
    return false;
  }
  int hh = (rest[1] - '0') * 10 + (rest[2] - '0');
  int mm = (rest[4] - '0') * 10 + (rest[5] - '0');
  return mm < 60 && hh * 60 + mm <= (rest[0] == '+' ? 14 * 60 : 12 * 60);
}

}  // namespace

std::optional<TimePoint> parse_iso(std::string_view text) {
  if (!rfc3339_shape(text)) return std::nullopt;
  std::string s(text);
  for (const char* fmt : {"%FT%T%Ez", "%FT%TZ"}) {
    std::istringstream in(s);
    TimePoint tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return tp;
  }
  return std::nullopt;
}

}  // namespace abonado
