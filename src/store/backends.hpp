#pragma once
// Constructors of the two backends; open_database() picks one by URL.

#include <memory>
#include <string>

#include "store/database.hpp"

namespace abonado::store {

std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& opts);
// `conninfo` is a libpq connection URI.
std::unique_ptr<Database> open_postgres(const std::string& conninfo, const OpenOptions& opts);

}  // namespace abonado::store
