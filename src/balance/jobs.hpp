#pragma once
// The balance's timed work: scheduled top-ups (FL-11). Wired by app/.

#include "balance/service.hpp"
#include "jobs/scheduler.hpp"
#include "store/database.hpp"

namespace abonado::balance {

// Registers, every minute of the clock, "balance.auto_topups" (FL-11: each
// due schedule runs in its own write job, so that one failing schedule does
// not hold the others back) and "balance.plan_ends" (FL-13: lines whose plan
// ended go back to the standard tariff, one write job each). Both references
// must outlive the scheduler's runs.
void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const BalanceService& balance);

}  // namespace abonado::balance
