#pragma once
// TM Forum conventions: the error body, status per error code, and the list
// query (offset, limit, fields, attribute filters) with its headers.

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/json.hpp"

namespace abonado::http {

int status_of(Code code);
// {"@type":"Error","code":...,"reason":...,"message":...,"status":"409"}
Response error_response(const Error& e);

struct ListQuery {
  std::int64_t offset = 0;
  std::int64_t limit = 20;
  std::vector<std::string> fields;  // empty: all
  std::vector<std::pair<std::string, std::string>> filters;  // declared attributes only
  const std::string* filter(std::string_view name) const;
};

inline constexpr std::int64_t kDefaultLimit = 20;
inline constexpr std::int64_t kMaxLimit = 1000;

// Checks every query parameter of `req` against the route's declaration:
// unknown ones are 400 UNKNOWN_PARAMETER, bad offset/limit/fields 400
// INVALID_PARAMETER. Returns the parsed list query (defaults for non-list
// routes).
ListQuery parse_query(const Request& req, const QuerySpec& spec);

// A list response: the page projected on `fields` (id, href and @type are
// always kept), with X-Total-Count and X-Result-Count.
Response list_response(const ListQuery& q, Json items, std::int64_t total);
// One resource projected on the query's fields.
Json project(const Json& item, const std::vector<std::string>& fields);

}  // namespace abonado::http
