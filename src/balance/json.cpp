#include "balance/json.hpp"

#include "core/json_text.hpp"
#include "core/money.hpp"

namespace abonado::balance {

using nlohmann::json;

namespace {

json money(std::int64_t minor, const Currency& c) {
  return {{"unit", c.code}, {"value", to_major(minor, c.minor_digits)}};
}

json product_ref(const std::string& id) {
  return json::array({{{"id", id}, {"@referredType", "Product"}}});
}

json customer_ref(const std::string& party_id) {
  return json::array({{{"id", party_id}, {"role", "customer"}, {"@referredType", "Party"}}});
}

// Reads a document and keeps the text of the last number found at one path.
class NumberAt : public json::json_sax_t {
 public:
  explicit NumberAt(const std::vector<std::string_view>& path) : path_(path) {}

  bool null() override { return value(std::nullopt); }
  bool boolean(bool) override { return value(std::nullopt); }
  bool number_integer(number_integer_t v) override { return value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) override { return value(text); }
  bool string(string_t&) override { return value(std::nullopt); }
  bool binary(binary_t&) override { return value(std::nullopt); }
  bool start_object(std::size_t) override {
    frames_.push_back({true, {}});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return end(); }
  bool start_array(std::size_t) override {
    frames_.push_back({false, {}});
    return true;
  }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    found_.reset();
    return false;
  }

  const std::optional<std::string>& found() const { return found_; }

 private:
  struct Frame {
    bool object;
    std::string key;
  };

  // A container closes: it is itself a value of its parent.
  bool end() {
    frames_.pop_back();
    if (at_path()) found_.reset();
    return true;
  }
  bool value(std::optional<std::string> text) {
    if (at_path()) found_ = std::move(text);
    return true;
  }
  bool at_path() const {
    if (frames_.size() != path_.size()) return false;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      if (!frames_[i].object || frames_[i].key != path_[i]) return false;
    }
    return true;
  }

  const std::vector<std::string_view>& path_;
  std::vector<Frame> frames_;
  std::optional<std::string> found_;
};

}  // namespace

std::optional<std::string> number_text(std::string_view body,
                                       const std::vector<std::string_view>& path) {
  NumberAt handler(path);
  if (!json::sax_parse(body, &handler)) return std::nullopt;
  return handler.found();
}

json quantity_json(std::int64_t amount, std::string_view units, const Currency& c) {
  if (units == c.code) return {{"amount", to_major(amount, c.minor_digits)}, {"units", units}};
  return {{"amount", amount}, {"units", units}};
}

json bucket_json(const Bucket& b, const Currency& c, TimePoint now) {
  bool monetary = b.usage_type == kMonetary;
  json period = {{"startDateTime", format_iso(b.valid_from)}};
  if (b.valid_to) period["endDateTime"] = format_iso(*b.valid_to);
  json j = {{"id", b.id},
            {"href", std::string(kBucketPath) + "/" + b.id},
            {"@type", "Bucket"},
            {"name", monetary ? "main balance" : b.usage_type + " allowance"},
            {"usageType", b.usage_type},
            {"isShared", false},
            {"remainingValue", quantity_json(b.remaining, b.units, c)},
            {"remainingValueName", monetary ? format_money(b.remaining, c.code, c.minor_digits)
                                            : std::to_string(b.remaining) + " " + b.units},
            {"status", b.expired_at(now) ? "expired" : "active"},
            {"validFor", period},
            {"product", product_ref(b.product_id)},
            {"relatedParty", customer_ref(b.party_id)}};
  if (b.scope) j["scope"] = *b.scope;
  if (b.offering_id) j["productOffering"] = {{"id", *b.offering_id}};
  if (b.purchase_id) j["purchase"] = {{"id", *b.purchase_id}};
  return j;
}

std::string topup_text(const Topup& t, const Currency& c, bool is_auto,
                       const std::optional<std::string>& recurring_period,
                       const AutoTopup* schedule) {
  // Keys in byte order, as nlohmann::json (a std::map) writes them.
  std::string created = format_iso(t.created_at);
  JsonText j;
  j.open().key("@type").str("TopupBalance");
  j.key("amount").open().key("amount").money(t.amount, c.minor_digits).key("units").str(c.code);
  j.close();
  if (schedule) {
    j.key("autoTopup").raw(auto_topup_json(*schedule, c).dump());
  } else if (t.auto_topup_id) {
    j.key("autoTopup").open();
    j.key("href").str(std::string(kAutoTopupPath) + "/" + *t.auto_topup_id);
    j.key("id").str(*t.auto_topup_id).close();
  }
  j.key("balance").open().key("amount").money(t.balance_after, c.minor_digits);
  j.key("units").str(c.code).close();
  if (!t.bucket_id.empty()) {
    j.key("bucket").open().key("href").str(std::string(kBucketPath) + "/" + t.bucket_id);
    j.key("id").str(t.bucket_id).close();
  }
  j.key("channel").open();
  if (t.topup_agent_id) j.key("@referredType").str("TopupAgent").key("id").str(*t.topup_agent_id);
  j.key("name").str(t.channel).close();
  j.key("confirmationDate").str(created);
  j.key("href").str(std::string(kTopupPath) + "/" + t.id);
  j.key("id").str(t.id);
  j.key("invoice").open();
  if (t.tax_id) j.key("taxId").str(*t.tax_id);
  j.key("type").str(t.invoice_type).close();
  j.key("isAutoTopup").boolean(is_auto || t.auto_topup_id.has_value());
  j.key("msisdn").str(t.msisdn);
  if (t.payment_ref) j.key("paymentMethod").open().key("id").str(*t.payment_ref).close();
  j.key("product").open('[').open().key("@referredType").str("Product").key("id").str(t.product_id);
  j.close().close(']');
  if (recurring_period) j.key("recurringPeriod").str(*recurring_period);
  j.key("relatedParty").open('[').open().key("@referredType").str("Party");
  j.key("id").str(t.party_id).key("role").str("customer").close().close(']');
  j.key("requestedDate").str(created);
  j.key("status").str("completed");
  return j.close().take();
}

