// Hostile and malformed requests, byte for byte on a raw socket: each gets a
// precise 4xx (never a 500, never a crash) and the server keeps serving.

#include "harness.hpp"

namespace abonado::apitest {
namespace {

class Hostile : public ApiTest {};

struct HostileCase {
  std::string name;
  std::string bytes;
  // The contract's status first; any other listed status is tolerated (where
  // either answer is right), the code is checked against the first only.
  std::vector<int> statuses;
  std::string code;  // empty: not checked
};

// One HTTP/1.1 request. Content-Length is added when there is a body or the
// method is POST/PUT/PATCH, unless a header already frames the body.
std::string request(std::string_view method, std::string_view target, const Headers& headers,
                    std::string_view body = {}) {
  std::string out = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  out += "Host: 127.0.0.1\r\n";
  bool framed = false;
  for (const auto& [k, v] : headers) {
    framed = framed || k == "Content-Length" || k == "Transfer-Encoding";
    out += k + ": " + v + "\r\n";
  }
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (!framed && wants_length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::string post_json(std::string_view target, std::string_view body, Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, headers, body);
}

// A JSON object of exactly `size` bytes: {"username":"aaa...","password":"x"}.
std::string json_of_size(std::size_t size) {
  std::string head = R"({"username":")";
  std::string tail = R"(","password":"x"})";
  return head + std::string(size - head.size() - tail.size(), 'a') + tail;
}

