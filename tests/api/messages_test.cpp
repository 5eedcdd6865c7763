// SMS and email through the server (TMF681): the transactional outbox, the
// sender job driven by the testing clock, and the transports: files by
// default, and a real SMTP server and Kannel (with its fake SMSC and delivery
// reports) when scripts/test has started them.

#include <dirent.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kMessages = "/tmf-api/communicationManagement/v4/communicationMessage";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One server per suite, started with the transports the suite asks for.
class MessageServer {
 public:
  explicit MessageServer(const std::map<std::string, std::string>& options) {
    add_agents_with_cli(db_, {{"msg.oper", {"operator"}, "correct-horse-1"}});
    server_ = std::make_unique<TestServer>(db_, "messages", options);
    client_ = std::make_unique<HttpClient>(server_->port());
    auto r = client_->post("/api/v1/auth/login",
                           {{"username", "msg.oper"}, {"password", "correct-horse-1"}});
    token_ = r.json()["token"];
  }
  ~MessageServer() { EXPECT_EQ(server_->stop(), 0); }

  HttpClient& api() { return *client_; }
  const std::string& token() const { return token_; }
  const TestDatabase& db() const { return db_; }
  // Moves the testing clock so that the sender job runs before this returns.
  void run_jobs() {
    auto r = client_->post("/api/v1/testing/clock/advance", {{"seconds", 2}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  Json send(const Json& body) {
    auto r = client_->post(kMessages, body, token_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  Json get(const Json& message) {
    return client_->get(message["href"].get<std::string>(), token_).json();
  }

 private:
  TestDatabase db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> client_;
  std::string token_;
};

Json sms(const std::string& to, const std::string& text) {
  return {{"messageType", "SMS"}, {"content", text}, {"receiver", {{{"phoneNumber", to}}}}};
}

Json email(const std::string& to, const std::string& subject, const std::string& text) {
  return {{"messageType", "email"},
          {"subject", subject},
          {"content", text},
          {"receiver", {{{"email", to}}}}};
}

TEST(MessagesThroughFiles, AreSentByTheJobAndWrittenOncePerMessage) {
  MessageServer s(std::map<std::string, std::string>{});
  Json m = s.send(sms("+51987654321", "Hola Ana, su linea esta activa"));
  EXPECT_EQ(m["state"], "initial");
  Json e = s.send(email("ana@example.pe", "Bienvenida", "Gracias por elegirnos. Ñandú"));

  s.run_jobs();
  EXPECT_EQ(s.get(m)["state"], "completed");
  EXPECT_EQ(s.get(e)["state"], "completed");
  s.run_jobs();  // a second run sends nothing again

  std::string sms_lines = read_file(s.db().dir() + "/sms.jsonl");
  ASSERT_EQ(std::count(sms_lines.begin(), sms_lines.end(), '\n'), 1) << sms_lines;
  Json line = Json::parse(sms_lines.substr(0, sms_lines.find('\n')));
  EXPECT_EQ(line["to"], "+51987654321");
  EXPECT_EQ(line["text"], "Hola Ana, su linea esta activa");
  Json mail = Json::parse(read_file(s.db().dir() + "/mail.jsonl"));
  EXPECT_EQ(mail["to"], "ana@example.pe");
  EXPECT_EQ(mail["subject"], "Bienvenida");

  auto list = s.api().get(std::string(kMessages) + "?state=completed&messageType=SMS", s.token());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(*list.header("X-Total-Count"), "1");
}

TEST(MessagesThroughFiles, RefuseBadReceivers) {
  MessageServer s(std::map<std::string, std::string>{});
  auto r = s.api().post(kMessages, sms("12345", "x"), s.token());
  EXPECT_EQ(r.status, 400) << r.body;
  r = s.api().post(kMessages, email("not-an-email", "s", "x"), s.token());
  EXPECT_EQ(r.status, 400) << r.body;
  r = s.api().post(kMessages, {{"messageType", "fax"}, {"content", "x"}}, s.token());
  EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "messageType"));
}

TEST(MessagesThroughFiles, ShowInTheCustomersTimeline) {
  MessageServer s(std::map<std::string, std::string>{});
  auto party = s.api().post(
      "/tmf-api/party/v4/individual",
      {{"givenName", "Nilda"},
       {"familyName", "Choque"},
       {"individualIdentification", {{{"identificationType", "DNI"}, {"identificationId", "73000001"}}}}},
      s.token());
  ASSERT_EQ(party.status, 201) << party.body;
  auto customer = s.api().post("/tmf-api/customerManagement/v4/customer",
                               {{"engagedParty", {{"id", party.json()["id"]}}}}, s.token());
  ASSERT_EQ(customer.status, 201) << customer.body;
  Json body = sms("+51987650002", "Su recarga fue recibida");
  body["relatedParty"] = {{{"id", party.json()["id"]}}};
  Json m = s.send(body);
  auto timeline = s.api().get(
      "/api/v1/customers/" + customer.json()["id"].get<std::string>() + "/timeline?kind=message",
      s.token());
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  Json items = timeline.json();
  ASSERT_EQ(items.size(), 1u) << timeline.body;
  EXPECT_EQ(items[0]["kind"], "message");
  EXPECT_EQ(items[0]["summary"], "Su recarga fue recibida");
  EXPECT_EQ(items[0]["ref"]["id"], m["id"]);
}

// Real gateways: scripts/test starts them and exports where they listen.
class MessagesThroughGateways : public ::testing::Test {
 protected:
  void SetUp() override {
    smtp_ = std::getenv("ABONADO_TEST_SMTP");
    smtp_dir_ = std::getenv("ABONADO_TEST_SMTP_DIR");
    kannel_ = std::getenv("ABONADO_TEST_KANNEL");
    kannel_log_ = std::getenv("ABONADO_TEST_KANNEL_LOG");
    if (!smtp_ || !smtp_dir_ || !kannel_ || !kannel_log_) {
      GTEST_SKIP() << "no local SMTP server or Kannel: run through scripts/test "
                      "(scripts/lib/smtp.sh and kannel.sh)";
    }
  }
  const char* smtp_ = nullptr;
  const char* smtp_dir_ = nullptr;
  const char* kannel_ = nullptr;
  const char* kannel_log_ = nullptr;
};

TEST_F(MessagesThroughGateways, AnEmailReachesTheSmtpServer) {
  MessageServer s(std::map<std::string, std::string>{{"--mail", smtp_}});
  std::string subject = "Contrato " + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  Json m = s.send(email("rosa@example.bo", subject, "Su contrato está listo. Ñ"));
  s.run_jobs();
  EXPECT_EQ(s.get(m)["state"], "completed");
  // aiosmtpd writes each mail before it answers 250: it is there now.
  std::string found;
  std::string dir = std::string(smtp_dir_) + "/new";
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string text = read_file(dir + "/" + e->d_name);
      if (text.find(subject) != std::string::npos) found = text;
    }
    closedir(d);
  }
  ASSERT_FALSE(found.empty()) << "no mail with subject " << subject << " in " << dir;
  EXPECT_NE(found.find("To: rosa@example.bo"), std::string::npos) << found;
  EXPECT_NE(found.find("charset=utf-8"), std::string::npos) << found;
  EXPECT_NE(found.find("Su contrato está listo. Ñ"), std::string::npos) << found;
}

TEST_F(MessagesThroughGateways, AnSmsIsDeliveredByKannelAndItsReportCompletesIt) {
  MessageServer s(std::map<std::string, std::string>{{"--sms", kannel_}});
  std::string text =
      "Su codigo de cliente es " + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  Json m = s.send(sms("+51987650001", text));
  s.run_jobs();
  // Kannel accepted it; its delivery report arrives on its own a moment later.
  std::string state = s.get(m)["state"];
  EXPECT_TRUE(state == "inProgress" || state == "completed") << state;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (state != "completed" && state != "failed" && std::chrono::steady_clock::now() < deadline) {
    state = s.get(m)["state"];
  }
  EXPECT_EQ(state, "completed");
  EXPECT_NE(read_file(kannel_log_).find(text), std::string::npos)
      << "fakesmsc did not print the message";
}

}  // namespace
}  // namespace abonado::apitest
