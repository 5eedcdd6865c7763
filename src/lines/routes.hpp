#pragma once
// HTTP face of lines/: inventory loads, activation in the app, the form
// channel, ports in and the TMF637 product inventory (suspend and resume
// included). Wired by app/.

#include "core/clock.hpp"
#include "http/router.hpp"
#include "lines/activation.hpp"
#include "lines/inventory.hpp"
#include "lines/porting.hpp"
#include "lines/registries.hpp"
#include "lines/requests.hpp"
#include "lines/service.hpp"
#include "lines/suspension.hpp"
#include "store/database.hpp"

namespace abonado::lines {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const Lines& lines;
  const Inventory& inventory;
  const Activations& activations;
  const ActivationRequests& requests;
  const PortIns& ports;
  const BiometricRegistry& registry;
  const Clearinghouse& clearinghouse;
  const Suspensions& suspensions;
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::lines
