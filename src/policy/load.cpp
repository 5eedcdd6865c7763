#include "policy/load.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"

namespace abonado {
namespace {

using std::chrono::weekday;
using std::chrono::year_month_day;

// Indexed by weekday::c_encoding().
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 6> kIndividualDocuments = {"DNI", "CE",     "PASSPORT",
                                                                  "CI",  "CEDULA", "RU_PASSPORT"};
constexpr std::array<std::string_view, 3> kOrganizationDocuments = {"RUC", "NIT", "INN"};
constexpr std::array<std::string_view, 4> kFormCategories = {"foreigner", "disability", "company",
                                                             "appRejected"};
constexpr std::array<std::string_view, 2> kPinModes = {"fixed", "random"};

template <class Strings>
std::string join(const Strings& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string join_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// ---- string shapes ----

bool all_of_chars(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_country(std::string_view s) { return s.size() == 2 && all_of_chars(s, is_upper); }
bool is_currency(std::string_view s) { return s.size() == 3 && all_of_chars(s, is_upper); }
bool is_language(std::string_view s) { return s.size() == 2 && all_of_chars(s, is_lower); }
bool is_locale(std::string_view s) {
  return s.size() == 5 && is_language(s.substr(0, 2)) && s[2] == '-' && is_country(s.substr(3));
}
bool is_digits(std::string_view s) { return all_of_chars(s, is_digit); }
bool is_dialable(std::string_view s) {  // "101", "*555"
  return is_digits(s.starts_with('*') ? s.substr(1) : s);
}
bool is_ussd_code(std::string_view s) {  // "*555#", "*123*4#"
  return s.size() >= 3 && s.front() == '*' && s.back() == '#' &&
         std::all_of(s.begin() + 1, s.end() - 1, [](char c) { return is_digit(c) || c == '*'; });
}
bool is_identifier(std::string_view s) {  // "technical_claims"
  return !s.empty() && is_lower(s.front()) && std::all_of(s.begin(), s.end(), [](char c) {
    return is_lower(c) || is_digit(c) || c == '_';
  });
}
bool is_band_code(std::string_view s) { return all_of_chars(s, is_upper); }
bool is_mime_type(std::string_view s) {  // "application/pdf"
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  auto subtype = s.substr(slash + 1);
  return all_of_chars(s.substr(0, slash), is_lower) && !subtype.empty() &&
         std::all_of(subtype.begin(), subtype.end(), [](char c) {
           return is_lower(c) || is_digit(c) || c == '.' || c == '+' || c == '-';
         });
}

// Parses the digits of text[pos, pos + width) as a number, or -1.
int digits_at(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  auto part = text.substr(pos, width);
  int value = 0;
  if (!is_digits(part)) return -1;
  std::from_chars(part.data(), part.data() + part.size(), value);
  return value;
}


// ---- reading with places ----

// Names the pack in errors.
class Source {
 public:
  explicit Source(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::source_region& at, std::string_view path,
                         const std::string& reason) const {
    throw PolicyError(file_, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
                      std::string(path), reason);
  }

 private:
  std::string file_;
};

// A value of the pack at a key path. Typed reads check type and range; every failure throws
// PolicyError at the value's line.
class Field {
 public:
  Field(const toml::node& node, std::string path, const Source& source)
      : node_(&node), path_(std::move(path)), source_(&source) {}

  const std::string& path() const { return path_; }
  const Source& source() const { return *source_; }

  [[noreturn]] void fail(const std::string& reason) const {
    source_->fail(node_->source(), path_, reason);
  }

  std::int64_t integer(std::int64_t min, std::int64_t max, const std::string& expectation) const {
    const auto* value = node_->as_integer();
    if (value == nullptr) fail(expectation + ", found " + type_name(*node_));
    auto v = value->get();
    if (v < min || v > max) fail(expectation + ", found " + std::to_string(v));
    return v;
  }
  int positive_int() const {
    return static_cast<int>(integer(1, INT_MAX, "must be a positive integer"));
  }
  int int_between(int min, int max) const {
    return static_cast<int>(integer(
        min, max, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)));
  }
  int percent() const { return int_between(1, 100); }
  std::int64_t amount() const {
    return integer(0, INT64_MAX, "must be a non-negative integer amount in minor units");
  }
  std::int64_t positive_amount() const {
    return integer(1, INT64_MAX, "must be a positive integer amount in minor units");
  }
  std::int64_t micros() const {
    return integer(0, INT64_MAX, "must be a non-negative integer rate in micros");
  }

  bool boolean() const {
    const auto* value = node_->as_boolean();
    if (value == nullptr) fail("must be true or false, found " + type_name(*node_));
    return value->get();
  }

  std::string string() const {
    const auto* value = node_->as_string();
    if (value == nullptr) fail("must be a string, found " + type_name(*node_));
    if (value->get().empty()) fail("must not be empty");
    return value->get();
  }
  std::string string(bool (*ok)(std::string_view), const std::string& expectation) const {
    auto s = string();
    if (!ok(s)) fail(expectation + ", found \"" + s + "\"");
    return s;
  }
  template <std::size_t N>
  std::string one_of(const std::array<std::string_view, N>& allowed) const {
    auto s = string();
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      fail("must be one of " + join(allowed) + ", found \"" + s + "\"");
    }
    return s;
  }

  std::vector<Field> elements() const {
    const auto* array = node_->as_array();
    if (array == nullptr) fail("must be an array, found " + type_name(*node_));
    std::vector<Field> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      out.emplace_back(*array->get(i), path_ + "[" + std::to_string(i) + "]", *source_);
    }
    return out;
  }
  const toml::table& table() const {
    const auto* table = node_->as_table();
    if (table == nullptr) fail("must be a table, found " + type_name(*node_));
    return *table;
  }

