#include "lines/inventory.hpp"

#include <nlohmann/json.hpp>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/iccid.hpp"
#include "core/ids.hpp"
#include "core/phone.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {
namespace {

constexpr std::size_t kMaxShown = 100;  // characters of a rejected value echoed back

std::string shown(const std::optional<std::string>& v) {
  if (!v) return "";
  return v->size() > kMaxShown ? v->substr(0, kMaxShown) : *v;
}

void audit_load(store::Tx& tx, const Actor& by, TimePoint at, std::string_view what,
                const LoadResult& r) {
  nlohmann::json after = {{"accepted", r.accepted}, {"rejected", r.rejected.size()}};
  auth::record(tx, by, at,
               {std::string("inventory.load_") + std::string(what), "inventory", new_id(at),
                std::nullopt, after.dump()});
}

}  // namespace

std::string Inventory::mobile_number(std::string_view text, const std::string& field) const {
  PhoneNumber p = [&] {
    try {
      return parse_phone(text, region_);
    } catch (const Error& e) {
      throw Error(e.code(), e.what(), field);
    }
  }();
  bool mobile = p.kind == PhoneKind::kMobile || p.kind == PhoneKind::kFixedOrMobile;
  if (!mobile || p.region != region_) {
    throw Error(Code::kInvalidPhoneNumber, "not a mobile number of " + region_, field);
  }
  return p.e164;
}

LoadResult Inventory::load_sims(store::Tx& tx, const Actor& by, const RawValues& iccids,
                                std::size_t first_index) const {
  auto now = clock_.now();
  LoadResult out;
  for (std::size_t i = 0; i < iccids.size(); ++i) {
    const auto& raw = iccids[i];
    auto reject = [&](std::string code, std::string reason) {
      out.rejected.push_back({first_index + i, shown(raw), std::move(code), std::move(reason)});
    };
    if (!raw) {
      reject("INVALID_ICCID", "an ICCID is a string of digits");
      continue;
    }
    try {
      Iccid iccid = parse_iccid(*raw);
      if (repo::insert_sim(tx, iccid.digits, now)) {
        ++out.accepted;
      } else {
        reject("DUPLICATE", "the SIM card is already registered");
      }
    } catch (const Error& e) {
      reject(std::string(code_name(e.code())), e.what());
    }
  }
  audit_load(tx, by, now, "sims", out);
  return out;
}

LoadResult Inventory::load_numbers(store::Tx& tx, const Actor& by, const RawValues& msisdns,
                                   std::size_t first_index) const {
  auto now = clock_.now();
  LoadResult out;
  for (std::size_t i = 0; i < msisdns.size(); ++i) {
    const auto& raw = msisdns[i];
    auto reject = [&](std::string code, std::string reason) {
      out.rejected.push_back({first_index + i, shown(raw), std::move(code), std::move(reason)});
    };
    if (!raw) {
      reject("INVALID_PHONE_NUMBER", "a number is a string");
      continue;
    }
    try {
      std::string e164 = mobile_number(*raw, "msisdns");
      if (repo::number_in_use(tx, e164)) {
        reject("DUPLICATE", "the number is on a line or being ported in");
      } else if (repo::insert_number(tx, e164, now)) {
        ++out.accepted;
      } else {
        // A port that started meanwhile holds the number's row (FL-9).
        auto held = repo::find_number(tx, e164);
        reject("DUPLICATE", held && held->status == kPortingIn
                                ? "the number is being ported in"
                                : "the number is already in the pool");
      }
    } catch (const Error& e) {
      reject(std::string(code_name(e.code())), e.what());
    }
  }
  audit_load(tx, by, now, "numbers", out);
  return out;
}

std::optional<Inventory::StockState> Inventory::sim(store::Tx& tx, const std::string& iccid) const {
  auto s = repo::find_sim(tx, iccid);
  if (!s) return std::nullopt;
  return StockState{s->id, s->status, s->product_id};
}

std::optional<Inventory::StockState> Inventory::number(store::Tx& tx,
                                                       const std::string& e164) const {
  auto s = repo::find_number(tx, e164);
  if (!s) return std::nullopt;
  return StockState{s->id, s->status, s->product_id};
}

}  // namespace abonado::lines
