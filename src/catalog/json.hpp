#pragma once
// TMF620 shapes of the catalog, and TMF Money, for the routes of catalog/
// and balance/ (pulls in nlohmann-json: routes and json files only).

#include <nlohmann/json.hpp>

#include <cstdint>

#include "catalog/catalog.hpp"

namespace abonado::catalog {

inline constexpr const char* kOfferingPath = "/tmf-api/productCatalogManagement/v4/productOffering";

// TMF Money: {"unit": "PEN", "value": 15.0}.
nlohmann::json money_json(std::int64_t minor, const Currency& currency);
// A plan or package as a TMF620 ProductOffering with its price, validity
// (productOfferingTerm, and validityDays) and allowances.
nlohmann::json offering_json(const Offering& o, const Currency& currency);
// The standard tariff (FL-13) as a ProductOffering that is not sellable, with
// usage prices per minute, SMS and MB.
nlohmann::json standard_tariff_json(const StandardTariff& t, const Currency& currency);

}  // namespace abonado::catalog
