// The HTTP routes through the server's dispatcher (its checks, then the handler), without a
// socket.

#include "notify/routes.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "fixture.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"

namespace abonado::notify::testing {
namespace {

namespace asio = boost::asio;
using Json = nlohmann::json;

// Bearer tokens named after a role.
class FakeAuth final : public http::Authenticator {
 public:
  asio::awaitable<std::optional<Actor>> authenticate(std::string token) override {
    auto role = parse_role(token);
    if (!role) co_return std::nullopt;
    co_return Actor{"agent-" + token, token + ".agent", {}, {*role}};
  }
};

class RoutesTest : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    add_routes(router_, {*db_, clock_, *outbox_});
    metrics_ = std::make_unique<http::Metrics>(router_);
    server_ = std::make_unique<http::Server>(
        io_, http::ServerDeps{router_, auth_, *metrics_, *db_, clock_}, http::ServerOptions{});
  }

  // `token` is a role name (FakeAuth), or "" for none.
  http::Response call(const std::string& method, const std::string& target,
                      const std::string& token = "operator", const std::string& body = "",
                      const std::string& idempotency_key = "") {
    http::Request req;
    req.method = method;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::stringstream ss(target.substr(q + 1));
      for (std::string pair; std::getline(ss, pair, '&');) {
        auto eq = pair.find('=');
        req.query.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
      }
    }
    if (!token.empty()) req.headers.emplace_back("authorization", "Bearer " + token);
    if (!body.empty()) req.headers.emplace_back("content-type", "application/json");
    if (!idempotency_key.empty()) req.headers.emplace_back("idempotency-key", idempotency_key);
    req.body = body;
    req.request_id = "req-" + std::to_string(++requests_);
    http::Response res;
    run_coro(io_, [&]() -> asio::awaitable<void> { res = co_await server_->dispatch(req); });
    return res;
  }
  static Json json(const http::Response& r) { return Json::parse(r.body); }
  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }

  asio::io_context io_;
  http::Router router_;
  FakeAuth auth_;
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<http::Server> server_;
  int requests_ = 0;
};

const std::string kPath = "/tmf-api/communicationManagement/v4/communicationMessage";

TEST_P(RoutesTest, AnAgentSendsAnSmsAndFindsItAgain) {
  auto res = call("POST", kPath, "postsales",
                  R"({"messageType":"SMS","content":"Hola, le llamamos mañana.",
                       "receiver":[{"phoneNumber":"+51987654321","id":"party-9"}]})");
  ASSERT_EQ(res.status, 201) << res.body;
  Json m = json(res);
  std::string location = header(res, "Location");
  EXPECT_EQ(location, kPath + "/" + m["id"].get<std::string>());
  EXPECT_EQ(m["href"], location);
  EXPECT_EQ(m["@type"], "CommunicationMessage");
  EXPECT_EQ(m["messageType"], "SMS");
  EXPECT_EQ(m["state"], "initial");
  EXPECT_EQ(m["content"], "Hola, le llamamos mañana.");
  EXPECT_EQ(m["receiver"][0]["phoneNumber"], "+51987654321");
  EXPECT_EQ(m["receiver"][0]["id"], "party-9");
  EXPECT_EQ(m["relatedParty"][0]["id"], "party-9");
  EXPECT_EQ(m["scheduledSendTime"], format_iso(clock_.now()));

  auto got = call("GET", location, "retention");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json(got), m);

  auto list = call("GET", kPath + "?receiver.id=party-9&messageType=SMS&state=initial");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json(list).size(), 1u);
  EXPECT_EQ(header(list, "X-Total-Count"), "1");
  EXPECT_EQ(json(call("GET", kPath + "?relatedParty.id=party-9&fields=state"))[0],
            (Json{{"id", m["id"]},
                  {"href", location},
                  {"@type", "CommunicationMessage"},
                  {"state", "initial"}}));
  EXPECT_EQ(json(call("GET", kPath + "?relatedParty.id=other")).size(), 0u);
  EXPECT_EQ(json(call("GET", kPath + "?receiver.id=party-9&relatedParty.id=other")).size(), 0u);
  EXPECT_EQ(json(call("GET", kPath + "?messageType=email")).size(), 0u);
  EXPECT_EQ(call("GET", kPath + "?state=sent").status, 400);
  EXPECT_EQ(call("GET", kPath + "?messageType=fax").status, 400);
  EXPECT_EQ(call("GET", kPath + "/no-such-id").status, 404);
}

