#include "lines/json.hpp"

#include <algorithm>
#include <cstdint>

#include "core/business_calendar.hpp"
#include "core/error.hpp"
#include "core/phone.hpp"

namespace abonado::lines {
namespace {

using json = nlohmann::json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json opt_time(const std::optional<TimePoint>& t) {
  return t ? json(format_iso(*t)) : json(nullptr);
}

json characteristic(const char* name, const json& value) {
  return {{"name", name}, {"valueType", "string"}, {"value", value}};
}

}  // namespace

std::string national_number(const std::string& e164) {
  try {
    return parse_phone(e164, "ZZ").national;
  } catch (const Error&) {
    return "";  // valid when stored; a newer numbering plan may disagree
  }
}

json line_json(const Line& l) {
  // TMF637 Product. A line without a plan is on the standard tariff (FL-13).
  json offering = nullptr;
  if (l.offering_id) {
    offering = {{"id", *l.offering_id},
                {"href", std::string(kOfferingPath) + "/" + *l.offering_id},
                {"@referredType", "ProductOffering"}};
  }
  json chars = json::array({characteristic("msisdn", l.msisdn)});
  if (l.iccid) chars.push_back(characteristic("iccid", *l.iccid));
  return {{"id", l.id},
          {"href", std::string(kProductPath) + "/" + l.id},
          {"@type", "Product"},
          {"name", "Mobile line " + l.msisdn},
          {"isBundle", false},
          {"isCustomerVisible", true},
          {"status", l.status},
          {"msisdn", l.msisdn},
          {"msisdnNational", national_number(l.msisdn)},
          {"iccid", opt(l.iccid)},
          {"productOffering", offering},
          {"tariff", l.offering_id ? "plan" : "standard"},
          {"productCharacteristic", chars},
          {"relatedParty",
           json::array({{{"id", l.party_id}, {"role", "owner"}, {"@referredType", "Party"}}})},
          {"customerId", opt(l.customer_id)},
          {"startDate", format_iso(l.created_at)},
          {"lastUpdate", format_iso(l.updated_at)}};
}

json activation_json(const Activation& a, TimePoint now, std::optional<int> attempts_left) {
  json out = {{"id", a.id},
              {"href", std::string(kActivationPath) + "/" + a.id},
              {"@type", "Activation"},
              {"status", a.status},
              {"partyId", a.party_id},
              {"iccid", a.iccid},
              {"msisdn", a.msisdn},
              {"msisdnNational", national_number(a.msisdn)},
              {"channel", a.channel},
              {"productId", a.status == kActivated ? json(a.product_id) : json(nullptr)},
              {"sessionOpen", a.session_open(now)},
              {"sessionEndsAt", opt_time(a.session_ends_at)},
              {"closedAt", opt_time(a.closed_at)},
              {"createdAt", format_iso(a.created_at)},
              {"updatedAt", format_iso(a.updated_at)},
              {"activatedAt", opt_time(a.activated_at)}};
  if (a.activated_at) {
    // FL-1: from the SIM's scan to the fingerprint's match.
    out["durationSeconds"] = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::seconds>(*a.activated_at - a.created_at).count());
  }
  if (attempts_left) out["attemptsLeft"] = *attempts_left;
  return out;
}

json activation_report_json(const ActivationReport& r, std::chrono::year_month_day first,
                            std::chrono::year_month_day last, const std::string& time_zone) {
  json leaders = json::array();
  for (const auto& l : r.leaders) {
    leaders.push_back({{"agent", {{"id", l.agent_id}, {"name", l.name}}},
                       {"activated", l.activated},
                       {"withinTarget", l.within_target},
                       {"medianSeconds", l.median_seconds}});
  }
  return {{"@type", "ActivationReport"},
          {"from", format_iso_date(first)},
          {"to", format_iso_date(last)},
          {"timeZone", time_zone},
          {"targetMinutes", r.target_minutes},
          {"activated", r.activated},
          {"withinTarget", r.within_target},
          {"medianSeconds", r.median_seconds},
          {"p90Seconds", r.p90_seconds},
          {"longestSeconds", r.longest_seconds},
          {"leaders", std::move(leaders)}};
}

json request_json(const ActivationRequest& r, TimePoint now) {
  json out = {{"id", r.id},
              {"href", std::string(kRequestPath) + "/" + r.id},
              {"@type", "ActivationRequest"},
              {"category", r.category},
              {"status", r.status},
              {"partyId", r.party_id},
              {"iccid", r.iccid},
              {"documents", r.documents},
              {"dueAt", format_iso(r.due_at)},
              {"overdue", r.status == kRequestPending && now > r.due_at},
              {"reason", opt(r.reason)},
              {"productId", r.status == kRequestCompleted ? json(r.product_id) : json(nullptr)},
              {"msisdn", opt(r.msisdn)},
              {"decidedAt", opt_time(r.decided_at)},
              {"createdAt", format_iso(r.created_at)},
              {"updatedAt", format_iso(r.updated_at)}};
  if (r.party_name) {
    out["party"] = {{"id", r.party_id}, {"name", *r.party_name}, {"@referredType", "Party"}};
  }
  if (r.completion_notice) out["completionNotice"] = *r.completion_notice;
  if (r.rejection_notice) out["rejectionNotice"] = *r.rejection_notice;
  return out;
}

json port_json(const PortIn& p) {
  return {{"id", p.id},
          {"href", std::string(kPortInPath) + "/" + p.id},
          {"@type", "PortIn"},
          {"status", p.status},
          {"productId", p.product_id},
          {"partyId", p.party_id},
          {"msisdn", p.msisdn},
          {"msisdnNational", national_number(p.msisdn)},
          {"temporaryMsisdn", p.temporary_msisdn},
          {"donorOperator", p.donor_operator},
          {"activationId", opt(p.activation_id)},
          {"dueAt", format_iso(p.due_at)},
          {"completedAt", opt_time(p.completed_at)},
          {"reason", opt(p.reason)},
          {"createdAt", format_iso(p.created_at)}};
}

json load_result_json(const LoadResult& r) {
  json rejected = json::array();
  for (const auto& x : r.rejected) {
    rejected.push_back(
        {{"index", x.index}, {"value", x.value}, {"code", x.code}, {"reason", x.reason}});
  }
  return {{"accepted", r.accepted}, {"rejectedCount", r.rejected.size()}, {"rejected", rejected}};
}

}  // namespace abonado::lines
