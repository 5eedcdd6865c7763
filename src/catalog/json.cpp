#include "catalog/json.hpp"

#include "core/money.hpp"

namespace abonado::catalog {

using nlohmann::json;

namespace {

json category(std::string_view name) { return json::array({{{"id", name}, {"name", name}}}); }

json allowance(std::string_view usage_type, std::int64_t amount, std::string_view units) {
  return {{"usageType", usage_type}, {"amount", amount}, {"units", units}};
}

// A rate in micros of the currency unit as TMF Money.
json rate_json(std::int64_t micros, const Currency& currency) {
  return {{"unit", currency.code}, {"value", static_cast<double>(micros) / 1e6}};
}

json usage_price(std::string_view name, std::int64_t micros, std::string_view per,
                 const Currency& currency) {
  return {{"name", name},
          {"priceType", "usage"},
          {"unitOfMeasure", {{"amount", 1}, {"units", per}}},
          {"price", rate_json(micros, currency)},
          {"@type", "ProductOfferingPrice"}};
}

}  // namespace

json money_json(std::int64_t minor, const Currency& currency) {
  return {{"unit", currency.code}, {"value", to_major(minor, currency.minor_digits)}};
}

json offering_json(const Offering& o, const Currency& currency) {
  // Plans and packages alike are paid once from the balance and last their
  // validity (productOfferingTerm); nothing renews them (FL-14: bought again
  // by USSD or on the web), so neither price is "recurring".
  json price = {{"name", o.name},
                {"priceType", "oneTime"},
                {"price", money_json(o.price, currency)},
                {"@type", "ProductOfferingPrice"}};
  json allowances = json::array();
  if (o.data_mb > 0) allowances.push_back(allowance("data", o.data_mb, "MB"));
  if (o.minutes > 0) allowances.push_back(allowance("voice", o.minutes, "minutes"));
  if (o.onnet_minutes > 0) {
    json onnet = allowance("voice", o.onnet_minutes, "minutes");
    onnet["scope"] = "onNet";
    allowances.push_back(std::move(onnet));
  }
  if (o.sms > 0) allowances.push_back(allowance("sms", o.sms, "SMS"));
  json j = {{"id", o.id},
            {"href", std::string(kOfferingPath) + "/" + o.id},
            {"@type", "ProductOffering"},
            {"name", o.name},
            {"isBundle", false},
            {"isSellable", true},
            {"lifecycleStatus", "Launched"},
            {"category", category(kind_name(o.kind))},
            {"productOfferingPrice", json::array({std::move(price)})},
            {"productOfferingTerm",
             json::array({{{"name", "validity"},
                           {"duration", {{"amount", o.validity_days}, {"units", "days"}}}}})},
            {"validityDays", o.validity_days},
            {"allowance", std::move(allowances)}};
  if (!o.description.empty()) j["description"] = o.description;
  return j;
}

json standard_tariff_json(const StandardTariff& t, const Currency& currency) {
  return {{"id", kStandardTariffId},
          {"href", std::string(kOfferingPath) + "/" + std::string(kStandardTariffId)},
          {"@type", "ProductOffering"},
          {"name", "Standard tariff"},
          {"description", "Usage charged from the balance when no plan or package applies"},
          {"isBundle", false},
          {"isSellable", false},
          {"lifecycleStatus", "Launched"},
          {"category", category("tariff")},
          {"productOfferingPrice",
           json::array({usage_price("voice", t.voice_per_minute_micros, "minute", currency),
                        usage_price("sms", t.sms_micros, "SMS", currency),
                        usage_price("data", t.data_per_mb_micros, "MB", currency)})},
          {"allowance", json::array()}};
}

}  // namespace abonado::catalog
