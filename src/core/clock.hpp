#pragma once
// Time for rules. Every rule that depends on "now" asks a Clock, so tests and
// the --testing endpoints can move time. Thread-safe: any thread may call.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace abonado {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Millis>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that stands still until set or advanced (--testing only).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  void set(TimePoint t);
  void advance(Millis d);

 private:
  std::atomic<std::int64_t> ms_;  // epoch milliseconds
};

std::int64_t to_epoch_ms(TimePoint t);
TimePoint from_epoch_ms(std::int64_t ms);

// ISO 8601 in UTC with milliseconds: 2026-11-22T10:15:30.123Z.
std::string format_iso(TimePoint t);
// Accepts ISO 8601 date-times with Z or a +hh:mm/-hh:mm offset, with or
// without fractional seconds. nullopt when the text is not one.
std::optional<TimePoint> parse_iso(std::string_view text);

}  // namespace abonado
