#include "core/clock.hpp"

#include <date/date.h>

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

std::string format_iso(TimePoint t) { return date::format("%FT%TZ", t); }

std::optional<TimePoint> parse_iso(std::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
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
