// Fuzzes what a request goes through before any handler: Beast's HTTP
// parser with the server's limits, the target and query decoding, the TMF
// list-query checks and field projection, and JSON body parsing with the field
// accessors. Every input must end in a value or an abonado::Error, never a
// crash, a hang or another exception.

#include <boost/beast/http.hpp>

#include <cstdint>

#include "core/error.hpp"
#include "http/json.hpp"
#include "http/target.hpp"
#include "http/tmf.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace abonado;

const http::QuerySpec kListSpec{{"status", "role"}, true};
const http::QuerySpec kPlainSpec{};

void exercise_body(const http::Request& req) {
  try {
    auto body = http::parse_body(req);
    (void)http::optional_string(body, "username", 64);
    (void)http::required_int(body, "seconds", -1000, 1000);
    (void)http::optional_bool(body, "disability");
    http::only_fields(body, {"username", "seconds", "disability"});
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(http::kJsonBodyLimit);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;

  http::Request req;
  req.method = std::string(parser.get().method_string());
  http::Target target;
  if (!http::parse_target(parser.get().target(), target)) return 0;
  (void)http::mask_pii(target.path);
  req.path = target.path;
  req.query = target.query;
  req.body = parser.get().body();
  try {
    auto q = http::parse_query(req, req.path.starts_with("/api/v1/agents") ? kListSpec : kPlainSpec);
    http::Json item = {{"id", "1"}, {"username", "u"}, {"roles", {"admin"}}};
    (void)http::project(item, q.fields);
  } catch (const Error&) {
  }
  exercise_body(req);
  return 0;
}
