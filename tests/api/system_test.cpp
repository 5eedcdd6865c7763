// Health, routing, request ids, metrics, static files and keep-alive.

#include <signal.h>
#include <sys/resource.h>

#include <csignal>
#include <memory>
#include <regex>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

class System : public ApiTest {
 protected:
  // The value of one Prometheus sample line `name{labels} value`, or -1.
  static double sample(const std::string& metrics, const std::string& series) {
    std::string prefix = series + " ";
    std::size_t at = 0;
    while ((at = metrics.find(prefix, at)) != std::string::npos) {
      if (at == 0 || metrics[at - 1] == '\n') {
        return std::stod(metrics.substr(at + prefix.size()));
      }
      at += prefix.size();
    }
    return -1;
  }
};

TEST_F(System, HealthSaysUpWithDatabaseOperatorAndVersion) {
  auto r = api().get("/health");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_NE(r.header("Content-Type"), nullptr);
  EXPECT_TRUE(r.header("Content-Type")->starts_with("application/json"));
  Json j = r.json();
  EXPECT_EQ(j["status"], "up");
  EXPECT_EQ(j["database"], database_kind());
  EXPECT_EQ(j["operator"], "pe-flash");
  ASSERT_TRUE(j["version"].is_string()) << j;
  EXPECT_FALSE(j["version"].get<std::string>().empty());
  EXPECT_EQ(j.size(), 4u) << j;
}

// The console formats money, dates and numbers from this, so a new
// operator's pack needs no change to the console.
TEST_F(System, OperatorProfileComesFromThePolicyPackWithoutASession) {
  auto r = api().get("/api/v1/operator");
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["name"], "pe-flash");
  EXPECT_EQ(j["brand"], "Flash Mobile");
  EXPECT_EQ(j["country"], "PE");
  EXPECT_EQ(j["locale"], "es-PE");
  EXPECT_EQ(j["language"], "es");
  EXPECT_EQ(j["currency"], "PEN");
  EXPECT_EQ(j["currencyMinorDigits"], 2);
  EXPECT_EQ(j["timeZone"], "America/Lima");
  EXPECT_EQ(j["callingCode"], "51");
  // FL-15: *555 and the toll-free numbers, every day 07:00 to 21:00.
  const Json& care = j["customerService"];
  EXPECT_EQ(care["phoneNumbers"], (Json{"*555", "080078555", "13913616"}));
  EXPECT_EQ(care["ussdCode"], "*555#");
  EXPECT_EQ(care["hours"].size(), 7u);
  EXPECT_EQ(care["hours"]["sunday"], (Json{{"open", "07:00"}, {"close", "21:00"}}));
  EXPECT_EQ(care["openOnHolidays"], true);
  EXPECT_EQ(care["webChat"], true);
  // FL-10: a top-up from S/ 3.00 to S/ 500.00, said beside the amount.
  EXPECT_EQ(j["topupLimits"], (Json{{"minMinor", 300}, {"maxMinor", 50000}}));
  // What a document copy may be, checked by the console before it sends one.
  EXPECT_EQ(j["attachments"]["maxBytes"], 5 * 1024 * 1024);
  EXPECT_EQ(j["attachments"]["mimeTypes"], (Json{"application/pdf", "image/jpeg", "image/png"}));
}

TEST(OperatorProfile, FollowsTheServersPack) {
  TestDatabase db;
  TestServer server(db, "operator-profile", {{"--operator", "ru-beeline"}});
  HttpClient api(server.port());
  auto r = api.get("/api/v1/operator");
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["name"], "ru-beeline");
  EXPECT_EQ(j["brand"], "Билайн");
  EXPECT_EQ(j["customerService"]["hours"]["monday"], (Json{{"open", "00:00"}, {"close", "24:00"}}));
  EXPECT_FALSE(j["customerService"].contains("ussdCode"));
  EXPECT_EQ(j["customerService"]["webChat"], false);
  EXPECT_EQ(j["locale"], "ru-RU");
  EXPECT_EQ(j["currency"], "RUB");
  EXPECT_EQ(j["timeZone"], "Europe/Moscow");
  EXPECT_EQ(j["callingCode"], "7");
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_F(System, HeadAnswersLikeGetWithoutABody) {
  auto get = api().get("/health");
  auto head = api().send({.method = "HEAD", .path = "/health"});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty()) << head.body;
  ASSERT_NE(head.header("Content-Length"), nullptr);
  EXPECT_EQ(*head.header("Content-Length"), std::to_string(get.body.size()));
}

