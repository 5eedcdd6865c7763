// Transports without a server: the file transport, URL parsing, the Kannel request, the mail
// message; GSM text; the secret key and masking.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "fixture.hpp"
#include "notify/file_transport.hpp"
#include "notify/kannel_transport.hpp"
#include "notify/secret.hpp"
#include "notify/sms_text.hpp"
#include "notify/smtp_transport.hpp"

namespace abonado::notify::testing {
namespace {

std::vector<std::string> lines_of_file(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The value of query parameter `name` in `url`, percent-decoded.
std::string query_value(const std::string& url, const std::string& name) {
  auto q = url.find('?');
  std::string rest = url.substr(q + 1);
  std::stringstream ss(rest);
  for (std::string pair; std::getline(ss, pair, '&');) {
    auto eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    std::string v = pair.substr(eq + 1), out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '%' && i + 2 < v.size()) {
        out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += v[i];
      }
    }
    return out;
  }
  return "<absent>";
}

std::string base64_decode(const std::string& b64) {
  std::string out(b64.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(),
                        b64.size(), "\r\n ", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "<bad base64>";
  }
  out.resize(len);
  return out;
}

// Decodes a header made of =?UTF-8?B?...?= words (folded with CRLF SPACE).
std::string decode_words(const std::string& header) {
  std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), word);
       it != std::sregex_iterator(); ++it) {
    out += base64_decode((*it)[1].str());
  }
  return out;
}

TEST(FileTransport, AppendsTheExactJsonLineAndSyncsIt) {
  TempDir dir;
  ManualClock clock(*parse_iso("2027-01-15T08:00:00.250Z"));
  FileSmsTransport sms(dir.file("sms.jsonl"), clock);
  FileMailTransport mail(dir.file("mail.jsonl"), clock);
  auto r = sms.send({"id-1", "+51987654321", "", "Hola \"Ñandú\"\nlínea 2", "token"});
  EXPECT_TRUE(r.ok);
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(sms.send({"id-2", "+51911111111", "", "dos", ""}).ok);
  EXPECT_TRUE(mail.send({"id-3", "maria@example.com", "Asunto é", "Cuerpo", ""}).ok);
  EXPECT_EQ(
      lines_of_file(dir.file("sms.jsonl")),
      (std::vector<std::string>{
          R"({"to":"+51987654321","text":"Hola \"Ñandú\"\nlínea 2","at":"2027-01-15T08:00:00.250Z"})",
          R"({"to":"+51911111111","text":"dos","at":"2027-01-15T08:00:01.250Z"})"}));
  EXPECT_EQ(
      lines_of_file(dir.file("mail.jsonl")),
      (std::vector<std::string>{
          R"({"to":"maria@example.com","subject":"Asunto é","text":"Cuerpo","at":"2027-01-15T08:00:01.250Z"})"}));
}

TEST(FileTransport, KeepsLinesWholeUnderConcurrentSends) {
  TempDir dir;
  SystemClock clock;
  FileSmsTransport a(dir.file("shared.jsonl"), clock);
  FileMailTransport b(dir.file("shared.jsonl"), clock);  // two transports, one file
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        Outgoing m{"id", "+51987654321", "s", std::string(300, static_cast<char>('a' + t)), ""};
        EXPECT_TRUE(t % 2 ? a.send(m).ok : b.send(m).ok);
      }
    });
  }
  for (auto& th : threads) th.join();
  auto lines = lines_of_file(dir.file("shared.jsonl"));
  ASSERT_EQ(lines.size(), 200u);
  for (const auto& l : lines) {
    EXPECT_TRUE(l.starts_with(R"({"to":"+51987654321",)") && l.ends_with("Z\"}")) << l;
  }
}

TEST(FileTransport, AnUnwritableFileIsATransientFailure) {
  TempDir dir;
  SystemClock clock;
  FileSmsTransport sms(dir.file("missing-dir/sms.jsonl"), clock);
  auto r = sms.send({"id", "+51987654321", "", "x", ""});
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_NE(r.error.find("missing-dir/sms.jsonl"), std::string::npos) << r.error;
}

