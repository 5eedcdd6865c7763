#include "balance/model.hpp"

#include <stdexcept>

namespace abonado::balance {

TimePoint next_period(TimePoint t, std::string_view period) {
  using namespace std::chrono;
  if (period == "weekly") return t + days(7);
  if (period == "fortnightly") return t + days(14);
  if (period != "monthly") throw std::logic_error("unknown period " + std::string(period));
  auto day = floor<days>(t);
  year_month_day date{day};
  year_month_day next = date.year() / date.month() / date.day() + months(1);
  if (!next.ok()) next = next.year() / next.month() / last;
  return sys_days(next) + (t - day);
}

}  // namespace abonado::balance
