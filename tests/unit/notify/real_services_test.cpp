// The real transports against real local services: an aiosmtpd sink (scripts/lib/smtp.sh sets
// ABONADO_TEST_SMTP and ABONADO_TEST_SMTP_DIR) and Kannel with its fake SMSC
// (scripts/lib/kannel.sh sets ABONADO_TEST_KANNEL and ABONADO_TEST_KANNEL_LOG). Skipped when
// the variables are unset; scripts/test always sets them.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/ids.hpp"
#include "fixture.hpp"
#include "notify/sender.hpp"
#include "notify/smtp_transport.hpp"

namespace abonado::notify::testing {
namespace {

namespace asio = boost::asio;

// Long enough for a slow sanitizer build; only reached when something is broken.
constexpr auto kPatience = std::chrono::seconds(20);

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string percent_decode(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size()) {
      out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += v[i] == '+' ? ' ' : v[i];
    }
  }
  return out;
}

std::string query_value(const std::string& target, const std::string& name) {
  auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::stringstream ss(target.substr(q + 1));
  for (std::string pair; std::getline(ss, pair, '&');) {
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return percent_decode(pair.substr(eq + 1));
  }
  return {};
}

// A one-thread HTTP listener on 127.0.0.1 that answers every request "200 OK" and keeps the
// request targets: stands in for our server's delivery-report endpoint.
class ReportListener {
 public:
  ReportListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0) {
      throw std::runtime_error("cannot listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ReportListener() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Waits until a request target satisfies `pred`; returns it, or "" after kPatience.
  std::string wait_for(const std::function<bool(const std::string&)>& pred) {
    std::unique_lock lock(mu_);
    std::string found;
    cv_.wait_for(lock, kPatience, [&] {
      for (const auto& t : targets_) {
        if (pred(t)) {
          found = t;
          return true;
        }
      }
      return false;
    });
    return found;
  }

 private:
  void serve() {
    while (!stop_) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      std::string req;
      char buf[4096];
      while (req.find("\r\n\r\n") == std::string::npos) {
        pollfd p{c, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) break;
        ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      static constexpr char kAnswer[] =
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
          "Connection: close\r\n\r\nOK";
      [[maybe_unused]] auto w = ::write(c, kAnswer, sizeof kAnswer - 1);
      ::close(c);
      auto sp1 = req.find(' ');
      auto sp2 = req.find(' ', sp1 + 1);
      if (sp1 == std::string::npos || sp2 == std::string::npos) continue;
      std::lock_guard lock(mu_);
      targets_.push_back(req.substr(sp1 + 1, sp2 - sp1 - 1));
      cv_.notify_all();
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> targets_;
};

// What fakesmsc printed for the message with `marker` in its text (as it shows a UCS-2 text:
// percent-encoded UTF-16BE), or "".
std::string fakesmsc_line(const std::string& log, const std::string& marker) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find("Got message") == std::string::npos) continue;
    if (line.find(marker) != std::string::npos) return line;
  }
  return {};
}

// "%04%1F%04%40" (UTF-16BE, percent-encoded) -> UTF-8, for the Basic Multilingual Plane.
std::string ucs2_to_utf8(const std::string& encoded) {
  std::string bytes = percent_decode(encoded);
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    unsigned cp =
        (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

// ---- SMTP ----

TEST(RealSmtp, DeliversAWellFormedUtf8Message) {
  const char* url = env("ABONADO_TEST_SMTP");
  const char* dir = env("ABONADO_TEST_SMTP_DIR");
  if (!url || !dir)
    GTEST_SKIP() << "ABONADO_TEST_SMTP/ABONADO_TEST_SMTP_DIR unset (scripts/lib/smtp.sh)";
  SystemClock clock;
  auto mail = make_mail_transport(url, {"noreply@abonado.local", "Abonado"}, clock);
  std::string id = new_id(clock.now());
  Outgoing m{
      id, "maria@example.com", "Tu línea está activa: ¡bienvenida, María!",
      "Hola María:\n\nTu número es +51987654321. Ñandú €\n.una línea que empieza con punto\n", ""};
  SendResult r = mail->send(m);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.external_ref, id + "@abonado.local");

  // The server writes the file before it answers 250 to DATA: it is there now.
  std::string found;
  for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(dir) / "new")) {
    std::string text = read_file(f.path());
    if (text.find("Message-ID: <" + id + "@abonado.local>") != std::string::npos) found = text;
  }
  ASSERT_FALSE(found.empty()) << "no mail with our Message-ID in " << dir << "/new";
  std::string text;  // the file has LF line ends
  for (char c : found) {
    if (c != '\r') text += c;
  }
  auto split = text.find("\n\n");
  ASSERT_NE(split, std::string::npos);
  std::string head = text.substr(0, split + 1);
  std::string body = text.substr(split + 2);
  EXPECT_NE(head.find("\nFrom: \"Abonado\" <noreply@abonado.local>\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\nTo: maria@example.com\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\nMIME-Version: 1.0\n"), std::string::npos);
  EXPECT_NE(head.find("\nContent-Type: text/plain; charset=utf-8\n"), std::string::npos);
  EXPECT_NE(head.find("\nContent-Transfer-Encoding: 8bit\n"), std::string::npos);
  EXPECT_NE(head.find("X-MailFrom: noreply@abonado.local\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-RcptTo: maria@example.com\n"), std::string::npos) << head;
  EXPECT_TRUE(head.starts_with("Date: ")) << head;
  std::string encoded_subject = encode_header_text(m.subject);
  std::string unfolded;
  for (std::size_t i = 0; i < encoded_subject.size(); ++i) {
    if (encoded_subject[i] != '\r') unfolded += encoded_subject[i];
  }
  EXPECT_NE(head.find("\nSubject: " + unfolded + "\n"), std::string::npos) << head;
  EXPECT_EQ(
      body,
      "Hola María:\n\nTu número es +51987654321. Ñandú €\n.una línea que empieza con punto\n");
}

