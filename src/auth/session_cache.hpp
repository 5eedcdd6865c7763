#pragma once
// Sessions this server has already looked up, so that a request does not
// wait for a database read to learn its agent (every API request carries a
// session). An entry is trusted:
// - never past the session's own expiry (by the operator's clock);
// - until this server ends any session: logout, an agent disabled, its
//   password or roles changed (auth/routes.cpp calls forget_all() after
//   those commit);
// - for at most kMaxAge, because another server on the same PostgreSQL
//   database may end a session without this one knowing.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/roles.hpp"

namespace abonado::auth {

class SessionCache {
 public:
  static constexpr std::chrono::seconds kMaxAge{2};
  static constexpr std::size_t kMaxEntries = 10000;

  // Stamp to take before the database read whose result put() stores.
  std::uint64_t generation() const { return generation_.load(); }

  std::optional<Actor> find(const std::string& token_hash, TimePoint now);
  // Stores what a read begun at `seen` found, unless forget_all() ran since.
  void put(const std::string& token_hash, const Actor& actor, TimePoint expires_at,
           std::uint64_t seen);
  // After a change that ends sessions has committed.
  void forget_all();

 private:
  struct Entry {
    Actor actor;
    TimePoint expires_at;
    std::chrono::steady_clock::time_point cached_at;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace abonado::auth
