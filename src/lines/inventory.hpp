#pragma once
// SIM cards and the number pool: bulk loads (API and `abonado import`). Each
// value is checked on its own; a bad or duplicate one is reported and the
// rest are loaded. Every function runs inside a database job on the Tx it is
// given; a load is audited as one record. Immutable: any thread may call it.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/roles.hpp"
#include "lines/model.hpp"
#include "store/tx.hpp"

namespace abonado::lines {

// Values that are not strings in a JSON list arrive as nullopt.
using RawValues = std::vector<std::optional<std::string>>;

class Inventory {
 public:
  // `region`: the operator's phone region; pool numbers must be its mobiles.
  Inventory(const Clock& clock, std::string region) : clock_(clock), region_(std::move(region)) {}

  // Rejected entries' indexes count from `first_index`.
  LoadResult load_sims(store::Tx& tx, const Actor& by, const RawValues& iccids,
                       std::size_t first_index = 0) const;
  LoadResult load_numbers(store::Tx& tx, const Actor& by, const RawValues& msisdns,
                          std::size_t first_index = 0) const;

  struct StockState {
    std::string id;  // ICCID or E.164
    std::string status;
    std::optional<std::string> product_id;
  };
  std::optional<StockState> sim(store::Tx& tx, const std::string& iccid) const;
  std::optional<StockState> number(store::Tx& tx, const std::string& e164) const;

  // The operator's mobile number in E.164, or Error(kInvalidPhoneNumber, `field`).
  std::string mobile_number(std::string_view text, const std::string& field) const;

 private:
  const Clock& clock_;
  std::string region_;
};

}  // namespace abonado::lines
