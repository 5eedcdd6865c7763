#include "auth/session_cache.hpp"

namespace abonado::auth {

std::optional<Actor> SessionCache::find(const std::string& token_hash, TimePoint now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires_at <= now ||
      std::chrono::steady_clock::now() - it->second.cached_at > kMaxAge) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.actor;
}

void SessionCache::put(const std::string& token_hash, const Actor& actor, TimePoint expires_at,
                       std::uint64_t seen) {
  std::lock_guard lock(mu_);
  // A session ended while the read ran: what it found may be gone already.
  if (seen != generation_.load()) return;
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.insert_or_assign(token_hash, Entry{actor, expires_at, std::chrono::steady_clock::now()});
}

void SessionCache::forget_all() {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.clear();
}

}  // namespace abonado::auth
