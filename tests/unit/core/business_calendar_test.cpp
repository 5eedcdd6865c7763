#include "core/business_calendar.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace abonado {
namespace {

using namespace std::chrono;

TimePoint at(std::string_view iso) {
  auto t = parse_iso(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(TimePoint{});
}

// Peruvian national holidays around the dates the tests cross.
BusinessCalendar lima() {
  return BusinessCalendar("America/Lima", {2026y / April / 2, 2026y / April / 3,
                                           2026y / December / 25, 2027y / January / 1});
}

// Russian non-working days of 2026 (with the government's transfers) and early 2027.
BusinessCalendar moscow() {
  std::vector<year_month_day> holidays = {2026y / February / 23, 2026y / December / 31};
  for (unsigned d = 1; d <= 9; ++d) holidays.push_back(2026y / January / day{d});
  for (unsigned d = 1; d <= 8; ++d) holidays.push_back(2027y / January / day{d});
  return BusinessCalendar("Europe/Moscow", holidays);
}

TEST(BusinessCalendar, FridayEveningPlusThreeEndsWednesdaySameTime) {
  EXPECT_EQ(lima().add_business_days(at("2026-01-09T18:00:00-05:00"), 3),
            at("2026-01-14T18:00:00-05:00"));
}

TEST(BusinessCalendar, FromSaturdayCountsFromMondayStart) {
  auto saturday = at("2026-01-10T10:00:00-05:00");
  EXPECT_EQ(lima().add_business_days(saturday, 3), at("2026-01-15T00:00:00-05:00"));
  EXPECT_EQ(lima().add_business_days(saturday, 0), at("2026-01-12T00:00:00-05:00"));
}

TEST(BusinessCalendar, FromHolidayCountsFromNextBusinessDayStart) {
  // Thursday 2 April 2026 is Jueves Santo; Friday is Viernes Santo.
  EXPECT_EQ(lima().add_business_days(at("2026-04-02T11:00:00-05:00"), 1),
            at("2026-04-07T00:00:00-05:00"));
}

TEST(BusinessCalendar, ZeroDaysOnABusinessDayIsTheSameInstant) {
  auto t = at("2026-01-13T09:15:30.250-05:00");
  EXPECT_EQ(lima().add_business_days(t, 0), t);
}

TEST(BusinessCalendar, SkipsHolidaysAndWeekend) {
  // Wed 1 Apr + 3: Thu 2 and Fri 3 are holidays, then the weekend; Mon 6, Tue 7, Wed 8.
  EXPECT_EQ(lima().add_business_days(at("2026-04-01T09:00:00-05:00"), 3),
            at("2026-04-08T09:00:00-05:00"));
}

TEST(BusinessCalendar, CrossesYearEnd) {
  // Wed 30 Dec 2026 + 3: Thu 31 (1), Fri 1 Jan holiday, weekend, Mon 4 (2), Tue 5 (3).
  EXPECT_EQ(lima().add_business_days(at("2026-12-30T15:00:00-05:00"), 3),
            at("2027-01-05T15:00:00-05:00"));
}

TEST(BusinessCalendar, MoscowYearEndHolidays) {
  // 31 Dec 2026 and 1-8 Jan 2027 are non-working; 9-10 Jan is a weekend.
  EXPECT_EQ(moscow().add_business_days(at("2026-12-30T10:00:00+03:00"), 3),
            at("2027-01-13T10:00:00+03:00"));
}

TEST(BusinessCalendar, MoscowSkipsDefenderDay) {
  EXPECT_EQ(moscow().add_business_days(at("2026-02-20T19:30:00+03:00"), 1),
            at("2026-02-24T19:30:00+03:00"));
}

TEST(BusinessCalendar, LocalDateFollowsTheZone) {
  auto t = at("2026-03-01T22:30:00Z");
  EXPECT_EQ(moscow().local_date(t), 2026y / March / 2);
  EXPECT_EQ(lima().local_date(t), 2026y / March / 1);
  EXPECT_EQ(BusinessCalendar("America/La_Paz", {}).local_date(at("2026-03-02T03:59:59Z")),
            2026y / March / 1);
  EXPECT_EQ(BusinessCalendar("America/La_Paz", {}).local_date(at("2026-03-02T04:00:00Z")),
            2026y / March / 2);
}

TEST(BusinessCalendar, LaPazAndGuayaquil) {
  BusinessCalendar la_paz("America/La_Paz", {2026y / February / 16, 2026y / February / 17});
  // Fri 13 Feb 17:00 + 1: Carnival Monday and Tuesday are holidays.
  EXPECT_EQ(la_paz.add_business_days(at("2026-02-13T17:00:00-04:00"), 1),
            at("2026-02-18T17:00:00-04:00"));
  BusinessCalendar guayaquil("America/Guayaquil", {2026y / May / 25});
  EXPECT_EQ(guayaquil.add_business_days(at("2026-05-22T08:00:00-05:00"), 2),
            at("2026-05-27T08:00:00-05:00"));
  EXPECT_EQ(guayaquil.time_zone(), "America/Guayaquil");
}

TEST(BusinessCalendar, IsBusinessDay) {
  auto cal = lima();
  EXPECT_TRUE(cal.is_business_day(2026y / April / 1));
  EXPECT_FALSE(cal.is_business_day(2026y / April / 3));  // Viernes Santo
  EXPECT_FALSE(cal.is_business_day(2026y / April / 4));  // Saturday
  EXPECT_TRUE(cal.is_holiday(2026y / April / 3));
  EXPECT_FALSE(cal.is_holiday(2026y / April / 4));
}

TEST(BusinessCalendar, CustomBusinessWeekdays) {
  BusinessCalendar six_days("America/Lima", {},
                            {Monday, Tuesday, Wednesday, Thursday, Friday, Saturday});
  EXPECT_EQ(six_days.add_business_days(at("2026-01-09T18:00:00-05:00"), 1),
            at("2026-01-10T18:00:00-05:00"));
}

TEST(BusinessCalendar, DstGapAndOverlap) {
  // Cairo springs forward at 00:00 on Fri 24 Apr 2026 and falls back at 24:00 on Thu 29 Oct.
  BusinessCalendar cairo("Africa/Cairo", {});
  EXPECT_EQ(cairo.add_business_days(at("2026-04-23T00:30:00+02:00"), 1),
            at("2026-04-24T01:00:00+03:00"));
  EXPECT_EQ(cairo.add_business_days(at("2026-10-28T23:30:00+03:00"), 1),
            at("2026-10-29T23:30:00+03:00"));
}

TEST(BusinessCalendar, ServiceHoursEveryDaySevenToNine) {
  // FL-15: every day 07:00 to 21:00, holidays included.
  ServiceHours hours;
  for (unsigned d = 0; d < 7; ++d) hours.set(weekday{d}, {7 * 60, 21 * 60});
  hours.open_on_holidays = true;
  auto cal = lima();
  EXPECT_FALSE(cal.within_service_hours(at("2026-01-13T06:59:59-05:00"), hours));
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-13T07:00:00-05:00"), hours));
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-13T20:59:59.999-05:00"), hours));
  EXPECT_FALSE(cal.within_service_hours(at("2026-01-13T21:00:00-05:00"), hours));
  // Sunday, and a holiday: open all the same.
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-11T07:00:00-05:00"), hours));
  EXPECT_TRUE(cal.within_service_hours(at("2026-04-03T12:00:00-05:00"), hours));
  // 21:30 in Lima is 02:30 UTC the next day: still evaluated in Lima.
  EXPECT_FALSE(cal.within_service_hours(at("2026-01-14T02:30:00Z"), hours));
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-14T01:30:00Z"), hours));
}

TEST(BusinessCalendar, ServiceHoursClosedDaysAndHolidays) {
  ServiceHours hours;
  hours.set(Monday, {9 * 60, 17 * 60});
  hours.set(Friday, {0, 24 * 60});
  auto cal = lima();
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-12T09:00:00-05:00"), hours));
  EXPECT_FALSE(cal.within_service_hours(at("2026-01-13T10:00:00-05:00"), hours));  // Tuesday
  EXPECT_TRUE(cal.within_service_hours(at("2026-01-09T23:59:59-05:00"), hours));
  EXPECT_FALSE(cal.within_service_hours(at("2026-04-03T10:00:00-05:00"), hours));  // holiday
}

TEST(BusinessCalendar, UnknownZoneThrows) {
  for (const char* zone : {"America/Lma", "lima", "", "UTC-5"}) {
    try {
      BusinessCalendar cal(zone, {});
      ADD_FAILURE() << "accepted " << zone;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Code::kInvalidField);
      EXPECT_EQ(e.field(), "time_zone");
    }
  }
}

TEST(BusinessCalendar, RejectsBadHolidayAndNoBusinessDays) {
  EXPECT_THROW(BusinessCalendar("America/Lima", {2026y / February / 30}), Error);
  EXPECT_THROW(BusinessCalendar("America/Lima", {}, {}), Error);
}

}  // namespace
}  // namespace abonado
