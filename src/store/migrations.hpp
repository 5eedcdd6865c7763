#pragma once
// Schema migrations, embedded in the binary from migrations/ at build time.

#include <vector>

namespace abonado::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;  // portable
  const char* pg;   // PostgreSQL variant, or nullptr
};

// Sorted by version.
const std::vector<Migration>& embedded_migrations();

}  // namespace abonado::store