 private:
  const toml::node* node_;
  std::string path_;
  const Source* source_;
};

// A table of the pack. Remembers the keys asked for, so finish() can reject any other key.
class Section {
 public:
  Section(const toml::table& table, std::string path, const Source& source)
      : table_(table), path_(std::move(path)), source_(source) {}

  std::optional<Field> optional(std::string_view key) {
    known_.emplace_back(key);
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::nullopt;
    return Field(*node, join_path(path_, key), source_);
  }
  Field required(std::string_view key) {
    auto field = optional(key);
    if (!field) source_.fail(table_.source(), join_path(path_, key), "required key is missing");
    return *field;
  }
  [[noreturn]] void fail(const std::string& reason) const {
    source_.fail(table_.source(), path_, reason);
  }

  void finish() const {
    for (auto&& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
      source_.fail(key.source(), join_path(path_, key.str()),
                   "unknown key (expected one of " + join(known_) + ")");
    }
  }

 private:
  const toml::table& table_;
  std::string path_;
  const Source& source_;
  std::vector<std::string> known_;
};

// Reads the table at `field` with `read(Section&)`, then rejects keys `read` did not ask for.
template <class Read>
auto read_table(const Field& field, Read&& read) {
  Section section(field.table(), field.path(), field.source());
  if constexpr (std::is_void_v<decltype(read(section))>) {
    read(section);
    section.finish();
  } else {
    auto value = read(section);
    section.finish();
    return value;
  }
}

// Reads a non-empty (unless allow_empty) array whose elements read_element turns into distinct
// values.
template <class ReadElement>
auto read_list(const Field& field, ReadElement&& read_element, bool allow_empty = false) {
  using Value = decltype(read_element(field));
  std::vector<Value> out;
  auto elements = field.elements();
  if (elements.empty() && !allow_empty) field.fail("must not be empty");
  for (const auto& element : elements) {
    auto value = read_element(element);
    if (std::find(out.begin(), out.end(), value) != out.end()) element.fail("duplicate value");
    out.push_back(std::move(value));
  }
  return out;
}

std::optional<int> optional_positive(Section& s, std::string_view key) {
  if (auto f = s.optional(key)) return f->positive_int();
  return std::nullopt;
}
std::optional<std::int64_t> optional_amount(Section& s, std::string_view key) {
  if (auto f = s.optional(key)) return f->amount();
  return std::nullopt;
}

// ---- sections ----

void read_operator(Section& s, Policy& p) {
  p.name = s.required("name").string();
  p.country = s.required("country").string(is_country, "must be an ISO 3166-1 code like \"PE\"");
  p.locale = s.required("locale").string(is_locale, "must be a locale like \"es-PE\"");
  auto language = s.required("language");
  p.language = language.string(is_language, "must be an ISO 639-1 code like \"es\"");
  if (!p.locale.starts_with(p.language)) {
    language.fail("must be the language of locale \"" + p.locale + "\"");
  }
  p.phone_region =
      s.required("phone_region").string(is_country, "must be a region code like \"PE\"");
}

Currency read_currency(Section& s) {
  Currency c;
  c.code = s.required("code").string(is_currency, "must be an ISO 4217 code like \"PEN\"");
  c.minor_digits = s.required("minor_digits").int_between(0, 4);
  return c;
}

weekday read_weekday(const Field& f) {
  auto name = f.one_of(kWeekdayNames);
  auto index = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name) - kWeekdayNames.begin();
  return weekday{static_cast<unsigned>(index)};
}

