#pragma once
// /health, /metrics, the operator's profile and the --testing clock endpoints.

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "jobs/scheduler.hpp"
#include "policy/policy.hpp"
#include "store/database.hpp"

namespace abonado::app {

struct SystemDeps {
  store::Database& db;
  std::string operator_name;
  const Policy& policy;
  // Set once every route is added (Metrics is sized from the router).
  const std::unique_ptr<http::Metrics>& metrics;
  jobs::Scheduler& scheduler;
  ManualClock* testing_clock;  // nullptr unless --testing
};

void add_system_routes(http::Router& router, SystemDeps deps);

}  // namespace abonado::app
