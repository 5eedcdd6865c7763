#include "balance/model.hpp"

#include <algorithm>
#include <stdexcept>

namespace abonado::balance {

std::string_view usage_units(std::string_view usage_type) {
  if (usage_type == "voice") return "minutes";
  if (usage_type == "sms") return "SMS";
  if (usage_type == "data") return "MB";
  throw std::logic_error("unknown usage type " + std::string(usage_type));
}

TimePoint next_period(TimePoint anchor, TimePoint t, std::string_view period,
                      const BusinessCalendar& calendar) {
  using namespace std::chrono;
  if (period == "weekly" || period == "fortnightly") {
    Millis step = days(period == "weekly" ? 7 : 14);
    auto k = t < anchor ? 1 : (t - anchor) / step + 1;
    return anchor + step * k;
  }
  if (period != "monthly") throw std::logic_error("unknown period " + std::string(period));
  // From the months between the two local dates: that month's start or the next one.
  year_month_day from = calendar.local_date(anchor);
  year_month_day to = calendar.local_date(t);
  int k = (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
          (static_cast<int>(static_cast<unsigned>(to.month())) -
           static_cast<int>(static_cast<unsigned>(from.month())));
  k = std::max(k, 1);
  TimePoint next = calendar.add_months(anchor, k);
  while (next <= t) next = calendar.add_months(anchor, ++k);
  return next;
}

}  // namespace abonado::balance
