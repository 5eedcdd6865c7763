#include "app/system_routes.hpp"

#include "app/version.hpp"
#include "core/business_calendar.hpp"
#include "core/error.hpp"
#include "core/phone.hpp"
#include "http/json.hpp"

namespace abonado::app {
namespace {

using boost::asio::awaitable;
using http::Access;
using http::Body;
using http::Json;
using http::Request;
using http::Response;

ManualClock& testing_clock(const SystemDeps& d) {
  if (!d.testing_clock) {
    throw Error(Code::kTestingDisabled, "testing endpoints are off (start with --testing)");
  }
  return *d.testing_clock;
}

// FL-15: how customers reach the operator, from the pack: numbers, the USSD code,
// and the hours by weekday (a day without hours is closed).
Json customer_service(const Policy& p) {
  static constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
  Json hours = Json::object();
  for (unsigned d = 0; d < 7; ++d) {
    const auto& h = p.service_hours.on(std::chrono::weekday{d});
    if (h) hours[kDays[d]] = {{"open", hhmm(h->open_minute)}, {"close", hhmm(h->close_minute)}};
  }
  Json out = {{"phoneNumbers", p.customer_service.phone_numbers},
              {"hours", std::move(hours)},
              {"openOnHolidays", p.service_hours.open_on_holidays},
              {"webChat", p.customer_service.web_chat}};
  if (p.customer_service.ussd_code) out["ussdCode"] = *p.customer_service.ussd_code;
  return out;
}

Response clock_response(const Clock& clock) {
  return http::json_response(200, {{"now", format_iso(clock.now())}});
}

}  // namespace

void add_system_routes(http::Router& router, SystemDeps d) {
  // Built once: the trivial GET must stay cheap.
  auto health = std::make_shared<const std::string>(
      Json{{"status", "up"},
           {"database", std::string(d.db.kind())},
           {"operator", d.operator_name},
           {"version", kVersion}}
          .dump());
  // Down once writes fail for good (a disk that refused the WAL): reads
  // still work, but nothing can be stored until a restart.
  router.add(
      {"GET", "/health", Access::public_route(), [health, d](Request&) -> awaitable<Response> {
         if (auto why = d.db.write_failure()) {
           co_return http::json_response(503, {{"status", "down"},
                                               {"database", std::string(d.db.kind())},
                                               {"operator", d.operator_name},
                                               {"version", kVersion},
                                               {"reason", *why}});
         }
         co_return Response::text(200, *health, "application/json");
       }});
  // What a client needs to speak the operator's language: its brand, locale,
  // currency, time zone, calling code and customer service channels and hours,
  // all from the policy pack. Public:
  // the console's login page is already in the operator's terms.
  auto profile = std::make_shared<const std::string>(Json{
      {"name", d.operator_name},
      {"brand", d.policy.name},
      {"country", d.policy.country},
      {"locale", d.policy.locale},
      {"language", d.policy.language},
      {"currency", d.policy.currency.code},
      {"currencyMinorDigits", d.policy.currency.minor_digits},
      {"timeZone", d.policy.calendar.time_zone},
      {"callingCode", country_calling_code(d.policy.phone_region)},
      {"customerService", customer_service(d.policy)},
      {"portingDonors",
       d.policy.porting_pin ? d.policy.porting_pin->donors : std::vector<std::string>{}},
      // A top-up's bounds (FL-10), in the currency's minor units: said beside the amount.
      {"topupLimits", d.policy.topup ? Json{{"minMinor", d.policy.topup->min_amount},
                                            {"maxMinor", d.policy.topup->max_amount}}
                                     : Json(nullptr)},
      // So that a file too large is said before it is sent on a slow connection.
      {"attachments",
       {{"maxBytes", d.policy.attachments.max_bytes},
        {"mimeTypes", d.policy.attachments.mime_types}}}}.dump());
  router.add({"GET", "/api/v1/operator", Access::public_route(),
              [profile](Request&) -> awaitable<Response> {
                co_return Response::text(200, *profile, "application/json");
              }});
  router.add({"GET", "/metrics", Access::public_route(), [d](Request&) -> awaitable<Response> {
                co_return Response::text(200, d.metrics->render(d.db.stats()),
                                         "text/plain; version=0.0.4");
              }});

  router.add({"GET", "/api/v1/testing/clock", Access::public_route(),
              [d](Request&) -> awaitable<Response> { co_return clock_response(testing_clock(d)); }});
  router.add({"PUT", "/api/v1/testing/clock", Access::public_route(),
              [d](Request& req) -> awaitable<Response> {
                ManualClock& clock = testing_clock(d);
                Json body = http::parse_body(req);
                http::only_fields(body, {"now"});
                auto at = parse_iso(http::required_string(body, "now", 64));
                if (!at) {
                  throw Error(Code::kInvalidField, "field 'now' must be an ISO 8601 date-time",
                              "now");
                }
                clock.set(*at);
                co_await d.scheduler.run_due();
                co_return clock_response(clock);
              },
              Body::kJson});
  router.add({"POST", "/api/v1/testing/clock/advance", Access::public_route(),
              [d](Request& req) -> awaitable<Response> {
                ManualClock& clock = testing_clock(d);
                Json body = http::parse_body(req);
                http::only_fields(body, {"seconds"});
                auto seconds = http::required_int(body, "seconds", 0, 10LL * 366 * 24 * 3600);
                clock.advance(std::chrono::seconds(seconds));
                co_await d.scheduler.run_due();
                co_return clock_response(clock);
              },
              Body::kJson});
}

}  // namespace abonado::app
