#pragma once
// The balance's timed work: scheduled top-ups (FL-11). Wired by app/.

#include <boost/asio/thread_pool.hpp>

#include "balance/payments.hpp"
#include "balance/service.hpp"
#include "jobs/scheduler.hpp"
#include "store/database.hpp"

namespace abonado::balance {

// Registers, every minute of the clock, "balance.auto_topups" (FL-11: each
// due schedule is claimed in a write job of its own, so that one failing
// schedule does not hold the others back; its card is charged through
// `payments` on `pool`, never inside a job, and the answer recorded in
// another) and "balance.plan_ends" (FL-13: lines whose plan ended go back to
// the standard tariff, one write job each). Every reference must outlive the
// scheduler's runs.
void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const BalanceService& balance,
                   const PaymentGateway& payments, boost::asio::thread_pool& pool);

}  // namespace abonado::balance
