#pragma once
// The operator's catalog (TMF620): the plans and packages of its policy pack
// and the standard tariff that applies without them (FL-13, FL-14). The pack
// is the source of truth: the catalog is read once at start-up and never
// changes while serving, so it lives in memory, not in the database.
//
// Immutable once built: any thread may call it. The CatalogRules must outlive it.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.hpp"

namespace abonado::catalog {

// The id of the pseudo-offering that describes the standard tariff (not for sale).
inline constexpr std::string_view kStandardTariffId = "standard_tariff";

// "plan" / "package": the TMF category name of an offering.
std::string_view kind_name(OfferingKind kind);

class Catalog {
 public:
  // `rules` is the pack's [catalog]; nullptr for an operator without one (an empty catalog).
  Catalog(const CatalogRules* rules, Currency currency)
      : rules_(rules), currency_(std::move(currency)) {}

  // Plans, then packages, in the pack's order.
  std::span<const Offering> offerings() const;
  // The plan or package with that id, or nullptr.
  const Offering* find(std::string_view id) const;
  // The offerings of one kind, in order: the numbered choices of the USSD menu.
  std::vector<const Offering*> of_kind(OfferingKind kind) const;
  // FL-13; nullopt without a catalog.
  std::optional<StandardTariff> standard_tariff() const;
  const Currency& currency() const { return currency_; }

 private:
  const CatalogRules* rules_;
  Currency currency_;
};

}  // namespace abonado::catalog