std::vector<Holiday> read_holidays(const Field& field) {
  std::vector<Holiday> holidays;
  for (auto&& [key, node] : field.table()) {
    auto path = join_path(field.path(), key.str());
    auto date = parse_iso_date(key.str());
    if (!date) field.source().fail(key.source(), path, "must be a valid date YYYY-MM-DD");
    holidays.push_back({*date, Field(node, path, field.source()).string()});
  }
  return holidays;
}

CalendarRules read_calendar(Section& s) {
  CalendarRules c;
  auto zone = s.required("time_zone");
  c.time_zone = zone.string();
  try {
    BusinessCalendar check(c.time_zone, {});
  } catch (const Error&) {
    zone.fail("unknown time zone \"" + c.time_zone + "\" (IANA names like \"America/Lima\")");
  }
  c.business_weekdays = read_list(s.required("business_weekdays"), read_weekday);
  c.holidays = read_holidays(s.required("holidays"));
  return c;
}

// "07:00-21:00": minutes after local midnight, open < close <= 24:00.
ServiceHours::Interval read_interval(const Field& f) {
  auto text = f.string();
  const std::string shape = "must be \"HH:MM-HH:MM\" like \"07:00-21:00\", found \"" + text + "\"";
  if (text.size() != 11 || text[2] != ':' || text[5] != '-' || text[8] != ':') f.fail(shape);
  int values[4] = {digits_at(text, 0, 2), digits_at(text, 3, 2), digits_at(text, 6, 2),
                   digits_at(text, 9, 2)};
  if (std::any_of(std::begin(values), std::end(values), [](int v) { return v < 0; })) {
    f.fail(shape);
  }
  ServiceHours::Interval interval{values[0] * 60 + values[1], values[2] * 60 + values[3]};
  if (values[0] > 24 || values[2] > 24 || values[1] > 59 || values[3] > 59 ||
      interval.open_minute > 1440 || interval.close_minute > 1440) {
    f.fail("hours must be from 00:00 to 24:00, found \"" + text + "\"");
  }
  if (interval.open_minute >= interval.close_minute) {
    f.fail("opening must be before closing, found \"" + text + "\"");
  }
  return interval;
}

ServiceHours read_service_hours(Section& s) {
  ServiceHours hours;
  hours.open_on_holidays = s.required("open_on_holidays").boolean();
  bool any_open = false;
  for (unsigned d = 0; d < kWeekdayNames.size(); ++d) {
    if (auto f = s.optional(kWeekdayNames[d])) {
      hours.set(weekday{d}, read_interval(*f));
      any_open = true;
    }
  }
  if (!any_open) s.fail("at least one weekday must have hours");
  return hours;
}

AttachmentRules read_attachments(Section& s) {
  AttachmentRules a;
  a.max_bytes = s.required("max_bytes").integer(1, INT64_MAX, "must be a positive number of bytes");
  a.mime_types = read_list(s.required("mime_types"), [](const Field& f) {
    return f.string(is_mime_type, "must be a MIME type like \"application/pdf\"");
  });
  return a;
}

AuthRules read_auth(Section& s) {
  AuthRules a;
  a.max_failed_logins = s.required("max_failed_logins").positive_int();
  a.failed_login_window_minutes = s.required("failed_login_window_minutes").positive_int();
  a.lockout_minutes = s.required("lockout_minutes").positive_int();
  return a;
}

IdentityRules read_identity(Section& s) {
  IdentityRules i;
  i.individual_documents = read_list(s.required("individual_documents"),
                                     [](const Field& f) { return f.one_of(kIndividualDocuments); });
  i.organization_documents = read_list(
      s.required("organization_documents"),
      [](const Field& f) { return f.one_of(kOrganizationDocuments); }, true);
  return i;
}

