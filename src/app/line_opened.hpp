#pragma once
// What the opening of a line brings along from modules lines/ does not know:
// its main balance (balance/), at zero, in the same transaction.

#include "balance/service.hpp"
#include "core/clock.hpp"
#include "lines/service.hpp"
#include "policy/policy.hpp"

namespace abonado::app {

// `clock` must outlive the callback; the currency is copied.
inline lines::LineOpened with_main_balance(const Clock& clock, Currency currency) {
  return [&clock, currency = std::move(currency)](store::Tx& tx, const lines::Line& line) {
    balance::open_main_balance(tx, line, currency, clock.now());
  };
}

}  // namespace abonado::app
