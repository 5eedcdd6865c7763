#pragma once
// Demo data of the balance module for `abonado seed --demo`.

#include <cstdint>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace abonado::balance {

// Adds a dozen top-up agents in Lima (FL-12: some still show the older
// brands Inkacel and Virgin) unless there are agents already. Returns how
// many it added. Audited as the "seed" system actor.
std::int64_t seed_demo_topup_agents(store::Tx& tx, TimePoint now);

}  // namespace abonado::balance
