#include "balance/service.hpp"

#include <algorithm>
#include <limits>

#include "auth/audit.hpp"
#include "balance/json.hpp"
#include "balance/repo.hpp"
#include "care/contact_texts.hpp"
#include "core/error.hpp"
#include "core/id_document.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"

namespace abonado::balance {
namespace {

template <std::size_t N>
bool is_one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
void check_one_of(const std::string& value, const std::array<std::string_view, N>& allowed,
                  const std::string& field) {
  if (is_one_of(value, allowed)) return;
  if (value.empty()) throw Error(Code::kMissingField, "field '" + field + "' is required", field);
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw Error(Code::kInvalidField, field + " must be one of " + list, field);
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The contact channel (care::kChannels) of a top-up or purchase channel.
std::string contact_channel(std::string_view channel) {
  if (channel == "agent") return "office";
  if (channel == "ussd") return "ussd";
  if (channel == "callCenter") return "phone";
  return "web";  // web, account
}

// The line a request names by id or by number; throws naming the field given.
lines::Line resolve_line(store::Tx& tx, const std::string& product_id, const std::string& msisdn,
                         const std::string& product_field, const std::string& region) {
  if (!product_id.empty() && !msisdn.empty()) {
    throw Error(Code::kInvalidField, "give " + product_field + " or msisdn, not both", "msisdn");
  }
  if (product_id.empty() && msisdn.empty()) {
    throw Error(Code::kMissingField, "field '" + product_field + "' (or 'msisdn') is required",
                product_field);
  }
  if (!product_id.empty()) {
    auto line = lines::find_line(tx, product_id);
    if (!line) throw Error(Code::kNotFound, "no line with id " + product_id, product_field);
    return *line;
  }
  PhoneNumber phone;
  try {
    phone = parse_phone(msisdn, region);
  } catch (const Error& e) {
    throw Error(e.code(), e.what(), "msisdn");
  }
  auto line = lines::find_line_by_msisdn(tx, phone.e164);
  if (!line) throw Error(Code::kNotFound, "no line has the number " + phone.e164, "msisdn");
  return *line;
}

}  // namespace

// Every top-up and purchase is a contact of the customer (issue 4, item 9).
std::string BalanceService::record_contact(store::Tx& tx, const Actor& by, const lines::Line& line,
                                           std::string_view channel, std::string reason,
                                           std::string description) const {
  care::NewInteraction contact;
  contact.party_id = line.party_id;
  contact.channel = contact_channel(channel);
  contact.direction = "inbound";
  contact.reason = std::move(reason);
  contact.description = std::move(description);
  contact.product_id = line.id;
  contact.audited_by_caller = true;
  return interactions_.record(tx, by, std::move(contact)).id;
}

namespace {

void require_active(const lines::Line& line, const std::string& field) {
  if (line.status == "active") return;
  throw Error(Code::kLineNotActive, "the line is " + line.status + ", not active", field);
}

// The lists of a line (buckets, top-ups, usage) name an unknown line rather than answer empty.
void require_line(store::Tx& tx, const std::string& product_id) {
  if (!lines::find_line(tx, product_id)) {
    throw Error(Code::kNotFound, "no line with id " + product_id, "product.id");
  }
}

}  // namespace

std::pair<std::vector<Bucket>, std::int64_t> BalanceService::buckets(store::Tx& tx,
                                                                     const std::string& product_id,
                                                                     std::int64_t offset,
                                                                     std::int64_t limit) const {
  require_line(tx, product_id);
  return repo::buckets_of(tx, product_id, offset, limit);
}

std::pair<std::vector<Bucket>, std::int64_t> BalanceService::live_buckets(
    store::Tx& tx, const std::string& product_id, std::int64_t offset, std::int64_t limit) const {
  require_line(tx, product_id);
  return repo::live_buckets_of(tx, product_id, clock_.now(), offset, limit);
}

std::optional<Bucket> BalanceService::find_bucket(store::Tx& tx, const std::string& id) const {
  return repo::find_bucket(tx, id);
}

Bucket open_main_balance(store::Tx& tx, const lines::Line& line, const Currency& currency,
                         TimePoint now) {
  if (auto main = repo::main_bucket(tx, line.id)) return *main;
  Bucket b;
  b.id = new_id(now);
  b.product_id = line.id;
  b.party_id = line.party_id;
  b.usage_type = std::string(kMonetary);
  b.units = currency.code;
  b.valid_from = now;
  b.created_at = b.updated_at = now;
  // A concurrent first top-up of the same line may have made it meanwhile.
  repo::insert_bucket(tx, b);
  return *repo::main_bucket(tx, line.id);
}

TopupResult BalanceService::credit(store::Tx& tx, const Actor& by, const lines::Line& line, Topup t,
                                   TimePoint now) const {
  const Currency& c = rules_.currency;
  auto main = repo::main_bucket(tx, line.id);
  // Lines opened before their main balance came with them get it now.
  if (!main) main = open_main_balance(tx, line, c, now);
  auto after = repo::change_bucket(tx, {main->id, t.amount, "topup", t.id, new_id(now), now});
  if (!after) throw std::logic_error("a credit was refused by the main balance " + main->id);
  main->remaining = *after;
  main->updated_at = now;
  t.product_id = line.id;
  t.party_id = line.party_id;
  t.msisdn = line.msisdn;
  t.currency = c.code;
  t.balance_after = *after;
  t.bucket_id = main->id;
  t.created_by = non_empty(by.agent_id);
  t.created_at = now;
  repo::insert_topup(tx, t);

  std::string amount = format_money(t.amount, c.code, c.minor_digits);
  const std::string& lang = rules_.language;
  std::string how =
      t.topup_agent_id
          ? care::contact_text(lang, care::ContactText::kTopupHowAgent,
                               {{"agent", *t.topup_agent_id}, {"invoice", t.invoice_type}})
          : care::contact_text(
                lang, care::ContactText::kTopupHow,
                {{"channel", care::channel_text(lang, t.channel)}, {"invoice", t.invoice_type}});
  // One audit record for the top-up, naming the interaction and the receipt
  // made with it: a second and third record cost the writer a third of a
  // top-up (bench/README.md).
  auto interaction_id = record_contact(
      tx, by, line, t.channel,
      care::contact_text(
          lang, t.auto_topup_id ? care::ContactText::kScheduledTopup : care::ContactText::kTopup,
          {{"amount", amount}}),
      std::move(how));
  auto message_id = outbox_.enqueue_template(
      tx, by,
      {.party_id = line.party_id,
       .channel = notify::Channel::kSms,
       .recipient = line.msisdn,
       .template_name = "topup_receipt",
       .language = rules_.language,
       .vars = {{"amount", amount},
                {"balance", format_money(t.balance_after, c.code, c.minor_digits)}},
       .audited_by_caller = true});
  auth::record(tx, by, now,
               {"topup.create", "topup", t.id, std::nullopt,
                topup_audit_json(t, interaction_id, message_id)});
  return {std::move(t), std::move(*main), std::nullopt};
}

TopupResult BalanceService::topup(store::Tx& tx, const Actor& by, NewTopup n) const {
  auto now = clock_.now();
  const Currency& c = rules_.currency;
  check_one_of(n.channel, kTopupChannels, "channel.name");
  if (n.currency != c.code) {
    throw Error(Code::kCurrencyMismatch, "amount.units must be " + c.code, "amount.units");
  }
  if (n.amount <= 0) throw Error(Code::kInvalidAmount, "amount must be positive", "amount.amount");
  if (rules_.topup &&
      (n.amount < rules_.topup->min_amount || n.amount > rules_.topup->max_amount)) {
    throw Error(Code::kAmountOutOfRange,
                "a top-up must be from " +
                    format_money(rules_.topup->min_amount, c.code, c.minor_digits) + " to " +
                    format_money(rules_.topup->max_amount, c.code, c.minor_digits),
                "amount.amount");
  }
  check_one_of(n.invoice_type, kInvoiceTypes, "invoice.type");
  std::optional<std::string> tax_id;
  if (n.invoice_type == "factura") {
    if (n.tax_id.empty()) {
      throw Error(Code::kMissingField, "a factura needs the buyer's RUC in invoice.taxId",
                  "invoice.taxId");
    }
    try {
      tax_id = parse_id_document("RUC", n.tax_id, rules_.country).number;
    } catch (const Error& e) {
      throw Error(e.code(), e.what(), "invoice.taxId");
    }
  } else if (!n.tax_id.empty()) {
    throw Error(Code::kInvalidField, "invoice.taxId is only for a factura", "invoice.taxId");
  }
  if (n.channel == "agent" && n.topup_agent_id.empty()) {
    throw Error(Code::kMissingField, "a top-up at an agent names the agent in channel.id",
                "channel.id");
  }
  if (n.channel != "agent" && !n.topup_agent_id.empty()) {
    throw Error(Code::kInvalidField, "channel.id names a top-up agent: only with channel agent",
                "channel.id");
  }
  if (n.recurring_period) {
    check_one_of(*n.recurring_period, kRecurringPeriods, "recurringPeriod");
    if (!is_one_of(n.channel, kAutoTopupChannels)) {
      throw Error(Code::kInvalidField, "scheduled top-ups are paid by card: channel web or account",
                  "isAutoTopup");
    }
  }
  if (n.payment_ref.size() > 100) {
    throw Error(Code::kInvalidField, "paymentMethod.id is longer than 100", "paymentMethod.id");
  }
  auto line = resolve_line(tx, n.product_id, n.msisdn, "product.id", rules_.phone_region);
  require_active(line, n.product_id.empty() ? "msisdn" : "product.id");
  if (!n.topup_agent_id.empty()) {
    auto agent = repo::find_agent(tx, n.topup_agent_id);
    if (!agent || agent->status != "active") {
      throw Error(Code::kNotFound, "no active top-up agent with id " + n.topup_agent_id,
                  "channel.id");
    }
  }

  Topup draft;
  draft.id = new_id(now);
  draft.amount = n.amount;
  draft.channel = n.channel;
  draft.topup_agent_id = non_empty(n.topup_agent_id);
  draft.invoice_type = n.invoice_type;
  draft.tax_id = tax_id;
  draft.payment_ref = non_empty(n.payment_ref);
  // The schedule this one replaces, locked before the balance.
  std::optional<AutoTopup> current;
  if (n.recurring_period) current = repo::active_auto_topup(tx, line.id);
  // FL-11: this top-up is the new schedule's first period, and its record says so.
  std::string schedule_id = n.recurring_period ? new_id(now) : std::string();
  draft.auto_topup_id = non_empty(schedule_id);
  TopupResult out = credit(tx, by, line, std::move(draft), now);
  if (!n.recurring_period) return out;

  // FL-11: this top-up is the schedule's first period; the next is one period on.
  if (current) {
    auto before = auto_topup_json(*current, c).dump();
    current->status = "cancelled";
    current->updated_at = now;
    repo::update_auto_topup(tx, *current);
    auth::record(tx, by, now,
                 {"autoTopup.cancel", "autoTopup", current->id, before,
                  auto_topup_json(*current, c).dump()});
  }
  AutoTopup a;
  a.id = schedule_id;
  a.product_id = line.id;
  a.party_id = line.party_id;
  a.period = *n.recurring_period;
  a.amount = n.amount;
  a.channel = n.channel;
  a.invoice_type = n.invoice_type;
  a.tax_id = tax_id;
  a.payment_ref = non_empty(n.payment_ref);
  a.status = "active";
  a.next_run_at = next_period(now, now, a.period, calendar_);
  a.created_by = non_empty(by.agent_id);
  a.created_at = a.updated_at = now;
  repo::insert_auto_topup(tx, a);
  // The first period is the top-up just made, paid by the customer.
  repo::insert_run(tx, {line.id, now, a.id, "completed", out.topup.id, std::nullopt, now});
  auth::record(tx, by, now,
               {"autoTopup.create", "autoTopup", a.id, std::nullopt, auto_topup_json(a, c).dump()});
  a.last_run = repo::last_run(tx, a);  // answered as GET answers, not audited
  out.schedule = std::move(a);
  return out;
}

std::optional<Topup> BalanceService::find_topup(store::Tx& tx, const std::string& id) const {
  return repo::find_topup(tx, id);
}

std::pair<std::vector<Topup>, std::int64_t> BalanceService::topups(store::Tx& tx,
                                                                   const std::string& product_id,
                                                                   std::int64_t offset,
                                                                   std::int64_t limit) const {
  require_line(tx, product_id);
  return repo::topups_of(tx, product_id, offset, limit);
}

PurchaseResult BalanceService::purchase(store::Tx& tx, const Actor& by, NewPurchase n) const {
  auto now = clock_.now();
  const Currency& c = rules_.currency;
  if (n.offering_id.empty()) {
    throw Error(Code::kMissingField, "field 'offeringId' is required", "offeringId");
  }
  const Offering* offering = catalog_.find(n.offering_id);
  if (!offering) {
    throw Error(Code::kUnknownOffering, "no plan or package with id " + n.offering_id,
                "offeringId");
  }
  check_one_of(n.channel, kPurchaseChannels, "channel");
  if (!n.request_key.empty()) {
    if (auto first = repo::find_purchase_by_key(tx, n.request_key)) {
      return *find_purchase(tx, first->id);
    }
  }
  auto line = resolve_line(tx, n.product_id, n.msisdn, "productId", rules_.phone_region);
  require_active(line, n.product_id.empty() ? "msisdn" : "productId");

  std::string price = format_money(offering->price, c.code, c.minor_digits);
  auto insufficient = [&](std::int64_t balance) {
    return Error(Code::kInsufficientBalance,
                 "the balance (" + format_money(balance, c.code, c.minor_digits) +
                     ") does not cover the price (" + price + ")",
                 "offeringId");
  };
  auto main = repo::main_bucket(tx, line.id);
  if (!main) throw insufficient(0);
  Purchase p;
  p.id = new_id(now);
  auto after =
      repo::change_bucket(tx, {main->id, -offering->price, "purchase", p.id, new_id(now), now});
  if (!after) throw insufficient(main->remaining);
  main->remaining = *after;
  main->updated_at = now;

  p.product_id = line.id;
  p.party_id = line.party_id;
  p.offering_id = offering->id;
  p.offering_kind = std::string(catalog::kind_name(offering->kind));
  p.price = offering->price;
  p.currency = c.code;
  p.channel = n.channel;
  p.valid_to = now + std::chrono::days(offering->validity_days);
  p.request_key = non_empty(n.request_key);
  p.created_by = non_empty(by.agent_id);
  p.created_at = now;
  repo::insert_purchase(tx, p);

  struct Grant {
    const char* usage_type;
    std::optional<std::string> scope;
    const char* units;
    std::int64_t amount;
  };
  const Grant grants[] = {{"data", std::nullopt, "MB", offering->data_mb},
                          {"voice", std::nullopt, "minutes", offering->minutes},
                          {"voice", "onNet", "minutes", offering->onnet_minutes},
                          {"sms", std::nullopt, "SMS", offering->sms}};
  std::vector<Bucket> granted;
  for (const auto& g : grants) {
    if (g.amount <= 0) continue;
    Bucket b;
    b.id = new_id(now);
    b.product_id = line.id;
    b.party_id = line.party_id;
    b.usage_type = g.usage_type;
    b.scope = g.scope;
    b.units = g.units;
    b.offering_id = offering->id;
    b.purchase_id = p.id;
    b.valid_from = now;
    b.valid_to = p.valid_to;
    b.created_at = b.updated_at = now;
    repo::insert_bucket(tx, b);
    b.remaining = *repo::change_bucket(tx, {b.id, g.amount, "grant", p.id, new_id(now), now});
    granted.push_back(std::move(b));
  }

  if (offering->kind == OfferingKind::kPlan) {
    lines::set_offering(tx, line.id, offering->id, now);
    nlohmann::json before = {{"offeringId", line.offering_id ? nlohmann::json(*line.offering_id)
                                                             : nlohmann::json(nullptr)}};
    auth::record(tx, by, now,
                 {"product.offering", "product", line.id, before.dump(),
                  nlohmann::json{{"offeringId", offering->id}}.dump()});
  }
  auto interaction_id = record_contact(
      tx, by, line, n.channel,
      care::contact_text(rules_.language, care::ContactText::kPurchase,
                         {{"offering", offering->name}}),
      care::contact_text(
          rules_.language, care::ContactText::kPurchasePaid,
          {{"price", price}, {"channel", care::channel_text(rules_.language, n.channel)}}));
  auto message_id =
      outbox_.enqueue_template(tx, by,
                               {.party_id = line.party_id,
                                .channel = notify::Channel::kSms,
                                .recipient = line.msisdn,
                                .template_name = "purchase_done",
                                .language = rules_.language,
                                .vars = {{"offering", offering->name}, {"price", price}},
                                .audited_by_caller = true});
  auto audited = purchase_json(p, *main, granted, c, now);
  audited["interactionId"] = interaction_id;
  audited["messageId"] = message_id;
  auth::record(tx, by, now, {"purchase.create", "purchase", p.id, std::nullopt, audited.dump()});
  return {std::move(p), std::move(*main), std::move(granted)};
}

namespace {

// What `quantity` costs at `micros` per unit, in minor units of `c`, rounded up; nullopt
// when that is more money than a balance can hold.
std::optional<std::int64_t> tariff_cost(std::int64_t quantity, std::int64_t micros,
                                        const Currency& c) {
  __int128 per_minor = 1;
  for (int i = c.minor_digits; i < 6; ++i) per_minor *= 10;
  __int128 cost = (static_cast<__int128>(quantity) * micros + per_minor - 1) / per_minor;
  if (cost > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return static_cast<std::int64_t>(cost);
}

}  // namespace

Usage BalanceService::charge_usage(store::Tx& tx, const Actor& by, NewUsage n) const {
  auto now = clock_.now();
  const Currency& c = rules_.currency;
  check_one_of(n.usage_type, kUsageTypes, "usageType");
  std::string units(usage_units(n.usage_type));
  if (n.units != units) {
    throw Error(Code::kInvalidField, n.usage_type + " usage is counted in " + units,
                "quantity.units");
  }
  constexpr std::int64_t kMaxQuantity = 1'000'000;
  if (n.quantity < 1 || n.quantity > kMaxQuantity) {
    throw Error(Code::kInvalidField,
                "quantity must be a whole number from 1 to " + std::to_string(kMaxQuantity),
                "quantity.amount");
  }
  if (n.on_net && n.usage_type != "voice") {
    throw Error(Code::kInvalidField, "only calls are on-net or not", "onNet");
  }
  TimePoint at = n.usage_date.value_or(now);
  if (at > now) throw Error(Code::kInvalidDate, "usageDate is in the future", "usageDate");
  auto line = resolve_line(tx, n.product_id, n.msisdn, "product.id", rules_.phone_region);
  require_active(line, n.product_id.empty() ? "msisdn" : "product.id");
  // A late record of a number's former holder is not the line's to pay.
  if (at < line.created_at) {
    throw Error(Code::kInvalidDate, "usageDate is before the line was opened", "usageDate");
  }

  Usage u;
  u.id = new_id(now);
  u.product_id = line.id;
  u.party_id = line.party_id;
  u.msisdn = line.msisdn;
  u.usage_type = n.usage_type;
  u.on_net = n.on_net;
  u.quantity = n.quantity;
  u.units = units;
  u.currency = c.code;
  u.usage_date = at;
  u.created_by = non_empty(by.agent_id);
  u.created_at = now;

  // On-net minutes serve on-net calls only, and before the minutes to any network.
  auto buckets = repo::usable_allowances(tx, line.id, n.usage_type, at);
  std::stable_partition(buckets.begin(), buckets.end(),
                        [](const Bucket& b) { return b.scope.has_value(); });
  std::int64_t left = n.quantity;
  for (const auto& b : buckets) {
    if (left == 0) break;
    if (b.scope && !(*b.scope == "onNet" && n.on_net)) continue;
    std::int64_t take = std::min(left, b.remaining);
    if (!repo::change_bucket(tx, {b.id, -take, "usage", u.id, new_id(now), now})) {
      throw std::logic_error("bucket " + b.id + " changed under its transaction");
    }
    u.allowances.push_back({b.id, take});
    left -= take;
  }
  u.tariff_quantity = left;
  if (left > 0) {
    auto tariff = catalog_.standard_tariff();
    if (!tariff) {
      throw Error(Code::kConflict,
                  "the operator's policy has no standard tariff: usage beyond the allowances "
                  "cannot be charged",
                  "quantity");
    }
    std::int64_t micros = n.usage_type == "voice" ? tariff->voice_per_minute_micros
                          : n.usage_type == "sms" ? tariff->sms_micros
                                                  : tariff->data_per_mb_micros;
    auto cost = tariff_cost(left, micros, c);
    if (!cost) throw Error(Code::kInvalidField, "quantity is too large", "quantity.amount");
    u.charged = *cost;
  }
  if (u.charged > 0) {
    auto insufficient = [&](std::int64_t balance) {
      return Error(Code::kInsufficientBalance,
                   "the balance (" + format_money(balance, c.code, c.minor_digits) +
                       ") does not cover " + std::to_string(left) + " " + units +
                       " at the standard tariff (" +
                       format_money(u.charged, c.code, c.minor_digits) + ")",
                   "quantity");
    };
    auto main = repo::main_bucket(tx, line.id);
    if (!main) throw insufficient(0);
    if (!repo::change_bucket(tx, {main->id, -u.charged, "usage", u.id, new_id(now), now})) {
      throw insufficient(main->remaining);
    }
  }
  repo::insert_usage(tx, u);
  auth::record(tx, by, now, {"usage.charge", "usage", u.id, std::nullopt, usage_json(u, c).dump()});
  return u;
}

std::optional<Usage> BalanceService::find_usage(store::Tx& tx, const std::string& id) const {
  return repo::find_usage(tx, id);
}

std::pair<std::vector<Usage>, std::int64_t> BalanceService::usages(store::Tx& tx,
                                                                   const std::string& product_id,
                                                                   std::int64_t offset,
                                                                   std::int64_t limit) const {
  require_line(tx, product_id);
  return repo::usages_of(tx, product_id, offset, limit);
}

std::optional<PurchaseResult> BalanceService::find_purchase(store::Tx& tx,
                                                            const std::string& id) const {
  auto p = repo::find_purchase(tx, id);
  if (!p) return std::nullopt;
  auto main = repo::main_bucket(tx, p->product_id);
  if (!main) throw std::logic_error("purchase " + id + " without a main balance");
  auto granted = repo::buckets_of_purchase(tx, id);
  return PurchaseResult{std::move(*p), std::move(*main), std::move(granted)};
}

bool BalanceService::purchased_with_key(store::Tx& tx, const std::string& key) const {
  return !key.empty() && repo::find_purchase_by_key(tx, key).has_value();
}

std::vector<std::string> BalanceService::ended_plans(store::Tx& tx, TimePoint now,
                                                     std::int64_t limit) const {
  std::vector<std::string> ids;
  for (const auto& p : repo::ended_plans(tx, now, limit)) ids.push_back(p.id);
  return ids;
}

void BalanceService::end_plan(store::Tx& tx, const std::string& purchase_id, TimePoint now) const {
  auto p = repo::find_purchase(tx, purchase_id);
  if (!p || p->valid_to > now) return;
  // A plan bought a moment ago (not yet committed) must not be erased below.
  repo::lock_product(tx, p->product_id);
  repo::mark_plan_ended(tx, p->id, now);
  auto line = lines::find_line(tx, p->product_id);
  if (!line || line->offering_id != p->offering_id || repo::has_valid_plan(tx, line->id, now)) {
    return;  // another plan is the line's now, or still valid
  }
  lines::set_offering(tx, line->id, std::nullopt, now);
  auth::record(tx, Actor::system("plan-end"), now,
               {"product.offering", "product", line->id,
                nlohmann::json{{"offeringId", p->offering_id}}.dump(),
                nlohmann::json{{"offeringId", nullptr}}.dump()});
}

std::vector<AutoTopup> BalanceService::auto_topups(store::Tx& tx,
                                                   const std::string& product_id) const {
  if (!lines::find_line(tx, product_id)) {
    throw Error(Code::kNotFound, "no line with id " + product_id, "productId");
  }
  auto out = repo::auto_topups_of(tx, product_id);
  for (auto& a : out) a.last_run = repo::last_run(tx, a);
  return out;
}

std::optional<AutoTopup> BalanceService::find_auto_topup(store::Tx& tx,
                                                         const std::string& id) const {
  auto a = repo::find_auto_topup(tx, id);
  if (a) a->last_run = repo::last_run(tx, *a);
  return a;
}

AutoTopup BalanceService::cancel_auto_topup(store::Tx& tx, const Actor& by,
                                            const std::string& id) const {
  auto a = repo::lock_auto_topup(tx, id);
  if (!a) throw Error(Code::kNotFound, "no scheduled top-up with id " + id, "id");
  if (a->status != "active") {
    throw Error(Code::kConflict, "the scheduled top-up is already " + a->status, "status");
  }
  auto now = clock_.now();
  auto before = auto_topup_json(*a, rules_.currency).dump();
  a->status = "cancelled";
  a->updated_at = now;
  repo::update_auto_topup(tx, *a);
  // The customer's history says who stopped it and when (FL-11 keeps customers:
  // a stop is worth seeing on the next call).
  nlohmann::json after = auto_topup_json(*a, rules_.currency);
  if (auto line = lines::find_line(tx, a->product_id)) {
    const Currency& c = rules_.currency;
    std::string amount = format_money(a->amount, c.code, c.minor_digits);
    // The call center by phone; another agent in person; the customer's own channel otherwise.
    std::string_view channel = by.agent_id.empty() ? std::string_view(a->channel)
                               : by.roles.intersects({Role::kOperator, Role::kSupervisor})
                                   ? "callCenter"
                                   : "agent";
    after["interaction"] =
        record_contact(tx, by, *line, channel,
                       care::contact_text(rules_.language, care::ContactText::kScheduledTopup,
                                          {{"amount", amount}}),
                       care::contact_text(rules_.language, care::ContactText::kAutoTopupStopped,
                                          {{"amount", amount}}));
  }
  auth::record(tx, by, now, {"autoTopup.cancel", "autoTopup", a->id, before, after.dump()});
  a->last_run = repo::last_run(tx, *a);  // answered as GET answers, not audited
  return *a;
}

std::vector<std::string> BalanceService::due_auto_topups(store::Tx& tx, TimePoint now,
                                                         std::int64_t limit) const {
  std::vector<std::string> ids;
  for (const auto& a : repo::due_auto_topups(tx, now, limit)) ids.push_back(a.id);
  return ids;
}

std::optional<ScheduledCharge> BalanceService::claim_auto_topup(store::Tx& tx,
                                                                const std::string& id,
                                                                TimePoint now) const {
  auto a = repo::lock_auto_topup(tx, id);
  if (!a || a->status != "active" || a->next_run_at > now) return std::nullopt;
  // The latest period that has started: missed ones are not made up.
  TimePoint period_start = a->next_run_at;
  // Periods count from the schedule's start (created_at), never from the last run, so
  // that a month's short end does not move later runs (Jan 31, Feb 28, Mar 31).
  for (auto next = next_period(a->created_at, period_start, a->period, calendar_); next <= now;
       next = next_period(a->created_at, next, a->period, calendar_)) {
    period_start = next;
  }
  a->next_run_at = next_period(a->created_at, period_start, a->period, calendar_);
  a->updated_at = now;
  repo::update_auto_topup(tx, *a);

  auto line = lines::find_line(tx, a->product_id);
  if (!line || line->status != "active") {
    std::string why = line ? "the line is " + line->status : "the line is gone";
    repo::insert_run(tx, {a->product_id, period_start, a->id, "skipped", std::nullopt, why, now});
    return std::nullopt;
  }
  // Each period charges the card on file (API.md leaves paymentMethod
  // optional): without one there is nothing to charge, and the line is not
  // credited for nothing.
  if (!a->payment_ref || a->payment_ref->empty()) {
    repo::insert_run(tx, {a->product_id, period_start, a->id, "skipped", std::nullopt,
                          "no card on file: nothing was charged", now});
    return std::nullopt;
  }
  if (repo::has_charging_run(tx, *a)) {
    repo::insert_run(tx, {a->product_id, period_start, a->id, "skipped", std::nullopt,
                          "the charge of an earlier period has no answer yet", now});
    return std::nullopt;
  }
  if (!repo::insert_run(
          tx, {line->id, period_start, a->id, "charging", std::nullopt, std::nullopt, now})) {
    return std::nullopt;  // this period of the line was claimed already
  }
  return charge_of(*a, period_start);
}

std::vector<ScheduledCharge> BalanceService::unanswered_charges(store::Tx& tx,
                                                                std::int64_t limit) const {
  std::vector<ScheduledCharge> out;
  for (const auto& run : repo::charging_runs(tx, limit)) {
    auto a = repo::find_auto_topup(tx, run.auto_topup_id);
    if (!a) throw std::logic_error("a charging period of a missing schedule " + run.auto_topup_id);
    auto line = lines::find_line(tx, run.product_id);
    out.push_back(charge_of(*a, run.period_start));
    out.back().lookup_only = a->status != "active" || !line || line->status != "active";
  }
  return out;
}

ScheduledCharge BalanceService::charge_of(const AutoTopup& a, TimePoint period_start) const {
  const Currency& c = rules_.currency;
  Charge charge;
  charge.key = a.id + ":" + std::to_string(to_epoch_ms(period_start));
  charge.card = a.payment_ref.value_or("");
  charge.amount = a.amount;
  charge.currency = c.code;
  charge.description =
      care::contact_text(rules_.language, care::ContactText::kScheduledTopup,
                         {{"amount", format_money(a.amount, c.code, c.minor_digits)}});
  return {a.product_id, period_start, a.id, std::move(charge)};
}

bool BalanceService::settle_auto_topup(store::Tx& tx, const ScheduledCharge& c,
                                       const ChargeResult& r, TimePoint now) const {
  using Outcome = ChargeResult::Outcome;
  repo::Run run;
  run.product_id = c.product_id;
  run.period_start = c.period_start;
  run.tried_at = now;
  // The provider's words, kept as text of a bounded size.
  auto said = [&](std::string_view otherwise) {
    return r.reason.empty() ? std::string(otherwise) : clean_utf8(r.reason, 200);
  };
  if (r.outcome == Outcome::kUnavailable) {
    run.reason = said("the payment provider did not answer");
    repo::note_try(tx, run);
    return false;
  }
  if (r.outcome == Outcome::kNotCharged) {
    run.outcome = "skipped";
    run.reason = "not charged: the schedule or the line stopped before the charge was made";
    repo::end_run(tx, run);
    return false;
  }
  auto line = lines::find_line(tx, c.product_id);
  auto a = repo::find_auto_topup(tx, c.auto_topup_id);
  if (!line || !a) throw std::logic_error("a scheduled charge of a missing line or schedule");
  const Currency& cur = rules_.currency;
  std::string amount = format_money(c.charge.amount, cur.code, cur.minor_digits);
  Actor system = Actor::system("auto-topup");
  if (r.outcome == Outcome::kDeclined) {
    run.outcome = "declined";
    run.reason = said("the card was declined");
    if (!repo::end_run(tx, run)) return false;
    const std::string& lang = rules_.language;
    auto interaction_id = record_contact(
        tx, system, *line, a->channel,
        care::contact_text(lang, care::ContactText::kScheduledTopup, {{"amount", amount}}),
        care::contact_text(lang, care::ContactText::kTopupDeclined));
    auto message_id = outbox_.enqueue_template(tx, system,
                                               {.party_id = line->party_id,
                                                .channel = notify::Channel::kSms,
                                                .recipient = line->msisdn,
                                                .template_name = "topup_declined",
                                                .language = lang,
                                                .vars = {{"amount", amount}},
                                                .audited_by_caller = true});
    nlohmann::json after = {{"periodStart", format_iso(c.period_start)},
                            {"outcome", run.outcome},
                            {"reason", *run.reason},
                            {"interaction", interaction_id},
                            {"message", message_id}};
    auth::record(tx, system, now,
                 {"autoTopup.declined", "autoTopup", a->id, std::nullopt, after.dump()});
    return false;
  }
  // Approved: the money is taken, so the line is topped up even if the
  // schedule was cancelled or the line left active since the claim (a
  // lookup found the charge made before).
  Topup draft;
  draft.id = new_id(now);
  std::string reference = clean_utf8(r.reference, 100);  // as a paymentMethod.id may be long
  run.outcome = "completed";
  run.topup_id = draft.id;
  run.charge_ref = non_empty(reference);
  if (!repo::end_run(tx, run)) return false;
  draft.amount = c.charge.amount;
  draft.channel = a->channel;
  draft.invoice_type = a->invoice_type;
  draft.tax_id = a->tax_id;
  draft.payment_ref = non_empty(std::move(reference));
  draft.auto_topup_id = a->id;
  credit(tx, system, *line, std::move(draft), now);
  return true;
}

TopupAgent BalanceService::add_agent(store::Tx& tx, const Actor& by, NewTopupAgent n) const {
  // Shown to everyone on the public list of top-up agents (FL-12).
  check_line(n.name, 100, "name");
  check_line(n.brand, 50, "brand");
  check_line(n.address, 200, "address");
  check_line(n.district, 100, "district");
  auto now = clock_.now();
  TopupAgent a{new_id(now),
               std::move(n.name),
               std::move(n.brand),
               std::move(n.address),
               std::move(n.district),
               "active",
               now,
               now};
  repo::insert_agent(tx, a);
  auth::record(tx, by, now,
               {"topupAgent.create", "topupAgent", a.id, std::nullopt, agent_json(a).dump()});
  return a;
}

TopupAgent BalanceService::set_agent_status(store::Tx& tx, const Actor& by, const std::string& id,
                                            const std::string& status) const {
  if (status != "active" && status != "inactive") {
    throw Error(Code::kInvalidField, "status must be active or inactive", "status");
  }
  auto before = repo::find_agent(tx, id);
  if (!before) throw Error(Code::kNotFound, "no top-up agent with id " + id, "id");
  auto now = clock_.now();
  std::string from = status == "active" ? "inactive" : "active";
  // The conditional move decides between two requests changing the agent at once.
  if (before->status != from || !repo::move_agent(tx, id, from, status, now)) {
    throw Error(Code::kConflict, "the top-up agent is already " + status, "status");
  }
  TopupAgent after = *before;
  after.status = status;
  after.updated_at = now;
  auth::record(tx, by, now,
               {status == "active" ? "topupAgent.activate" : "topupAgent.deactivate", "topupAgent",
                id, agent_json(*before).dump(), agent_json(after).dump()});
  return after;
}

std::optional<TopupAgent> BalanceService::find_agent(store::Tx& tx, const std::string& id) const {
  return repo::find_agent(tx, id);
}

std::pair<std::vector<TopupAgent>, std::int64_t> BalanceService::agents(
    store::Tx& tx, const std::optional<std::string>& district, std::int64_t offset,
    std::int64_t limit) const {
  return repo::list_agents(tx, district, offset, limit);
}

std::string BalanceService::new_gateway_key(store::Tx& tx, const Actor& by) const {
  auto now = clock_.now();
  std::string key = random_token(32);
  repo::replace_gateway_key(tx, sha256_hex(key), non_empty(by.agent_id), now);
  auth::record(tx, by, now,
               {"ussdGatewayKey.replace", "ussdGatewayKey", "ussd", std::nullopt, std::nullopt});
  return key;
}

bool BalanceService::gateway_key_valid(store::Tx& tx, const std::string& key) const {
  return !key.empty() && repo::gateway_key_exists(tx, sha256_hex(key));
}

}  // namespace abonado::balance
