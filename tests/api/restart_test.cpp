// Durability and clean shutdown: what was acknowledged before SIGTERM is
// there after a restart on the same database.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

// A connection that sent half a request and waits: shutdown must not wait for it.
class HalfRequest {
 public:
  explicit HalfRequest(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    const char partial[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    connected_ = connected_ && ::send(fd_, partial, sizeof partial - 1, MSG_NOSIGNAL) > 0;
  }
  ~HalfRequest() { close(fd_); }
  HalfRequest(const HalfRequest&) = delete;
  HalfRequest& operator=(const HalfRequest&) = delete;
  bool connected() const { return connected_; }

 private:
  int fd_;
  bool connected_ = false;
};

class Restart : public ApiTest {};

TEST_F(Restart, AgentsAndSessionsSurviveARestart) {
  std::string name = unique_name("durable");
  auto created = create_agent(name, {"retention"}, "durable-password-1");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string href = *created.header("Location");
  auto changed = api().patch(href, {{"displayName", "Still Here"}}, token(kAdmin));
  ASSERT_EQ(changed.status, 200) << changed.body;

  {
    HalfRequest idle(port());
    ASSERT_TRUE(idle.connected());
    suite().restart();  // a test failure unless the old server exits 0 after SIGTERM
  }
  ASSERT_EQ(api().get("/health").status, 200);

  // The admin's session was stored: the cached token still works.
  auto got = api().get(href, token(kAdmin));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["username"], name);
  EXPECT_EQ(got.json()["displayName"], "Still Here");
  EXPECT_EQ(got.json()["roles"], Json::array({"retention"}));

  auto in = login(name, "durable-password-1");
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.json()["agent"]["username"], name);

  auto audit = api().get("/api/v1/audit?entityId=" + created.json()["id"].get<std::string>(),
                         token(kSupervisor));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(*audit.header("X-Total-Count"), "3");  // create, update, login
}

}  // namespace
}  // namespace abonado::apitest
