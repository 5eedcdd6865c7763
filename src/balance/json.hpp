#pragma once
// The API shapes of the balance (TMF654 Bucket and TopupBalance, and our
// purchases, schedules and agents), used by the routes and by audit
// snapshots (internal to balance/: it pulls in nlohmann-json).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balance/model.hpp"
#include "balance/service.hpp"
#include "policy/policy.hpp"

namespace abonado::balance {

inline constexpr const char* kBucketPath = "/tmf-api/prepayBalanceManagement/v4/bucket";
inline constexpr const char* kTopupPath = "/tmf-api/prepayBalanceManagement/v4/topupBalance";
inline constexpr const char* kPurchasePath = "/api/v1/purchases";
inline constexpr const char* kAutoTopupPath = "/api/v1/autoTopups";
inline constexpr const char* kTopupAgentPath = "/api/v1/topupAgents";
inline constexpr const char* kUsagePath = "/tmf-api/usageManagement/v4/usage";

// TMF Quantity of a bucket's units: money in the currency's unit (10.5 PEN),
// allowances as whole MB, minutes or SMS.
nlohmann::json quantity_json(std::int64_t amount, std::string_view units, const Currency& c);
// `now` decides the status: active, or expired once valid_to has passed.
nlohmann::json bucket_json(const Bucket& b, const Currency& c, TimePoint now);
// The top-up (TMF654 TopupBalance) as JSON text, written by hand (the
// answer of every top-up, made in its write job): the text nlohmann::json
// would write, keys in order. `schedule`: the schedule this top-up started,
// shown as its autoTopup.
std::string topup_text(const Topup& t, const Currency& c, bool is_auto,
                       const std::optional<std::string>& recurring_period,
                       const AutoTopup* schedule = nullptr);
nlohmann::json topup_json(const Topup& t, const Currency& c, bool is_auto,
                          const std::optional<std::string>& recurring_period);
// The top-up's audit snapshot: its own fields, amounts in minor units, and
// the interaction and receipt message made with it (which have no audit
// record of their own). Written by hand, like topup_text.
std::string topup_audit_json(const Topup& t, const std::string& interaction_id,
                             const std::string& message_id);
nlohmann::json purchase_json(const Purchase& p, const Bucket& main,
                             const std::vector<Bucket>& granted, const Currency& c, TimePoint now);
nlohmann::json auto_topup_json(const AutoTopup& a, const Currency& c);
nlohmann::json agent_json(const TopupAgent& a);
// TMF635 Usage, status "rated": what each allowance bucket covered
// (usageRatingTag "included") and what the standard tariff charged ("standardTariff").
nlohmann::json usage_json(const Usage& u, const Currency& c);

// The text of the JSON number at `path` (object keys from the root) of
// `body` exactly as written ("10.50", "1e1"), for amounts that must not pass
// through a double; nullopt when the value there is not a number. With
// duplicate keys the last value counts, as in the parsed document.
std::optional<std::string> number_text(std::string_view body,
                                       const std::vector<std::string_view>& path);

}  // namespace abonado::balance
