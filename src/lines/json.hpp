#pragma once
// The API shapes of lines/ (internal: pulls in nlohmann-json): TMF637
// products, activations, form requests and ports in, used by the routes and
// by audit snapshots.

#include <nlohmann/json.hpp>

#include "lines/model.hpp"

namespace abonado::lines {

inline constexpr const char* kProductPath = "/tmf-api/productInventory/v4/product";
inline constexpr const char* kActivationPath = "/api/v1/activations";
inline constexpr const char* kRequestPath = "/api/v1/activationRequests";
inline constexpr const char* kPortInPath = "/api/v1/porting/portIn";
inline constexpr const char* kOfferingPath = "/tmf-api/productCatalogManagement/v4/productOffering";

// The national display form of a stored E.164 number ("" if it no longer parses).
std::string national_number(const std::string& e164);

nlohmann::json line_json(const Line& l);
nlohmann::json activation_json(const Activation& a, TimePoint now,
                               std::optional<int> attempts_left = std::nullopt);
nlohmann::json request_json(const ActivationRequest& r, TimePoint now);
// FL-1's report for the local days `first` to `last` in `time_zone`.
nlohmann::json activation_report_json(const ActivationReport& r, std::chrono::year_month_day first,
                                      std::chrono::year_month_day last,
                                      const std::string& time_zone);
nlohmann::json port_json(const PortIn& p);
nlohmann::json load_result_json(const LoadResult& r);

}  // namespace abonado::lines