json topup_json(const Topup& t, const Currency& c, bool is_auto,
                const std::optional<std::string>& recurring_period) {
  return json::parse(topup_text(t, c, is_auto, recurring_period));
}

std::string topup_audit_json(const Topup& t, const std::string& interaction_id,
                             const std::string& message_id) {
  JsonText j;
  j.open().key("amount").num(t.amount);
  if (t.auto_topup_id) j.key("autoTopupId").str(*t.auto_topup_id);
  j.key("balanceAfter").num(t.balance_after);
  j.key("channel").str(t.channel);
  j.key("currency").str(t.currency);
  j.key("interactionId").str(interaction_id);
  j.key("invoiceType").str(t.invoice_type);
  j.key("messageId").str(message_id);
  j.key("msisdn").str(t.msisdn);
  if (t.payment_ref) j.key("paymentRef").str(*t.payment_ref);
  j.key("productId").str(t.product_id);
  if (t.tax_id) j.key("taxId").str(*t.tax_id);
  if (t.topup_agent_id) j.key("topupAgentId").str(*t.topup_agent_id);
  return j.close().take();
}

json purchase_json(const Purchase& p, const Bucket& main, const std::vector<Bucket>& granted,
                   const Currency& c, TimePoint now) {
  json buckets = json::array();
  for (const auto& b : granted) buckets.push_back(bucket_json(b, c, now));
  return {{"id", p.id},
          {"href", std::string(kPurchasePath) + "/" + p.id},
          {"@type", "Purchase"},
          {"status", "completed"},
          {"productId", p.product_id},
          {"offeringId", p.offering_id},
          {"offeringType", p.offering_kind},
          {"channel", p.channel},
          {"price", money(p.price, c)},
          {"validTo", format_iso(p.valid_to)},
          {"creationDate", format_iso(p.created_at)},
          {"balance", quantity_json(main.remaining, main.units, c)},
          {"bucket", std::move(buckets)}};
}

json usage_json(const Usage& u, const Currency& c) {
  json rated = json::array();
  for (const auto& part : u.allowances) {
    rated.push_back(
        {{"usageRatingTag", "included"},
         {"bucket",
          {{"id", part.bucket_id}, {"href", std::string(kBucketPath) + "/" + part.bucket_id}}},
         {"quantity", {{"amount", part.quantity}, {"units", u.units}}}});
  }
  if (u.tariff_quantity > 0) {
    rated.push_back({{"usageRatingTag", "standardTariff"},
                     {"quantity", {{"amount", u.tariff_quantity}, {"units", u.units}}},
                     {"taxIncludedRatingAmount", money(u.charged, c)}});
  }
  json j = {{"id", u.id},
            {"href", std::string(kUsagePath) + "/" + u.id},
            {"@type", "Usage"},
            {"status", "rated"},
            {"usageType", u.usage_type},
            {"usageDate", format_iso(u.usage_date)},
            {"product", {{"id", u.product_id}}},
            {"msisdn", u.msisdn},
            {"quantity", {{"amount", u.quantity}, {"units", u.units}}},
            {"charged", money(u.charged, c)},
            {"ratedProductUsage", std::move(rated)},
            {"relatedParty", json::array({{{"id", u.party_id}, {"role", "customer"}}})},
            {"creationDate", format_iso(u.created_at)}};
  if (u.usage_type == "voice") j["onNet"] = u.on_net;
  return j;
}

json auto_topup_json(const AutoTopup& a, const Currency& c) {
  json j = {{"id", a.id},
            {"href", std::string(kAutoTopupPath) + "/" + a.id},
            {"@type", "AutoTopup"},
            {"productId", a.product_id},
            {"recurringPeriod", a.period},
            {"amount", quantity_json(a.amount, c.code, c)},
            {"channel", {{"name", a.channel}}},
            {"invoice", {{"type", a.invoice_type}}},
            {"status", a.status},
            {"nextRunDate", format_iso(a.next_run_at)},
            {"creationDate", format_iso(a.created_at)}};
  if (a.tax_id) j["invoice"]["taxId"] = *a.tax_id;
  if (a.payment_ref) j["paymentMethod"] = {{"id", *a.payment_ref}};
  if (const auto& r = a.last_run) {
    json run = {{"periodStart", format_iso(r->period_start)},
                {"status", r->outcome},
                {"attempts", r->attempts}};
    if (r->topup_id)
      run["topup"] = {{"id", *r->topup_id}, {"href", std::string(kTopupPath) + "/" + *r->topup_id}};
    if (r->charge_ref) run["paymentRef"] = *r->charge_ref;
    if (r->reason) run["reason"] = *r->reason;
    if (r->tried_at) run["lastTryDate"] = format_iso(*r->tried_at);
    j["lastRun"] = std::move(run);
  }
  return j;
}

json agent_json(const TopupAgent& a) {
  return {{"id", a.id},
          {"href", std::string(kTopupAgentPath) + "/" + a.id},
          {"@type", "TopupAgent"},
          {"name", a.name},
          {"brand", a.brand},
          {"address", a.address},
          {"district", a.district},
          {"status", a.status}};
}

}  // namespace abonado::balance
