#include "catalog/routes.hpp"

#include "catalog/json.hpp"
#include "core/error.hpp"
#include "http/json.hpp"
#include "http/tmf.hpp"

namespace abonado::catalog {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

// Every offering of the list in order: plans, packages, then the standard tariff.
Json all_offerings(const Catalog& c) {
  Json out = Json::array();
  for (const auto& o : c.offerings()) out.push_back(offering_json(o, c.currency()));
  if (auto tariff = c.standard_tariff()) {
    out.push_back(standard_tariff_json(*tariff, c.currency()));
  }
  return out;
}

awaitable<Response> list_offerings(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string* category = q.filter("category.name");
  if (category && *category != "plan" && *category != "package" && *category != "tariff") {
    throw Error(Code::kInvalidParameter, "category.name must be plan, package or tariff",
                "category.name");
  }
  Json matching = Json::array();
  for (auto& o : all_offerings(d.catalog)) {
    if (!category || o["category"][0]["name"] == *category) matching.push_back(std::move(o));
  }
  auto total = static_cast<std::int64_t>(matching.size());
  Json page = Json::array();
  for (std::int64_t i = q.offset; i < total && i < q.offset + q.limit; ++i) {
    page.push_back(std::move(matching[static_cast<std::size_t>(i)]));
  }
  co_return http::list_response(q, std::move(page), total);
}

awaitable<Response> get_offering(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  if (const Offering* o = d.catalog.find(id)) {
    co_return http::json_response(200, offering_json(*o, d.catalog.currency()));
  }
  auto tariff = d.catalog.standard_tariff();
  if (tariff && id == kStandardTariffId) {
    co_return http::json_response(200, standard_tariff_json(*tariff, d.catalog.currency()));
  }
  throw Error(Code::kNotFound, "no product offering with id " + id, "id");
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  // The operator's published offer and prices: public, as on its web site
  // (FL-14: customers choose on the web or by USSD).
  auto anyone = Access::public_route();
  std::string path = kOfferingPath;
  router.add({"GET",
              path,
              anyone,
              http::bind<list_offerings>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"category.name"}, true}});
  router.add({"GET", path + "/{id}", anyone, http::bind<get_offering>(d)});
}

}  // namespace abonado::catalog
