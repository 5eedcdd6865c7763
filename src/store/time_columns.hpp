#pragma once
// Times as the repos keep them: epoch milliseconds in BIGINT columns, NULL
// for none (a port not yet completed, a message not yet sent).

#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "store/sql.hpp"

namespace abonado::store {

inline std::optional<std::int64_t> opt_epoch_ms(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return to_epoch_ms(*t);
}

inline std::optional<TimePoint> opt_time(const Row& r, std::size_t i) {
  if (auto ms = r.opt_i64(i)) return from_epoch_ms(*ms);
  return std::nullopt;
}

}  // namespace abonado::store