TEST_F(System, UnknownApiRouteIsRouteNotFound) {
  for (const char* path : {"/api/v1/nope", "/api/v1/agents/x/y/z", "/api", "/tmf-api/party/v4"}) {
    auto r = api().get(path);
    EXPECT_TRUE(is_error(r, 404, "ROUTE_NOT_FOUND")) << path;
    ASSERT_NE(r.header("Content-Type"), nullptr) << path;
    EXPECT_TRUE(r.header("Content-Type")->starts_with("application/json")) << path;
  }
}

// API.md: missing credentials are a 401, whatever else the request gets wrong;
// its parameters and body are judged only for a caller who may call.
TEST_F(System, WithoutASessionEveryProtectedRouteIs401First) {
  EXPECT_TRUE(is_error(api().get("/api/v1/autoTopups?offset=-1"), 401, "UNAUTHORIZED"));
  EXPECT_TRUE(is_error(api().get("/api/v1/agents?zzz=1"), 401, "UNAUTHORIZED"));
  auto text = api().send({.method = "POST",
                          .path = "/tmf-api/prepayBalanceManagement/v4/topupBalance",
                          .body = "not json",
                          .content_type = "text/plain"});
  EXPECT_TRUE(is_error(text, 401, "UNAUTHORIZED")) << text.body;
  // With a session, the same mistakes get their precise 400 and 415.
  EXPECT_TRUE(
      is_error(api().get("/api/v1/agents?zzz=1", token(kAdmin)), 400, "UNKNOWN_PARAMETER", "zzz"));
  auto typed = api().send({.method = "POST",
                           .path = "/tmf-api/prepayBalanceManagement/v4/topupBalance",
                           .token = token(kAdmin),
                           .body = "not json",
                           .content_type = "text/plain"});
  EXPECT_EQ(typed.status, 415) << typed.body;
}

TEST_F(System, WrongMethodIsMethodNotAllowed) {
  EXPECT_TRUE(
      is_error(api().send({.method = "DELETE", .path = "/health"}), 405, "METHOD_NOT_ALLOWED"));
  EXPECT_TRUE(is_error(api().get("/api/v1/auth/login"), 405, "METHOD_NOT_ALLOWED"));
  EXPECT_TRUE(
      is_error(api().send({.method = "PUT", .path = "/api/v1/agents"}), 405, "METHOD_NOT_ALLOWED"));
}

TEST_F(System, SaneRequestIdIsEchoed) {
  auto r = api().send({.path = "/health", .headers = {{"X-Request-Id", "abc-123"}}});
  ASSERT_EQ(r.status, 200);
  ASSERT_NE(r.header("X-Request-Id"), nullptr);
  EXPECT_EQ(*r.header("X-Request-Id"), "abc-123");
  // Also on errors.
  r = api().send({.path = "/api/v1/nope", .headers = {{"X-Request-Id", "abc-124"}}});
  ASSERT_NE(r.header("X-Request-Id"), nullptr);
  EXPECT_EQ(*r.header("X-Request-Id"), "abc-124");
}

TEST_F(System, MissingRequestIdIsGeneratedUniquely) {
  auto a = api().get("/health");
  auto b = api().get("/health");
  ASSERT_NE(a.header("X-Request-Id"), nullptr);
  ASSERT_NE(b.header("X-Request-Id"), nullptr);
  EXPECT_FALSE(a.header("X-Request-Id")->empty());
  EXPECT_NE(*a.header("X-Request-Id"), *b.header("X-Request-Id"));
}