TEST(TransportUrls, BuildsTheTransportEachUrlNames) {
  SystemClock clock;
  EXPECT_NE(dynamic_cast<FileSmsTransport*>(
                make_sms_transport("file:///tmp/x/sms.jsonl", {}, clock).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<KannelSmsTransport*>(
                make_sms_transport("kannel://user:p%40ss@127.0.0.1:13013", {}, clock).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<KannelSmsTransport*>(
                make_sms_transport("kannel://u:p@[::1]:13013/", {}, clock).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<FileMailTransport*>(
                make_mail_transport("file:///tmp/mail.jsonl", {}, clock).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<SmtpMailTransport*>(
                make_mail_transport("smtp://127.0.0.1:8025", {}, clock).get()),
            nullptr);
  EXPECT_NE(
      dynamic_cast<SmtpMailTransport*>(make_mail_transport("smtp://mail.local", {}, clock).get()),
      nullptr);
}

TEST(TransportUrls, ABadUrlNamesItsFlagAndHidesThePassword) {
  SystemClock clock;
  for (const char* url :
       {"", "kannel://127.0.0.1:13013", "kannel://user:secretpw@127.0.0.1",
        "kannel://user:secretpw@:13013", "kannel://user:secretpw@host:99999",
        "kannel://user:secretpw@host:13x", "http://x:1", "file://relative/sms.jsonl", "file:///",
        "kannel://user:p%zzsecretpw@host:1"}) {
    try {
      make_sms_transport(url, {}, clock);
      ADD_FAILURE() << "accepted --sms " << url;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Code::kInvalidParameter);
      EXPECT_EQ(e.field(), "sms");
      EXPECT_EQ(std::string(e.what()).find("secretpw"), std::string::npos) << e.what();
    }
  }
  for (const char* url : {"", "smtp://", "smtp://host:0", "smtps://host:465", "file:mail.jsonl"}) {
    try {
      make_mail_transport(url, {}, clock);
      ADD_FAILURE() << "accepted --mail " << url;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Code::kInvalidParameter);
      EXPECT_EQ(e.field(), "mail");
    }
  }
}

TEST(KannelTransport, AsksForTheSmsWithEveryDeliveryReportAtOurEndpoint) {
  KannelSmsTransport k("127.0.0.1", 13013, "abonado", "p&ss w", {"Flash", "http://10.0.0.5:8080/"});
  Outgoing sms{"0190a3b4-id", "+51987654321", "", "Hola, tu clave: 1234 ¿ok?", "tok-EN_123"};
  std::string url = k.sendsms_url(sms);
  EXPECT_TRUE(url.starts_with("http://127.0.0.1:13013/cgi-bin/sendsms?")) << url;
  EXPECT_EQ(query_value(url, "username"), "abonado");
  EXPECT_EQ(query_value(url, "password"), "p&ss w");
  EXPECT_EQ(query_value(url, "from"), "Flash");
  EXPECT_EQ(query_value(url, "to"), "+51987654321");
  EXPECT_NE(url.find("to=%2B51987654321"), std::string::npos);
  EXPECT_EQ(query_value(url, "text"), sms.text);
  EXPECT_EQ(query_value(url, "charset"), "UTF-8");
  EXPECT_EQ(query_value(url, "coding"), "<absent>");  // GSM 7-bit
  EXPECT_EQ(query_value(url, "dlr-mask"), "31");
  EXPECT_EQ(query_value(url, "dlr-url"),
            "http://10.0.0.5:8080/api/v1/notify/kannel/dlr?id=0190a3b4-id&token=tok-EN_123"
            "&status=%d&ref=%F");

  sms.text = "Билайн: код 1234";
  EXPECT_EQ(query_value(k.sendsms_url(sms), "coding"), "2");
  sms.text = "Tu línea está activa";  // í and á are not GSM
  EXPECT_EQ(query_value(k.sendsms_url(sms), "coding"), "2");

  KannelSmsTransport no_reports("127.0.0.1", 13013, "u", "p", {"Abonado", ""});
  EXPECT_EQ(query_value(no_reports.sendsms_url(sms), "dlr-url"), "<absent>");
}

// A port with nothing listening: bound, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(NetworkTransports, AGatewayThatIsDownIsATransientFailure) {
  SystemClock clock;
  int port = closed_port();
  KannelSmsTransport k("127.0.0.1", port, "u", "p", {});
  auto r = k.send({"id", "+51987654321", "", "x", "t"});
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_TRUE(r.error.starts_with("Kannel: ")) << r.error;
  SmtpMailTransport s("127.0.0.1", port, {}, clock);
  r = s.send({"id", "maria@example.com", "s", "x", ""});
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_TRUE(r.error.starts_with("SMTP")) << r.error;
}

TEST(MailMessage, HasTheHeadersCrlfAndAnEncodedSubject) {
  MailOptions opts{"noreply@flash.pe", "Flash Móvil"};
  Outgoing mail{"0190-id", "maria@example.com", "Tu línea está activa: ¡bienvenida!",
                "Hola María,\nlínea 2\r\n.empieza con punto\n", ""};
  std::string m =
      build_mail(mail, opts, *parse_iso("2027-01-15T08:00:05.999Z"), "0190-id@flash.pe");
  auto split = m.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  std::string head = m.substr(0, split + 2);
  std::string body = m.substr(split + 4);
  EXPECT_NE(head.find("Date: Fri, 15 Jan 2027 08:00:05 +0000\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Message-ID: <0190-id@flash.pe>\r\n"), std::string::npos);
  EXPECT_NE(head.find("To: maria@example.com\r\n"), std::string::npos);
  EXPECT_NE(head.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Transfer-Encoding: 8bit\r\n"), std::string::npos);
  auto from = head.find("From: ");
  auto from_end = head.find(" <noreply@flash.pe>\r\n", from);
  ASSERT_NE(from_end, std::string::npos) << head;
  EXPECT_EQ(decode_words(head.substr(from + 6, from_end - from - 6)), "Flash Móvil");
  auto subject = head.find("Subject: ");
  auto subject_end = head.find("\r\nMIME-Version");
  std::string encoded = head.substr(subject + 9, subject_end - subject - 9);
  EXPECT_EQ(decode_words(encoded), mail.subject);
  for (std::size_t at = 0, next; at < encoded.size(); at = next + 3) {  // folded words <= 75
    next = encoded.find("\r\n ", at);
    if (next == std::string::npos) next = encoded.size();
    EXPECT_LE(next - at, 75u);
  }
  EXPECT_EQ(body, "Hola María,\r\nlínea 2\r\n.empieza con punto\r\n");
  // No bare LF anywhere.
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      EXPECT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
    }
  }
  // ASCII stays as it is.
  EXPECT_EQ(encode_header_text("Plain subject"), "Plain subject");
  EXPECT_NE(build_mail(mail, {"a@b.pe", "Abonado"}, {}, "x").find("From: \"Abonado\" <a@b.pe>\r\n"),
            std::string::npos);
}

