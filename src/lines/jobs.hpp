#pragma once
// The timed work of lines/: ports in that became due complete (FL-9), and
// activations that waited too long for the fingerprint give their SIM and
// number back (FL-7). Each scans for due rows, so running late or on two
// nodes at once is harmless (rows are re-checked under their lock).

#include "jobs/scheduler.hpp"
#include "lines/activation.hpp"
#include "lines/porting.hpp"
#include "store/database.hpp"

namespace abonado::lines {

// Registers the jobs; everything given must outlive the scheduler's runs.
void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const Activations& activations,
                   const PortIns& ports);

}  // namespace abonado::lines