TEST_F(System, HostileRequestIdIsReplaced) {
  for (const std::string& bad : std::vector<std::string>{"has spaces in it", std::string(200, 'r'),
                                                         "semi;colon", "<script>", "\"quoted\""}) {
    auto r = api().send({.path = "/health", .headers = {{"X-Request-Id", bad}}});
    ASSERT_EQ(r.status, 200) << bad;
    const std::string* rid = r.header("X-Request-Id");
    ASSERT_NE(rid, nullptr) << bad;
    EXPECT_FALSE(rid->empty()) << bad;
    EXPECT_NE(*rid, bad);
    EXPECT_TRUE(std::regex_match(*rid, std::regex("[A-Za-z0-9._-]{1,64}"))) << *rid;
  }
}

TEST_F(System, MetricsCountRequestsAndDatabaseBatches) {
  std::string before = api().get("/metrics").body;
  const std::string health_ok = R"(abonado_http_requests_total{route="GET /health",code="2xx"})";
  double seen = std::max(0.0, sample(before, health_ok));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(api().get("/health").status, 200);
  token(kOperator);  // a login: at least one database write
  ASSERT_EQ(api().get("/api/v1/no-such-route").status, 404);

  auto r = api().get("/metrics");
  ASSERT_EQ(r.status, 200);
  ASSERT_NE(r.header("Content-Type"), nullptr);
  EXPECT_TRUE(r.header("Content-Type")->starts_with("text/plain")) << *r.header("Content-Type");
  const std::string& m = r.body;
  EXPECT_GE(sample(m, health_ok), seen + 3) << m;
  EXPECT_GE(sample(m, R"(abonado_http_requests_total{route="unmatched",code="4xx"})"), 1) << m;
  EXPECT_GE(sample(m, R"(abonado_http_request_seconds_count{route="GET /health"})"), seen + 3);

  EXPECT_NE(m.find("# TYPE abonado_db_write_batch_size histogram\n"), std::string::npos) << m;
  double writes = sample(m, "abonado_db_write_jobs_total");
  EXPECT_GE(writes, 1) << m;
  // Cumulative buckets: non-decreasing, +Inf holds every batch.
  double last = 0;
  for (int le = 1; le <= 512; le *= 2) {
    double v = sample(m, "abonado_db_write_batch_size_bucket{le=\"" + std::to_string(le) + "\"}");
    ASSERT_GE(v, last) << "le=" << le << "\n" << m;
    last = v;
  }
  double all = sample(m, R"(abonado_db_write_batch_size_bucket{le="+Inf"})");
  EXPECT_GE(all, last);
  EXPECT_EQ(sample(m, "abonado_db_write_batch_size_count"), all) << m;
  EXPECT_EQ(sample(m, "abonado_db_write_batch_size_sum"), writes) << m;
  EXPECT_GE(all, 1);
}

TEST_F(System, RootServesTheConsolePage) {
  auto r = api().get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_NE(r.header("Content-Type"), nullptr);
  EXPECT_TRUE(r.header("Content-Type")->starts_with("text/html")) << *r.header("Content-Type");
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  EXPECT_NE(r.header("X-Request-Id"), nullptr);
}

TEST_F(System, ClientRoutesFallBackToThePage) {
  for (const char* path : {"/customers/123", "/lines", "/agents/x/edit"}) {
    auto r = api().get(path);
    ASSERT_EQ(r.status, 200) << path;
    ASSERT_NE(r.header("Content-Type"), nullptr) << path;
    EXPECT_TRUE(r.header("Content-Type")->starts_with("text/html")) << path;
  }
}

TEST_F(System, MissingFileWithAnExtensionIsNotFound) {
  for (const char* path : {"/missing.js", "/assets/app-1234.css", "/favicon.ico"}) {
    EXPECT_EQ(api().get(path).status, 404) << path;
  }
  // Static files are for GET only.
  EXPECT_NE(api().send({.method = "POST", .path = "/customers/1", .body = ""}).status, 200);
}

