#pragma once
// JSON in and out of handlers (nlohmann-json: include only from http/ and
// routes.cpp). Every accessor names the field at fault in its 400.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request.hpp"

namespace abonado::http {

using Json = nlohmann::json;

// Parses a request body; a 400 INVALID_JSON naming the position if it is not
// JSON, and a 400 INVALID_FIELD if it is not an object.
Json parse_body(const Request& req);

// Field accessors on a JSON object. `path` is the name used in messages
// ("username", "amount.value").
std::string required_string(const Json& obj, std::string_view key, std::size_t max_len = 1000);
std::optional<std::string> optional_string(const Json& obj, std::string_view key,
                                           std::size_t max_len = 1000);
std::int64_t required_int(const Json& obj, std::string_view key, std::int64_t min,
                          std::int64_t max);
std::optional<bool> optional_bool(const Json& obj, std::string_view key);
// Refuses fields outside `allowed` (400 INVALID_FIELD naming the first).
void only_fields(const Json& obj, std::initializer_list<std::string_view> allowed);

Response json_response(int status, const Json& body);

// Runs `parse`, re-labelling the field of any Error it throws as `path`, so
// that a 400 names where in the body the bad value sits
// ("contactMedium[0].characteristic.phoneNumber").
template <typename F>
auto at_field(const std::string& path, F parse) {
  try {
    return parse();
  } catch (const Error& e) {
    throw Error(e.code(), e.what(), path);
  }
}

}  // namespace abonado::http