ActivationRules read_activation(Section& s, const IdentityRules& identity) {
  ActivationRules a;
  a.app_documents = read_list(s.required("app_documents"), [&](const Field& f) {
    auto doc = f.string();
    const auto& accepted = identity.individual_documents;
    if (std::find(accepted.begin(), accepted.end(), doc) == accepted.end()) {
      f.fail("must be one of identity.individual_documents, found \"" + doc + "\"");
    }
    return doc;
  });
  a.form_categories = read_list(s.required("form_categories"),
                                [](const Field& f) { return f.one_of(kFormCategories); });
  a.target_minutes = s.required("target_minutes").positive_int();
  if (auto f = s.optional("session_minutes")) a.session_minutes = f->int_between(1, 1440);
  if (auto f = s.optional("number_quarantine_days")) {
    a.number_quarantine_days = f->int_between(0, 3650);
  }
  if (auto f = s.optional("form_documents")) {
    for (auto&& [key, node] : f->table()) {
      std::string category(key.str());
      Field count(node, join_path(f->path(), category), f->source());
      if (std::find(a.form_categories.begin(), a.form_categories.end(), category) ==
          a.form_categories.end()) {
        count.fail("must be one of activation.form_categories");
      }
      a.form_documents.push_back({category, count.int_between(1, 10)});
    }
  }
  return a;
}

Limits read_limits(Section& s) {
  return {optional_positive(s, "biometric_attempts"), optional_positive(s, "max_active_lines")};
}

PinRule read_porting(Section& s) {
  PinRule rule;
  rule.max_attempts = optional_positive(s, "pin_attempts");
  rule.lock_hours = optional_positive(s, "pin_lock_hours");
  if (auto f = s.optional("donors")) {
    rule.donors = read_list(*f, [](const Field& d) {
      auto name = d.string();
      if (line_problem(name) != LineProblem::kNone || name.size() > 100) {
        d.fail("must be an operator's name on one line, at most 100 bytes");
      }
      return name;
    });
  }
  if (s.required("pin_mode").one_of(kPinModes) == "random") {
    if (auto pin = s.optional("pin")) pin->fail("only with pin_mode \"fixed\"");
    rule.mode = PinMode::kRandom;
    rule.digits = s.required("pin_digits").int_between(4, 8);
    return rule;
  }
  if (auto digits = s.optional("pin_digits")) {
    digits->fail("only with pin_mode \"random\"; a fixed pin sets its own length");
  }
  auto pin = s.required("pin");
  rule.fixed_pin = pin.string(is_digits, "must be a string of digits like \"0000\"");
  if (rule.fixed_pin.size() < 4 || rule.fixed_pin.size() > 8) pin.fail("must have 4 to 8 digits");
  rule.digits = static_cast<int>(rule.fixed_pin.size());
  return rule;
}

Deadlines read_deadlines(Section& s) {
  Deadlines d;
  d.form_business_days = optional_positive(s, "form_business_days");
  d.port_hours = optional_positive(s, "port_hours");
  d.paperwork_handover_hours = optional_positive(s, "paperwork_handover_hours");
  d.withdrawal_notice_days = optional_positive(s, "withdrawal_notice_days");
  d.installation_min_days = optional_positive(s, "installation_min_days");
  auto max_days = s.optional("installation_max_days");
  if (max_days) {
    d.installation_max_days = max_days->positive_int();
    if (d.installation_min_days > d.installation_max_days) {
      max_days->fail("must not be less than installation_min_days");
    }
  }
  d.installation_report_after_days = optional_positive(s, "installation_report_after_days");
  d.closed_without_service_fault_hours = optional_positive(s, "closed_without_service_fault_hours");
  d.theft_block_confirm_days = optional_positive(s, "theft_block_confirm_days");
  d.cancellation_days_before_cut = optional_positive(s, "cancellation_days_before_cut");
  return d;
}

std::vector<TimeBandRate> read_time_bands(const Field& field) {
  std::vector<TimeBandRate> bands;
  for (const auto& element : field.elements()) {
    auto band = read_table(element, [](Section& s) {
      TimeBandRate b;
      b.code = s.required("code").string(is_band_code, "must be upper-case letters like \"HN\"");
      b.name = s.required("name").string();
      b.per_minute_micros = s.required("per_minute_micros").micros();
      return b;
    });
    for (const auto& other : bands) {
      if (other.code == band.code) element.fail("duplicate code " + band.code);
    }
    bands.push_back(std::move(band));
  }
  return bands;
}

Fees read_fees(Section& s) {
  Fees f;
  f.early_exit_per_month = optional_amount(s, "early_exit_per_month");
  f.installation_informed = optional_amount(s, "installation_informed");
  f.directory_listing = optional_amount(s, "directory_listing");
  if (auto rate = s.optional("extra_mb_micros")) f.extra_mb_micros = rate->micros();
  if (auto bands = s.optional("call_time_bands")) f.call_time_bands = read_time_bands(*bands);
  return f;
}