TEST_F(System, RequestsShareOneKeptAliveConnection) {
  HttpClient client(port());
  auto first = client.get("/health");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.new_connections, 1);
  auto second = client.get("/health");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.new_connections, 0);
  // Neither a POST nor an error response ends the connection.
  auto login = client.post("/api/v1/auth/login",
                           {{"username", "keepalive-nobody"}, {"password", "wrong-password"}});
  EXPECT_EQ(login.status, 401);
  EXPECT_EQ(login.new_connections, 0);
  auto missing = client.get("/api/v1/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.new_connections, 0);
  auto last = client.get("/health");
  EXPECT_EQ(last.status, 200);
  EXPECT_EQ(last.new_connections, 0);
}

// A disk that refuses the WAL (here the server's file size limit, which
// fails its writes with EFBIG as a full disk fails them with ENOSPC): the
// write that hit it and every write after it fail, /health says down with
// the reason while reads go on, and after a restart with room again every
// write that was answered 201 is there. SQLite only: PostgreSQL's server
// process writes its own files.
TEST(DiskFull, WritesFailForGoodHealthSaysDownAndNothingAnsweredIsLost) {
  if (database_kind() != "sqlite") GTEST_SKIP() << "the limit binds the server process's own files";
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  auto login = [](HttpClient& c) {
    auto r =
        c.post("/api/v1/auth/login", {{"username", kAdmin}, {"password", password_of(kAdmin)}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().value("token", "");
  };
  auto create = [](HttpClient& c, const std::string& token, int i) {
    return c.post(
        "/tmf-api/party/v4/individual",
        {{"givenName", "Disco"},
         {"familyName", "Lleno"},
         {"individualIdentification",
          {{{"identificationType", "DNI"}, {"identificationId", std::to_string(71000000 + i)}}}}},
        token);
  };
  std::vector<std::string> created;  // answered 201
  {
    // The server inherits the limit (and SIGXFSZ ignored) at its fork; this
    // process gets its own back at once. The database file is already
    // larger: only the WAL, which starts empty, can reach the limit.
    struct rlimit before {};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
    struct rlimit small = before;
    small.rlim_cur = 512 * 1024;
    auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    std::unique_ptr<TestServer> server;
    try {
      server = std::make_unique<TestServer>(db, "disk-full");
    } catch (...) {
    }
    setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, old_handler);
    ASSERT_TRUE(server) << "the server did not start under the limit";
    HttpClient client(server->port());
    std::string admin = login(client);
    ASSERT_EQ(client.get("/health").status, 200);

    HttpResponse refused;
    for (int i = 0; i < 2000; ++i) {
      auto r = create(client, admin, i);
      if (r.status != 201) {
        refused = r;
        break;
      }
      created.push_back(r.json().value("id", ""));
    }
    ASSERT_GE(refused.status, 500) << "the WAL never filled up: " << refused.body;
    ASSERT_FALSE(created.empty());

    auto health = client.get("/health");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_EQ(health.json().value("status", ""), "down") << health.body;
    EXPECT_NE(health.json().value("reason", "").find("restart"), std::string::npos) << health.body;
    // Room again is not enough: what the kernel did with what it could not
    // write is unknown, so every write fails until a restart.
    EXPECT_GE(create(client, admin, 9999).status, 500);
    EXPECT_EQ(client.get("/tmf-api/party/v4/individual/" + created.front(), admin).status, 200);
  }  // the server is killed (SIGKILL): what a crash leaves

  TestServer again(db, "disk-full-restarted");
  HttpClient client(again.port());
  std::string admin = login(client);
  EXPECT_EQ(client.get("/health").status, 200);
  for (const auto& id : created) {
    EXPECT_EQ(client.get("/tmf-api/party/v4/individual/" + id, admin).status, 200) << id;
  }
  EXPECT_EQ(create(client, admin, 10000).status, 201);
  EXPECT_EQ(again.stop(), 0);
}

}  // namespace
}  // namespace abonado::apitest