std::string chunked(std::string_view body) {
  std::string out;
  constexpr std::size_t kChunk = 65536;
  for (std::size_t at = 0; at < body.size(); at += kChunk) {
    auto part = body.substr(at, kChunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size;
    out += part;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

constexpr const char* kLogin = "/api/v1/auth/login";
constexpr const char* kAdvance = "/api/v1/testing/clock/advance";

std::vector<HostileCase> corpus(const std::string& admin_token) {
  const std::size_t mib = 1024 * 1024;
  const std::string deep_open(100000, '[');
  const std::string deep_close(100000, ']');
  const Headers admin = {{"Authorization", "Bearer " + admin_token},
                         {"Content-Type", "application/json"}};
  Headers big_headers;
  for (int i = 0; i < 200; ++i)
    big_headers.emplace_back("X-Filler-" + std::to_string(i), std::string(100, 'h'));
  return {
      // Bodies that are not what the route takes.
      {"malformed JSON",
       post_json(kLogin, R"({"username": "admin", "password": )"),
       {400},
       "INVALID_JSON"},
      {"JSON array body", post_json(kLogin, R"([{"username":"admin"}])"), {400}, "INVALID_FIELD"},
      {"JSON string body", post_json(kLogin, R"("admin")"), {400}, "INVALID_FIELD"},
      {"trailing garbage after JSON",
       post_json(kLogin, R"({"username":"a"} xyz)"),
       {400},
       "INVALID_JSON"},
      {"empty body on a JSON route", post_json(kLogin, ""), {400}, "INVALID_JSON"},
      {"a number too large for a double",
       post_json(kLogin, R"({"username":"admin","password":8888888E88888888888})"),
       {400},
       "INVALID_JSON"},
      {"text/plain body",
       request("POST", kLogin, {{"Content-Type", "text/plain"}}, R"({"username":"admin"})"),
       {415},
       "UNSUPPORTED_MEDIA_TYPE"},
      {"no content type",
       request("POST", kLogin, {}, R"({"username":"admin"})"),
       {415},
       "UNSUPPORTED_MEDIA_TYPE"},
      {"look-alike content type",
       request("POST", kLogin, {{"Content-Type", "application/jsonp"}}, "{}"),
       {415},
       "UNSUPPORTED_MEDIA_TYPE"},
      {"body on GET",
       request("GET", "/health", {{"Content-Type", "application/json"}}, "{}"),
       {400},
       ""},
      // Sizes.
      {"body of 1 MiB + 1", post_json(kLogin, json_of_size(mib + 1)), {413}, "BODY_TOO_LARGE"},
      {"body of exactly 1 MiB is read",
       post_json(kLogin, json_of_size(mib)),
       {400},
       "INVALID_FIELD"},
      {"Content-Length claiming 10 MiB",
       request("POST", kLogin,
               {{"Content-Type", "application/json"}, {"Content-Length", "10485760"}}),
       {413},
       "BODY_TOO_LARGE"},
      {"chunked body over 1 MiB",
       request("POST", kLogin,
               {{"Content-Type", "application/json"}, {"Transfer-Encoding", "chunked"}},
               chunked(json_of_size(mib + 100))),
       {413},
       "BODY_TOO_LARGE"},
      {"one header of 20 KiB",
       request("GET", "/health", {{"X-Filler", std::string(20480, 'h')}}),
       {431},
       "HEADERS_TOO_LARGE"},
      {"200 headers of 100 bytes",
       request("GET", "/health", big_headers),
       {431},
       "HEADERS_TOO_LARGE"},
      {"URL of 15 KiB",
       request("GET", "/api/v1/" + std::string(15000, 'u'), {}),
       {404},
       "ROUTE_NOT_FOUND"},
      // Framing.
      {"garbage request line", "HELLO THERE\r\n\r\n", {400}, ""},
      {"TLS handshake bytes",
       std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(64, '\0'),
       {400},
       ""},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {400}, ""},
      {"absolute-form target",
       "GET http://evil.example/health HTTP/1.1\r\nHost: x\r\n\r\n",
       {400},
       ""},
      {"Content-Length and chunked together",
       request("POST", kLogin,
               {{"Content-Type", "application/json"},
                {"Content-Length", "4"},
                {"Transfer-Encoding", "chunked"}},
               "0\r\n\r\n"),
       {400},
       ""},
      {"two different Content-Lengths",
       request(
           "POST", kLogin,
           {{"Content-Type", "application/json"}, {"Content-Length", "2"}, {"Content-Length", "3"}},
           "{}"),
       {400},
       ""},
      {"non-numeric Content-Length",
       request("POST", kLogin, {{"Content-Type", "application/json"}, {"Content-Length", "-1"}}),
       {400},
       ""},
      {"bare CR in a header",
       "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rb\r\n\r\n",
       {400},
       ""},
      {"unknown method on a known path",
       request("BREW", "/health", {}),
       {405},
       "METHOD_NOT_ALLOWED"},
      // Paths and queries.
      {"bad percent-escape", request("GET", "/api/v1/agents%zz", {}), {400}, ""},
      {"truncated percent-escape", request("GET", "/health%4", {}), {400}, ""},
      {"dot-dot segment", request("GET", "/api/v1/../health", {}), {400}, ""},
      {"encoded dot-dot", request("GET", "/assets/%2e%2e/%2e%2e/etc/passwd", {}), {400}, ""},
      {"encoded slash and dot-dot",
       request("GET", "/assets%2F..%2F..%2Fetc%2Fpasswd", {}),
       {400},
       ""},
      {"NUL in the path", request("GET", "/api/v1/agents%00", {}), {400}, ""},
      {"NUL in a query value", request("GET", "/api/v1/agents?status=%00", {}), {400}, ""},
      {"control character in the path", request("GET", "/health%0d%0aX-Evil:%201", {}), {400}, ""},
      // Text reaches the database as UTF-8 (PostgreSQL refuses anything else).
      {"percent-encoded byte that is no UTF-8, public list",
       request("GET", "/api/v1/topupAgents?district=%FF", {}),
       {400},
       "INVALID_PARAMETER"},
      {"broken UTF-8 sequence in an id",
       request("GET", "/api/v1/agents/%C3%28", admin),
       {400},
       "INVALID_PARAMETER"},
      {"raw byte that is no UTF-8 in a query",
       request("GET", "/api/v1/topupAgents?district=\xC0\xAF", {}),
       {400},
       "INVALID_PARAMETER"},
      // JSON content.
      {"invalid UTF-8 in a JSON string",
       post_json(kLogin, "{\"username\":\"\xff\xfe\",\"password\":\"whatever-pw\"}"),
       {400},
       "INVALID_JSON"},
      {"lone surrogate escape",
       post_json(kLogin, R"({"username":"\ud800","password":"whatever-pw"})"),
       {400},
       "INVALID_JSON"},
      {"100000 unclosed brackets", post_json(kLogin, deep_open), {400}, "INVALID_JSON"},
      {"100000 nested arrays", post_json(kLogin, deep_open + deep_close), {400}, "INVALID_FIELD"},
      {"deep nesting inside a field",
       post_json(kLogin, R"({"username":)" + deep_open + deep_close + R"(,"password":"x"})"),
       {400},
       ""},
      {"NUL in a username",
       post_json(kLogin, R"({"username":"admin\u0000x","password":"pw"})"),
       {401, 400},
       "INVALID_CREDENTIALS"},
      {"NUL in a display name",
       request("POST", "/api/v1/agents", admin,
               R"({"username":"nul-name","displayName":"a\u0000b","roles":["sales"],)"
               R"("password":"long-enough-pw"})"),
       {400, 201},
       "INVALID_FIELD"},
      {"integer overflow in seconds",
       post_json(kAdvance, R"({"seconds":99999999999999999999999})"),
       {400},
       ""},
      {"2^64 seconds", post_json(kAdvance, R"({"seconds":18446744073709551616})"), {400}, ""},
      {"2^63 seconds",
       post_json(kAdvance, R"({"seconds":9223372036854775808})"),
       {400},
       "INVALID_FIELD"},
      {"-2^63-1 seconds", post_json(kAdvance, R"({"seconds":-9223372036854775809})"), {400}, ""},
      {"1e400 seconds", post_json(kAdvance, R"({"seconds":1e400})"), {400}, ""},
      {"fractional seconds", post_json(kAdvance, R"({"seconds":1.5})"), {400}, "INVALID_FIELD"},
      {"seconds as text", post_json(kAdvance, R"({"seconds":"60"})"), {400}, "INVALID_FIELD"},
      // Headers.
      {"huge bearer token",
       request("GET", "/api/v1/auth/me", {{"Authorization", "Bearer " + std::string(10000, 't')}}),
       {401},
       "UNAUTHORIZED"},
      {"non-ASCII Idempotency-Key",
       request("POST", "/api/v1/agents", {admin[0], admin[1], {"Idempotency-Key", "cl\xc3\xa9"}},
               R"({"username":"idem-key-utf8","roles":["sales"],"password":"long-enough-pw"})"),
       {400},
       "INVALID_PARAMETER"},
  };
}

TEST_F(Hostile, CorpusGetsPrecise4xxAndTheServerSurvives) {
  for (const auto& c : corpus(token(kAdmin))) {
    SCOPED_TRACE(c.name);
    std::string text = send_raw(port(), c.bytes);
    RawResponse r = parse_raw(text);
    bool allowed = std::find(c.statuses.begin(), c.statuses.end(), r.status) != c.statuses.end();
    EXPECT_TRUE(allowed) << c.name << ": got "
                         << (text.empty() ? "no answer" : text.substr(0, 400));
    if (!c.code.empty() && r.status == c.statuses.front()) {
      EXPECT_TRUE(is_error(r, r.status, c.code)) << c.name;
    } else if (r.status >= 400) {
      Json body = Json::parse(r.body, nullptr, false);
      EXPECT_TRUE(body.is_object() && body.value("@type", "") == "Error")
          << c.name << ": not a TMF error body: " << r.body.substr(0, 300);
    }
    EXPECT_NE(r.header("X-Request-Id"), nullptr) << c.name;
    auto health = api().get("/health");
    ASSERT_EQ(health.status, 200) << "after " << c.name;
  }
}

TEST_F(Hostile, AFailedRequestDoesNotPoisonTheConnection) {
  // Pipelined: a 4xx on a kept-alive connection, then a good request on it.
  std::string two =
      post_json(kLogin, "{not json") + request("GET", "/health", {{"Connection", "close"}});
  std::string text = send_raw(port(), two, /*until_close=*/true);
  auto second = text.find("HTTP/1.1 ", 1);
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_TRUE(is_error(parse_raw(text.substr(0, second)), 400, "INVALID_JSON"));
  RawResponse health = parse_raw(text.substr(second));
  EXPECT_EQ(health.status, 200) << text;
  EXPECT_NE(health.body.find(R"("status":"up")"), std::string::npos) << health.body;
}

}  // namespace
}  // namespace abonado::apitest
