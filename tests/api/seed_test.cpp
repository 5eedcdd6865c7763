// `abonado seed --demo` for each operator on a fresh database: the demo
// agents, a few hundred customers that the quick search finds by the example
// queries the command prints, and nothing more when it runs again.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

struct CliRun {
  int wait_status = -1;
  std::string output;  // stdout and stderr together
};

// Runs the abonado binary with `args` and waits for it.
CliRun run_abonado(std::vector<std::string> args) {
  args.insert(args.begin(), ABONADO_BIN);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(strerror(errno)));
  if (pid == 0) {
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  CliRun r;
  char buf[4096];
  for (;;) {
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.output.append(buf, static_cast<std::size_t>(n));
  }
  close(out[0]);
  while (waitpid(pid, &r.wait_status, 0) < 0 && errno == EINTR) {
  }
  return r;
}

CliRun seed(const TestDatabase& db, const std::string& operator_name) {
  return run_abonado({"seed", "--demo", "--db", db.url(), "--operator", operator_name});
}

// The rest of the first line of `output` that starts with `prefix`, or "".
std::string line_after(const std::string& output, const std::string& prefix) {
  std::size_t at = output.find("\n" + prefix);
  if (at == std::string::npos) return {};
  at += 1 + prefix.size();
  return output.substr(at, output.find('\n', at) - at);
}

std::string url_encoded(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", ch);
    out += std::isalnum(ch) ? std::string(1, static_cast<char>(ch)) : std::string(buf);
  }
  return out;
}

void seeds_once_and_finds_a_demo_customer(const std::string& operator_name) {
  TestDatabase db;
  CliRun first = seed(db, operator_name);
  ASSERT_EQ(first.wait_status, 0) << first.output;
  EXPECT_NE(first.output.find("Demo agents for "), std::string::npos) << first.output;
  // "  operator  <password>  operator"
  std::string operator_line = line_after(first.output, "  operator  ");
  std::string password = operator_line.substr(0, operator_line.find(' '));
  ASSERT_FALSE(password.empty()) << first.output;
  EXPECT_NE(first.output.find("added 300 parties"), std::string::npos) << first.output;
  std::string name = line_after(first.output, "  name      ");
  std::string document = line_after(first.output, "  document  ");
  std::string mobile = line_after(first.output, "  mobile    ");
  ASSERT_FALSE(name.empty()) << first.output;
  ASSERT_FALSE(document.empty()) << first.output;
  ASSERT_FALSE(mobile.empty()) << first.output;

  CliRun second = seed(db, operator_name);
  ASSERT_EQ(second.wait_status, 0) << second.output;
  EXPECT_NE(second.output.find("  operator  (exists, unchanged)"), std::string::npos)
      << second.output;
  EXPECT_NE(second.output.find("all 300 already there, nothing added"), std::string::npos)
      << second.output;
  // Deterministic: the same examples (the same people) every time.
  EXPECT_EQ(line_after(second.output, "  document  "), document);
  EXPECT_EQ(line_after(second.output, "  name      "), name);

  TestServer server(db, "seed");
  {
    HttpClient api(server.port());
    auto login = api.post("/api/v1/auth/login", {{"username", "operator"}, {"password", password}});
    ASSERT_EQ(login.status, 200) << login.body;
    std::string token = login.json().value("token", "");

    auto by_document = api.get("/api/v1/search?q=" + url_encoded(document), token);
    ASSERT_EQ(by_document.status, 200) << by_document.body;
    Json hits = by_document.json();
    ASSERT_EQ(hits.size(), 1u) << document << ": " << by_document.body;
    EXPECT_EQ(hits[0]["matchedBy"], "document");
    ASSERT_EQ(hits[0]["customer"].size(), 1u);
    EXPECT_EQ(hits[0]["customer"][0]["status"], "initialized");

    auto by_name = api.get("/api/v1/search?q=" + url_encoded(name), token);
    ASSERT_EQ(by_name.status, 200) << by_name.body;
    ASSERT_FALSE(by_name.json().empty()) << name;
    EXPECT_EQ(by_name.json()[0]["matchedBy"], "name");

    // The test server reads national numbers as Peruvian.
    if (operator_name == "pe-flash") {
      // Stock for the activation wizard: the ICCIDs printed are in stock, once.
      std::string iccid = line_after(first.output, "  iccid     ");
      ASSERT_FALSE(iccid.empty()) << first.output;
      EXPECT_NE(first.output.find("50 SIM cards and 50 numbers added"), std::string::npos)
          << first.output;
      EXPECT_NE(second.output.find("0 SIM cards and 0 numbers added"), std::string::npos)
          << second.output;
      EXPECT_EQ(line_after(second.output, "  iccid     "), iccid);
      std::string leader_line = line_after(first.output, "  leader  ");
      auto as_leader = api.post("/api/v1/auth/login",
                                {{"username", "leader"},
                                 {"password", leader_line.substr(0, leader_line.find(' '))}});
      ASSERT_EQ(as_leader.status, 200) << as_leader.body;
      auto sim = api.get("/api/v1/inventory/sims/" + iccid, as_leader.json().value("token", ""));
      ASSERT_EQ(sim.status, 200) << sim.body;
      EXPECT_EQ(sim.json()["status"], "inStock") << sim.body;

      auto by_mobile = api.get("/api/v1/search?q=" + url_encoded(mobile), token);
      ASSERT_EQ(by_mobile.status, 200) << by_mobile.body;
      ASSERT_EQ(by_mobile.json().size(), 1u) << mobile << ": " << by_mobile.body;
      EXPECT_EQ(by_mobile.json()[0]["matchedBy"], "phone");

      // Demo lines for the operator to top up: active, found by their number, added once.
      EXPECT_NE(first.output.find("no balance yet; top them up as the operator): added 5"),
                std::string::npos)
          << first.output;
      EXPECT_NE(second.output.find("top them up as the operator): already there"),
                std::string::npos)
          << second.output;
      std::string demo_line = line_after(first.output, "  line      ");
      std::string number = demo_line.substr(0, demo_line.find("  "));
      auto by_line = api.get("/api/v1/search?q=" + url_encoded(number), token);
      ASSERT_EQ(by_line.status, 200) << by_line.body;
      ASSERT_EQ(by_line.json().size(), 1u) << number << ": " << by_line.body;
      ASSERT_EQ(by_line.json()[0]["product"].size(), 1u) << by_line.body;
      EXPECT_EQ(by_line.json()[0]["product"][0]["status"], "active") << by_line.body;
    }

    auto customers = api.get("/tmf-api/customerManagement/v4/customer?limit=1", token);
    ASSERT_EQ(customers.status, 200) << customers.body;
    ASSERT_NE(customers.header("X-Total-Count"), nullptr);
    EXPECT_EQ(*customers.header("X-Total-Count"), "300");
  }
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST(Seed, FlashPeru) { seeds_once_and_finds_a_demo_customer("pe-flash"); }
TEST(Seed, ComtecoBolivia) { seeds_once_and_finds_a_demo_customer("bo-comteco"); }
TEST(Seed, BeelineRussia) { seeds_once_and_finds_a_demo_customer("ru-beeline"); }
TEST(Seed, ClaroEcuador) { seeds_once_and_finds_a_demo_customer("ec-claro"); }

}  // namespace
}  // namespace abonado::apitest
