#pragma once
// An operator's policy pack (policies/*.toml) as typed data: every number of DOMAIN.md that is
// the operator's own choice (limits, fees, deadlines, hours, holidays, service lines). Built
// only by load_policy() (policy/load.hpp), which guarantees every field below is valid; read it
// once at start-up and share it by const reference. Plain data: no behaviour, any thread may
// read it.
//
// Units: money in integer minor units of `currency` (Bs 30.00 is 3000); usage rates in micros,
// millionths of the currency unit (Bs 0.375 a minute is 375000), because rates go below the
// minor unit. Durations carry their unit in the field name. A section the operator does not
// use is an empty std::optional, an empty vector, or std::optional fields left empty.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_calendar.hpp"

namespace abonado {

struct Currency {
  std::string code;      // ISO 4217, "PEN"
  int minor_digits = 2;  // ISO 4217 minor unit: amounts are in 10^-minor_digits of the unit
};

struct Holiday {
  std::chrono::year_month_day date;  // local civil date; a transferred rest day is listed as such
  std::string name;                  // in the operator's language
};

struct CalendarRules {
  std::string time_zone;                                // IANA, "America/Lima"
  std::vector<std::chrono::weekday> business_weekdays;  // not empty
  std::vector<Holiday> holidays;                        // national public holidays, by date
};

struct AttachmentRules {
  std::int64_t max_bytes = 0;           // per file (CL-6: 2 MB)
  std::vector<std::string> mime_types;  // allowed types, decided from the content (CL-6)
};

// Agent login lockout: max_failed_logins failures within the window lock the account.
struct AuthRules {
  int max_failed_logins = 0;
  int failed_login_window_minutes = 0;
  int lockout_minutes = 0;
};

// identificationType values of API.md the operator accepts.
struct IdentityRules {
  std::vector<std::string> individual_documents;    // DNI, CE, PASSPORT, CI, CEDULA, RU_PASSPORT
  std::vector<std::string> organization_documents;  // RUC, NIT, INN; may be empty
};

// How many document attachments a form request of a category needs (FL-4).
struct FormDocuments {
  std::string category;  // one of ActivationRules::form_categories
  int min_count = 1;
};

// Line activation by brand leaders (FL-1..FL-5).
struct ActivationRules {
  std::vector<std::string> app_documents;    // FL-1/FL-4: may use the app; others use the form
  std::vector<std::string> form_categories;  // FL-4/FL-5: foreigner, disability, company...
  int target_minutes = 0;                    // FL-1: activation target
  // FL-7: an activation session (in which a port may start) stays open this long after the
  // fingerprint matched, unless the leader closes it first; an activation still waiting for
  // the fingerprint after this long is given up and its SIM and number go back to stock.
  int session_minutes = 30;
  std::vector<FormDocuments> form_documents;  // FL-4: categories not listed need one document
  // A number a line gave up rests this many days before the pool hands it out again.
  int number_quarantine_days = 0;
};

struct Limits {
  std::optional<int> biometric_attempts;  // FL-2: per document per number
  std::optional<int> max_active_lines;    // FL-3: per identity document
};

enum class PinMode { kFixed, kRandom };

// How the donor's portability PIN is made (FL-6).
struct PinRule {
  PinMode mode = PinMode::kFixed;
  std::string fixed_pin;  // kFixed: the PIN always sent ("0000"); empty for kRandom
  int digits = 0;         // PIN length (fixed_pin.size() for kFixed)
  // Wrong PINs (and checks still unanswered) for one number within lock_hours
  // before its port is refused until the oldest of them is that old. The pack
  // may leave them out: lines/ then applies 5 in 24 hours.
  std::optional<int> max_attempts;
  std::optional<int> lock_hours;
  // The [porting] section also names the operators a number may come from
  // (their names as the clearinghouse knows them); empty: any name.
  std::vector<std::string> donors;
};

struct Deadlines {
  std::optional<int> form_business_days;                  // FL-4: manual activation form
  std::optional<int> port_hours;                          // FL-9: port-in completes after
  std::optional<int> paperwork_handover_hours;            // SL-11: files to the manager within
  std::optional<int> withdrawal_notice_days;              // SL-10: notice to withdraw a product
  std::optional<int> installation_min_days;               // CC-3: registered order, inform
  std::optional<int> installation_max_days;               //       min..max days
  std::optional<int> installation_report_after_days;      // CC-3: older, report to supervisor
  std::optional<int> closed_without_service_fault_hours;  // CC-3: then register a fault
  std::optional<int> theft_block_confirm_days;            // CC-10: confirm a block at an office
  std::optional<int> cancellation_days_before_cut;        // CL-7: before the billing cycle cut
};

struct TimeBandRate {  // SL-10
  std::string code;    // "HN"
  std::string name;    // "Horario normal"
  std::int64_t per_minute_micros = 0;
};

struct Fees {
  std::optional<std::int64_t> early_exit_per_month;   // SL-5: per month left of the minimum stay
  std::optional<std::int64_t> installation_informed;  // SL-10: installation cost informed
  std::optional<std::int64_t> directory_listing;      // CC-5: per listing, recurring invoice
  std::optional<std::int64_t> extra_mb_micros;        // SL-10: wireless internet, per extra MB
  std::vector<TimeBandRate> call_time_bands;          // SL-10: per-time-band call fees
};

struct SalesRules {
  std::optional<int> min_stay_months;           // SL-5
  std::optional<int> wireless_min_stay_months;  // SL-10
};

struct ServiceLevelTarget {  // CC-13
  int answer_within_seconds = 0;
  int target_percent = 0;  // answered within the time / registered calls x 100
};

struct Kpis {
  std::optional<int> sales_effectiveness_percent;   // SL-13: accepted at or above
  std::optional<ServiceLevelTarget> service_level;  // CC-13
};

struct ServiceLine {   // CC-1..CC-12
  std::string number;  // dialled number, "101"
  std::string code;    // stable identifier, "technical_claims"
  std::string name;    // in the operator's language
};

struct CallCenterRules {
  std::vector<ServiceLine> service_lines;
  std::vector<std::int64_t> mobile_topup_amounts;  // CC-10: the plan amounts offered
  std::optional<int> prepaid_reminder_start_day;   // CC-12: day of the previous month calls start
};

// Port-out retention desk (MN).
struct MnpRules {
  int min_days_between_ports = 0;  // MN-3: a newer request is rejected
  int winback_after_days = 0;      // MN-12: a lost customer may come back after
  int max_contact_attempts = 0;    // MN-10: the last inconvenient call closes as WON'T
  std::string retention_hotline;   // MN-8: number in the port-started SMS
  std::string correction_reason;   // MN-15: balance correction reason
  std::string correction_comment;  // MN-15
};

struct OtpRules {  // CL-2
  int digits = 0;
  int ttl_minutes = 0;
  int max_attempts = 0;
};

struct CancellationReason {  // CL-4
  std::string code;          // stable identifier, "coverage"
  std::string label;         // as shown to the customer
};

// Self-service portal (CL).
struct SelfCareRules {
  std::optional<OtpRules> otp;         // CL-2
  bool pin_check_off_network = false;  // CL-2: extra PIN when not on the mobile network
  std::vector<CancellationReason> cancellation_reasons;  // CL-4
};

struct CustomerServiceRules {              // FL-14, FL-15
  std::vector<std::string> phone_numbers;  // short and toll-free numbers
  std::optional<std::string> ussd_code;    // plan purchase menu, "*555#"
  bool web_chat = false;                   // a chat on the operator's web site
};

enum class OfferingKind { kPlan, kPackage };

// A plan or package of the catalog (TMF620 ProductOffering; FL-13, FL-14), bought from the
// prepaid balance: it gives its allowances for validity_days, and a plan also becomes the
// line's offering.
struct Offering {
  std::string id;  // stable identifier, lower_snake_case: "plan_15"; unique in the catalog
  OfferingKind kind = OfferingKind::kPackage;
  std::string name;         // as customers see it (USSD menu, SMS): "Plan Flash 15"
  std::string description;  // may be empty
  std::int64_t price = 0;   // minor units, positive
  int validity_days = 0;
  // Allowances; 0 for none, at least one positive.
  std::int64_t data_mb = 0;
  std::int64_t minutes = 0;        // to any network
  std::int64_t sms = 0;
  std::int64_t onnet_minutes = 0;  // to the operator's own numbers only
};

// FL-13: what usage costs from the balance when no plan or package applies.
struct StandardTariff {
  std::int64_t voice_per_minute_micros = 0;
  std::int64_t sms_micros = 0;
  std::int64_t data_per_mb_micros = 0;
};

struct CatalogRules {
  std::vector<Offering> offerings;  // plans, then packages, each in pack order
  StandardTariff standard_tariff;
};

// Top-ups (FL-10..FL-12): the amounts one top-up may have, minor units, min <= max.
struct TopupRules {
  std::int64_t min_amount = 0;
  std::int64_t max_amount = 0;
};

struct Policy {
  std::string name;          // operator's trading name
  std::string country;       // ISO 3166-1 alpha-2
  std::string locale;        // BCP 47, "es-PE"
  std::string language;      // ISO 639-1, the locale's language: messages and documents
  std::string phone_region;  // libphonenumber default region for national numbers
  Currency currency;
  CalendarRules calendar;
  ServiceHours service_hours;  // customer service (FL-15)
  AttachmentRules attachments;
  AuthRules auth;
  IdentityRules identity;
  std::optional<ActivationRules> activation;
  Limits limits;
  std::optional<PinRule> porting_pin;
  Deadlines deadlines;
  Fees fees;
  SalesRules sales;
  Kpis kpis;
  CallCenterRules call_center;
  std::optional<MnpRules> mnp;
  SelfCareRules selfcare;
  CustomerServiceRules customer_service;
  std::optional<CatalogRules> catalog;  // FL-13, FL-14
  std::optional<TopupRules> topup;      // FL-10..FL-12
};

// The operator's business calendar. Cannot throw for a Policy from load_policy().
inline BusinessCalendar business_calendar(const Policy& policy) {
  std::vector<std::chrono::year_month_day> dates;
  dates.reserve(policy.calendar.holidays.size());
  for (const auto& holiday : policy.calendar.holidays) dates.push_back(holiday.date);
  return BusinessCalendar(policy.calendar.time_zone, std::move(dates),
                          policy.calendar.business_weekdays);
}

}  // namespace abonado