TEST(MailMessage, ALineLongerThanSmtpAllowsSwitchesTheBodyToBase64) {
  Outgoing mail{"id", "maria@example.com", "s", "short\n" + std::string(1200, 'x'), ""};
  std::string m = build_mail(mail, {}, {}, "id@abonado.local");
  EXPECT_NE(m.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos);
  std::string body = m.substr(m.find("\r\n\r\n") + 4);
  EXPECT_EQ(base64_decode(body), "short\r\n" + std::string(1200, 'x'));
  std::stringstream ss(body);
  for (std::string l; std::getline(ss, l);) EXPECT_LE(l.size(), 77u);
}

TEST(SmsText, KnowsTheGsmAlphabet) {
  EXPECT_EQ(gsm7_septets("Hola ¿qué tal? ¡Ñandú! ü @£$¥ è é ù ì ò"), std::nullopt);  // ú
  EXPECT_EQ(gsm7_septets("Hola ¿que tal? ¡Ñandu! ü @£$¥ è é ù ì ò"), 39u);
  EXPECT_EQ(gsm7_septets("€[]{}"), 10u);  // extension characters take two
  EXPECT_FALSE(is_gsm7("línea"));
  EXPECT_FALSE(is_gsm7("Привет"));
  EXPECT_FALSE(is_gsm7("`"));
  EXPECT_FALSE(is_gsm7("bad \xc3"));
  EXPECT_TRUE(is_gsm7("line\nbreak\r\n"));
  EXPECT_EQ(utf8_length("Привет"), 6u);
  EXPECT_EQ(utf8_length("\xe2\x82"), std::nullopt);
}

TEST(Secret, MasksRunsOfFourOrMoreDigits) {
  EXPECT_EQ(mask_digits("Tu clave es 4829. Vence en 5 minutos"),
            "Tu clave es ******. Vence en 5 minutos");
  EXPECT_EQ(mask_digits("123456789012"), "******");
  EXPECT_EQ(mask_digits("a123b12345c"), "a123b******c");
  EXPECT_EQ(mask_digits("code 12 34 5678"), "code 12 34 ******");
  EXPECT_EQ(mask_digits(""), "");
  EXPECT_EQ(mask_digits("Привет 0000"), "Привет ******");
}

TEST(Secret, TheKeyFileIsCreatedPrivateAndReadBack) {
  TempDir dir;
  std::string path = dir.file("sub/dir/outbox.key");
  auto k1 = SecretKey::load_or_create(path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string sealed = k1.seal("clave 482913");
  EXPECT_EQ(sealed.find("482913"), std::string::npos);
  EXPECT_NE(k1.seal("clave 482913"), sealed);  // a fresh nonce each time
  auto k2 = SecretKey::load_or_create(path);
  EXPECT_EQ(k2.open(sealed), "clave 482913");
  std::string tampered = sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_THROW(k2.open(tampered), std::runtime_error);
  EXPECT_THROW(k2.open("not base64 !"), std::runtime_error);

  ::chmod(path.c_str(), 0644);
  EXPECT_THROW(SecretKey::load_or_create(path), Error);
  std::ofstream(dir.file("bad.key")) << "not a key\n";
  ::chmod(dir.file("bad.key").c_str(), 0600);
  EXPECT_THROW(SecretKey::load_or_create(dir.file("bad.key")), Error);
}

}  // namespace
}  // namespace abonado::notify::testing
