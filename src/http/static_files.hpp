#pragma once
// The web console's files from web/dist, with the single-page-app fallback:
// a GET for a path that is no file and has no extension gets index.html.
// While no console is built, a placeholder page says so.

#include <optional>
#include <string>

#include "http/request.hpp"

namespace abonado::http {

// nullopt when `path` names no file and is not a page route.
std::optional<Response> serve_static(const std::string& root, const std::string& path);

}  // namespace abonado::http