SalesRules read_sales(Section& s) {
  return {optional_positive(s, "min_stay_months"),
          optional_positive(s, "wireless_min_stay_months")};
}

Kpis read_kpis(Section& s) {
  Kpis k;
  if (auto f = s.optional("sales_effectiveness_percent"))
    k.sales_effectiveness_percent = f->percent();
  if (auto f = s.optional("service_level")) {
    k.service_level = read_table(*f, [](Section& level) {
      return ServiceLevelTarget{level.required("answer_within_seconds").positive_int(),
                                level.required("target_percent").percent()};
    });
  }
  return k;
}

std::vector<ServiceLine> read_service_lines(const Field& field) {
  std::vector<ServiceLine> lines;
  for (const auto& element : field.elements()) {
    auto line = read_table(element, [](Section& s) {
      ServiceLine l;
      l.number = s.required("number").string(is_digits, "must be the digits dialled");
      l.code = s.required("code").string(is_identifier, "must be lower_snake_case");
      l.name = s.required("name").string();
      return l;
    });
    for (const auto& other : lines) {
      if (other.number == line.number) element.fail("duplicate number " + line.number);
      if (other.code == line.code) element.fail("duplicate code " + line.code);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

CallCenterRules read_call_center(Section& s) {
  CallCenterRules c;
  if (auto f = s.optional("service_lines")) c.service_lines = read_service_lines(*f);
  if (auto f = s.optional("mobile_topup_amounts")) {
    c.mobile_topup_amounts = read_list(*f, [](const Field& e) { return e.positive_amount(); });
  }
  if (auto f = s.optional("prepaid_reminder_start_day")) {
    c.prepaid_reminder_start_day = f->int_between(1, 31);
  }
  return c;
}

MnpRules read_mnp(Section& s) {
  MnpRules m;
  m.min_days_between_ports = s.required("min_days_between_ports").positive_int();
  m.winback_after_days = s.required("winback_after_days").positive_int();
  m.max_contact_attempts = s.required("max_contact_attempts").positive_int();
  m.retention_hotline = s.required("retention_hotline").string(is_dialable, "must be a number");
  m.correction_reason = s.required("correction_reason").string();
  m.correction_comment = s.required("correction_comment").string();
  return m;
}

SelfCareRules read_selfcare(Section& s) {
  SelfCareRules c;
  if (auto f = s.optional("otp")) {
    c.otp = read_table(*f, [](Section& otp) {
      return OtpRules{otp.required("digits").int_between(4, 8),
                      otp.required("ttl_minutes").positive_int(),
                      otp.required("max_attempts").positive_int()};
    });
  }
  if (auto f = s.optional("pin_check_off_network")) c.pin_check_off_network = f->boolean();
  if (auto f = s.optional("cancellation_reasons")) {
    for (const auto& element : f->elements()) {
      auto reason = read_table(element, [](Section& r) {
        return CancellationReason{
            r.required("code").string(is_identifier, "must be lower_snake_case"),
            r.required("label").string()};
      });
      for (const auto& other : c.cancellation_reasons) {
        if (other.code == reason.code) element.fail("duplicate code " + reason.code);
      }
      c.cancellation_reasons.push_back(std::move(reason));
    }
  }
  return c;
}

CustomerServiceRules read_customer_service(Section& s) {
  CustomerServiceRules c;
  if (auto f = s.optional("phone_numbers")) {
    c.phone_numbers = read_list(*f, [](const Field& e) {
      return e.string(is_dialable, "must be digits, optionally after '*'");
    });
  }
  if (auto f = s.optional("ussd_code")) {
    c.ussd_code = f->string(is_ussd_code, "must be a USSD code like \"*555#\"");
  }
  if (auto f = s.optional("web_chat")) c.web_chat = f->boolean();
  return c;
}

Offering read_offering(Section& s, OfferingKind kind) {
  Offering o;
  o.kind = kind;
  o.id = s.required("id").string(is_identifier, "must be lower_snake_case like \"plan_15\"");
  o.name = s.required("name").string();
  if (auto f = s.optional("description")) o.description = f->string();
  o.price = s.required("price").positive_amount();
  o.validity_days = s.required("validity_days").int_between(1, 366);
  auto allowance = [&](std::string_view key) {
    auto f = s.optional(key);
    return f ? f->integer(0, INT32_MAX, "must be a non-negative integer") : 0;
  };
  o.data_mb = allowance("data_mb");
  o.minutes = allowance("minutes");
  o.sms = allowance("sms");
  o.onnet_minutes = allowance("onnet_minutes");
  if (o.data_mb + o.minutes + o.sms + o.onnet_minutes == 0) {
    s.fail("needs at least one allowance: data_mb, minutes, sms or onnet_minutes");
  }
  return o;
}

CatalogRules read_catalog(Section& s) {
  CatalogRules c;
  c.standard_tariff = read_table(s.required("standard_tariff"), [](Section& t) {
    return StandardTariff{t.required("voice_per_minute_micros").micros(),
                          t.required("sms_micros").micros(),
                          t.required("data_per_mb_micros").micros()};
  });
  for (auto [key, kind] : {std::pair{"plans", OfferingKind::kPlan},
                           std::pair{"packages", OfferingKind::kPackage}}) {
    auto list = s.optional(key);
    if (!list) continue;
    for (const auto& element : list->elements()) {
      auto offering = read_table(element, [&](Section& o) { return read_offering(o, kind); });
      for (const auto& other : c.offerings) {
        if (other.id == offering.id) element.fail("duplicate offering id " + offering.id);
      }
      c.offerings.push_back(std::move(offering));
    }
  }
  if (c.offerings.empty()) s.fail("needs at least one plan or package");
  return c;
}

TopupRules read_topup(Section& s) {
  TopupRules t;
  t.min_amount = s.required("min_amount").positive_amount();
  auto max = s.required("max_amount");
  t.max_amount = max.positive_amount();
  if (t.max_amount < t.min_amount) max.fail("must not be less than min_amount");
  return t;
}

Policy read_policy(Section& root) {
  Policy p;
  read_table(root.required("operator"), [&](Section& s) { read_operator(s, p); });
  p.currency = read_table(root.required("currency"), read_currency);
  p.calendar = read_table(root.required("calendar"), read_calendar);
  p.service_hours = read_table(root.required("service_hours"), read_service_hours);
  p.attachments = read_table(root.required("attachments"), read_attachments);
  p.auth = read_table(root.required("auth"), read_auth);
  p.identity = read_table(root.required("identity"), read_identity);
  if (auto f = root.optional("activation")) {
    p.activation = read_table(*f, [&](Section& s) { return read_activation(s, p.identity); });
  }
  if (auto f = root.optional("limits")) p.limits = read_table(*f, read_limits);
  if (auto f = root.optional("porting")) p.porting_pin = read_table(*f, read_porting);
  if (auto f = root.optional("deadlines")) p.deadlines = read_table(*f, read_deadlines);
  if (auto f = root.optional("fees")) p.fees = read_table(*f, read_fees);
  if (auto f = root.optional("sales")) p.sales = read_table(*f, read_sales);
  if (auto f = root.optional("kpis")) p.kpis = read_table(*f, read_kpis);
  if (auto f = root.optional("call_center")) p.call_center = read_table(*f, read_call_center);
  if (auto f = root.optional("mnp")) p.mnp = read_table(*f, read_mnp);
  if (auto f = root.optional("selfcare")) p.selfcare = read_table(*f, read_selfcare);
  if (auto f = root.optional("customer_service")) {
    p.customer_service = read_table(*f, read_customer_service);
  }
  if (auto f = root.optional("catalog")) p.catalog = read_table(*f, read_catalog);
  if (auto f = root.optional("topup")) p.topup = read_table(*f, read_topup);
  return p;
}

std::string describe_error(const std::string& file, int line, int column, const std::string& key,
                           const std::string& reason) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  return out + reason;
}

}  // namespace

PolicyError::PolicyError(std::string file, int line, int column, std::string key,
                         const std::string& reason)
    : std::runtime_error(describe_error(file, line, column, key, reason)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_(std::move(key)) {}

Policy parse_policy(std::string_view text, std::string_view file) {
  Source source{std::string(file)};
  toml::table document;
  try {
    document = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    source.fail(e.source(), "", std::string(e.description()));
  }
  Section root(document, "", source);
  Policy policy = read_policy(root);
  root.finish();
  return policy;
}

Policy load_policy(std::string_view name_or_path) {
  std::vector<std::string_view> names;
  for (const auto& pack : builtin_packs()) {
    if (pack.name == name_or_path) return parse_policy(pack.toml, std::string(pack.name) + ".toml");
    names.push_back(pack.name);
  }
  std::string path(name_or_path);
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, ec) || !in) {
    throw PolicyError(path, 0, 0, "",
                      "not a known operator (" + join(names) + ") nor a readable policy file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_policy(text.str(), path);
}

}  // namespace abonado