TEST_P(RoutesTest, AnEmailNeedsASubjectAndAnAddress) {
  auto res = call("POST", kPath, "operator",
                  R"({"messageType":"email","subject":"Su reclamo","content":"Resuelto.",
                       "receiver":[{"email":"maria@example.com"}],
                       "relatedParty":[{"id":"party-3","@referredType":"Individual"}]})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(json(res)["subject"], "Su reclamo");
  EXPECT_EQ(json(res)["receiver"][0]["email"], "maria@example.com");
  EXPECT_EQ(json(res)["relatedParty"][0]["id"], "party-3");

  auto bad = [&](const std::string& body) {
    auto r = call("POST", kPath, "operator", body);
    return std::pair{r.status, json(r).value("code", "") + " " + json(r).value("field", "")};
  };
  EXPECT_EQ(
      bad(R"({"messageType":"email","content":"x","receiver":[{"email":"maria@example.com"}]})"),
      (std::pair{400, std::string("INVALID_FIELD subject")}));
  EXPECT_EQ(
      bad(R"({"messageType":"email","subject":"s","content":"x","receiver":[{"email":"maria"}]})"),
      (std::pair{400, std::string("INVALID_EMAIL receiver.email")}));
  EXPECT_EQ(bad(R"({"messageType":"SMS","content":"x","receiver":[{"phoneNumber":"987654321"}]})"),
            (std::pair{400, std::string("INVALID_PHONE_NUMBER receiver.phoneNumber")}));
  EXPECT_EQ(
      bad(R"({"messageType":"SMS","content":"x","receiver":[{"email":"maria@example.com"}]})"),
      (std::pair{400, std::string("INVALID_FIELD receiver.email")}));
  EXPECT_EQ(bad(R"({"messageType":"SMS","content":"x","receiver":[]})"),
            (std::pair{400, std::string("INVALID_FIELD receiver")}));
  EXPECT_EQ(
      bad(R"({"messageType":"fax","content":"x","receiver":[{"phoneNumber":"+51987654321"}]})"),
      (std::pair{400, std::string("INVALID_FIELD messageType")}));
  EXPECT_EQ(bad(R"({"messageType":"SMS","receiver":[{"phoneNumber":"+51987654321"}]})"),
            (std::pair{400, std::string("MISSING_FIELD content")}));
  EXPECT_EQ(
      bad(R"({"messageType":"SMS","content":"x","receiver":[{"phoneNumber":"+51987654321","id":"a"}],
                    "relatedParty":[{"id":"b"}]})"),
      (std::pair{400, std::string("INVALID_FIELD relatedParty.id")}));
  EXPECT_EQ(
      bad(R"({"messageType":"SMS","content":"x","receiver":[{"phoneNumber":"+51987654321"}],"sender":{}})"),
      (std::pair{400, std::string("INVALID_FIELD sender")}));
}

TEST_P(RoutesTest, OnlyAgentsWithTheRightRoleMayReadOrSend) {
  std::string body =
      R"({"messageType":"SMS","content":"x","receiver":[{"phoneNumber":"+51987654321"}]})";
  EXPECT_EQ(call("POST", kPath, "", body).status, 401);
  EXPECT_EQ(call("POST", kPath, "sales", body).status, 403);
  EXPECT_EQ(call("POST", kPath, "backoffice", body).status, 403);
  EXPECT_EQ(call("GET", kPath, "sales").status, 403);
  EXPECT_EQ(call("GET", kPath, "leader").status, 403);
  EXPECT_EQ(call("GET", kPath, "backoffice").status, 200);
}

TEST_P(RoutesTest, AnIdempotentPostSendsOnce) {
  std::string body =
      R"({"messageType":"SMS","content":"x","receiver":[{"phoneNumber":"+51987654321"}]})";
  auto a = call("POST", kPath, "operator", body, "key-1");
  auto b = call("POST", kPath, "operator", body, "key-1");
  ASSERT_EQ(a.status, 201);
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(json(a)["id"], json(b)["id"]);
  EXPECT_EQ(header(call("GET", kPath), "X-Total-Count"), "1");
}

TEST_P(RoutesTest, OneTimeCodesNeverShow) {
  auto m = sms("Flash Mobile: tu clave temporal es 482913.");
  m.secret = true;
  std::string id = enqueue(m);
  auto one = call("GET", kPath + "/" + id);
  EXPECT_EQ(json(one)["content"], "Flash Mobile: tu clave temporal es ******.");
  EXPECT_EQ(json(one)["secret"], true);
  auto list = call("GET", kPath);
  EXPECT_EQ(list.body.find("482913"), std::string::npos);
}

TEST_P(RoutesTest, KannelDeliveryReportsNeedTheAttemptsToken) {
  std::string id = enqueue(sms("hola"));
  std::vector<Claim> claims;
  db_->write_sync([&](store::Tx& tx) { claims = outbox_->claim_due(tx, clock_.now(), 10); });
  ASSERT_EQ(claims.size(), 1u);
  db_->write_sync([&](store::Tx& tx) {
    outbox_->record(tx, claims[0], FakeTransport::accepted(), clock_.now());
  });
  std::string token = claims[0].out.report_token;
  std::string dlr = "/api/v1/notify/kannel/dlr";

  EXPECT_EQ(call("GET", dlr + "?id=" + id + "&token=wrong&status=1", "").status, 404);
  EXPECT_EQ(call("GET", dlr + "?id=nope&token=" + token + "&status=1", "").status, 404);
  EXPECT_EQ(call("GET", dlr + "?id=" + id + "&token=" + token, "").status, 400);
  EXPECT_EQ(call("GET", dlr + "?id=" + id + "&token=" + token + "&status=x", "").status, 400);
  EXPECT_EQ(call("GET", dlr + "?id=" + id + "&token=" + token + "&status=1&extra=1", "").status,
            400);
  EXPECT_EQ(message(id).state, MessageState::kInProgress);

  auto ok = call("GET", dlr + "?id=" + id + "&token=" + token + "&status=8&ref=", "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "OK");
  EXPECT_EQ(ok.content_type.rfind("text/plain", 0), 0u);
  EXPECT_EQ(message(id).state, MessageState::kInProgress);
  ok = call("GET", dlr + "?id=" + id + "&token=" + token + "&status=1&ref=smsc-77", "");
  EXPECT_EQ(ok.status, 200);
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_EQ(m.external_ref, "smsc-77");
  EXPECT_EQ(call("GET", dlr + "?id=" + id + "&token=" + token + "&status=1", "").status, 200);
  auto api = json(call("GET", kPath + "/" + id));
  EXPECT_EQ(api["state"], "completed");
  EXPECT_EQ(api["sendTimeComplete"], format_iso(clock_.now()));
  EXPECT_EQ(api["gatewayReference"], "smsc-77");
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutesTest, ::testing::Values(kSqlite, kPostgres), backend_name);

}  // namespace
}  // namespace abonado::notify::testing
