#include "catalog/catalog.hpp"

namespace abonado::catalog {

std::string_view kind_name(OfferingKind kind) {
  return kind == OfferingKind::kPlan ? "plan" : "package";
}

std::span<const Offering> Catalog::offerings() const {
  if (!rules_) return {};
  return rules_->offerings;
}

const Offering* Catalog::find(std::string_view id) const {
  for (const auto& o : offerings()) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::vector<const Offering*> Catalog::of_kind(OfferingKind kind) const {
  std::vector<const Offering*> out;
  for (const auto& o : offerings()) {
    if (o.kind == kind) out.push_back(&o);
  }
  return out;
}

std::optional<StandardTariff> Catalog::standard_tariff() const {
  if (!rules_) return std::nullopt;
  return rules_->standard_tariff;
}

}  // namespace abonado::catalog