TEST(RealSmtp, ARefusedRecipientIsAPermanentFailure) {
  const char* url = env("ABONADO_TEST_SMTP");
  if (!url) GTEST_SKIP() << "ABONADO_TEST_SMTP unset (scripts/lib/smtp.sh)";
  SystemClock clock;
  auto mail = make_mail_transport(url, {}, clock);
  // The sink takes any address but refuses a command line over 512 bytes ("500 line too long").
  SendResult r = mail->send({"id", std::string(600, 'a') + "@example.com", "s", "x", ""});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.permanent) << r.error;
  EXPECT_TRUE(r.error.starts_with("SMTP 5")) << r.error;
}

// ---- Kannel ----

class RealKannelTest : public NotifyTest {
 protected:
  void SetUp() override {
    url_ = env("ABONADO_TEST_KANNEL");
    log_ = env("ABONADO_TEST_KANNEL_LOG");
    if (!url_ || !log_) {
      GTEST_SKIP() << "ABONADO_TEST_KANNEL/ABONADO_TEST_KANNEL_LOG unset (scripts/lib/kannel.sh)";
    }
    NotifyTest::SetUp();
  }
  const char* url_ = nullptr;
  const char* log_ = nullptr;
};

TEST_P(RealKannelTest, SendsTheSmsAndTheDeliveryReportComesBack) {
  ReportListener listener;
  SystemClock system_clock;
  auto kannel = make_sms_transport(url_, {"Abonado", listener.base_url()}, system_clock);
  FakeTransport mail;
  asio::io_context io;
  asio::thread_pool pool(2);
  Sender sender(*db_, *outbox_, clock_, *kannel, mail, pool);

  std::string marker = random_token(6);
  auto gsm = sms("Flash Mobile: tu celular ya funciona " + marker);
  auto secret = sms("Билайн: код 482913 " + marker, "+79123456789");
  secret.secret = true;
  std::string gsm_id = enqueue(gsm);
  clock_.advance(Millis(1));
  std::string secret_id = enqueue(secret);
  run_coro(io, [&]() -> asio::awaitable<void> { co_await sender.run_due(clock_.now()); });
  pool.join();

  for (const auto& id : {gsm_id, secret_id}) {
    Message m = message(id);
    EXPECT_EQ(m.state, MessageState::kInProgress) << m.last_error.value_or("");
    EXPECT_TRUE(m.sent_at.has_value());
    EXPECT_FALSE(m.next_attempt_at.has_value());
  }

  // Kannel calls back, first "accepted by the SMSC" (8), then "delivered" (1).
  for (const auto& id : {gsm_id, secret_id}) {
    std::string delivered = listener.wait_for([&](const std::string& t) {
      return query_value(t, "id") == id && query_value(t, "status") == "1";
    });
    ASSERT_FALSE(delivered.empty()) << "no delivery report for " << id;
    EXPECT_TRUE(delivered.starts_with("/api/v1/notify/kannel/dlr?")) << delivered;
    bool known = false;
    db_->write_sync([&](store::Tx& tx) {
      known = outbox_->delivery_report(tx, Actor::system("kannel"), query_value(delivered, "id"),
                                       query_value(delivered, "token"),
                                       std::stoi(query_value(delivered, "status")),
                                       query_value(delivered, "ref"), clock_.now());
    });
    EXPECT_TRUE(known) << delivered;
    Message m = message(id);
    EXPECT_EQ(m.state, MessageState::kCompleted);
    EXPECT_TRUE(m.delivered_at.has_value());
  }

  // The fake SMSC printed both: the GSM text as it is, the Russian one as UCS-2.
  std::string line = fakesmsc_line(log_, marker);
  EXPECT_NE(
      line.find("<Abonado +51987654321 text Flash Mobile: tu celular ya funciona " + marker + ">"),
      std::string::npos)
      << line;
  std::string ucs2;
  std::ifstream in(log_);
  for (std::string l; std::getline(in, l);) {
    auto at = l.find("<Abonado +79123456789 ucs-2 ");
    if (at == std::string::npos) continue;
    std::string payload = l.substr(at + 28, l.rfind('>') - at - 28);
    if (ucs2_to_utf8(payload).find(marker) != std::string::npos) ucs2 = ucs2_to_utf8(payload);
  }
  EXPECT_EQ(ucs2, "Билайн: код 482913 " + marker);
}

TEST_P(RealKannelTest, WrongCredentialsAreAPermanentFailure) {
  std::string url = url_;
  auto at = url.find('@');
  auto colon = url.rfind(':', at);
  url = url.substr(0, colon + 1) + "wrong" + url.substr(at);
  SystemClock clock;
  auto kannel = make_sms_transport(url, {"Abonado", ""}, clock);
  SendResult r = kannel->send({"id", "+51987654321", "", "x", ""});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.permanent);
  EXPECT_TRUE(r.error.starts_with("Kannel 403")) << r.error;
}

INSTANTIATE_TEST_SUITE_P(Backends, RealKannelTest, ::testing::Values(kSqlite), backend_name);

}  // namespace
}  // namespace abonado::notify::testing
