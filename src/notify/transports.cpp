// The --sms and --mail URLs -> transports.

#include <cctype>
#include <charconv>

#include "core/error.hpp"
#include "notify/file_transport.hpp"
#include "notify/kannel_transport.hpp"
#include "notify/smtp_transport.hpp"
#include "notify/transport.hpp"

namespace abonado::notify {
namespace {

struct HostPort {
  std::string host;
  int port = 0;
};

// The URL as it may appear in a message: credentials hidden.
std::string redacted(std::string_view url) {
  auto scheme = url.find("://");
  auto at = url.rfind('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  return std::string(url.substr(0, scheme + 3)) + "***" + std::string(url.substr(at));
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      return std::nullopt;
    }
    int v = 0;
    std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
    out += static_cast<char>(v);
    i += 2;
  }
  return out;
}

// "host:port" or "[v6]:port" (a trailing '/' is allowed); nullopt when malformed. Without a
// port, `default_port` (0: the port is required).
std::optional<HostPort> parse_host_port(std::string_view s, int default_port) {
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  HostPort hp;
  std::string_view port_text;
  if (s.starts_with('[')) {
    auto close = s.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    hp.host = std::string(s.substr(0, close + 1));
    s.remove_prefix(close + 1);
    if (!s.empty() && !s.starts_with(':')) return std::nullopt;
    if (!s.empty()) port_text = s.substr(1);
  } else {
    auto colon = s.rfind(':');
    hp.host = std::string(s.substr(0, colon));
    if (colon != std::string_view::npos) port_text = s.substr(colon + 1);
  }
  if (hp.host.empty() || hp.host.find_first_of("/?#@ ") != std::string::npos) return std::nullopt;
  if (port_text.empty()) {
    if (default_port == 0) return std::nullopt;
    hp.port = default_port;
    return hp;
  }
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), hp.port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || hp.port < 1 ||
      hp.port > 65535) {
    return std::nullopt;
  }
  return hp;
}

// file:///abs/path -> /abs/path.
std::optional<std::string> file_path(std::string_view url) {
  constexpr std::string_view kFile = "file://";
  if (!url.starts_with(kFile)) return std::nullopt;
  auto path = url.substr(kFile.size());
  if (!path.starts_with('/') || path.size() < 2 || path.back() == '/') return std::nullopt;
  return percent_decode(path);
}

}  // namespace

std::unique_ptr<SmsTransport> make_sms_transport(std::string_view url, const SmsOptions& opts,
                                                 const Clock& clock) {
  auto bad = [&](std::string_view why) {
    return Error(Code::kInvalidParameter,
                 "--sms must be kannel://user:pass@host:port or file:///abs/path.jsonl (" +
                     std::string(why) + " in '" + redacted(url) + "')",
                 "sms");
  };
  if (url.starts_with("file:")) {
    auto path = file_path(url);
    if (!path) throw bad("not an absolute file path");
    return std::make_unique<FileSmsTransport>(*path, clock);
  }
  constexpr std::string_view kKannel = "kannel://";
  if (!url.starts_with(kKannel)) throw bad("unknown scheme");
  auto rest = url.substr(kKannel.size());
  auto at = rest.rfind('@');
  if (at == std::string_view::npos) throw bad("no user:pass@");
  auto creds = rest.substr(0, at);
  auto colon = creds.find(':');
  if (colon == std::string_view::npos || colon == 0) throw bad("no user:pass@");
  auto user = percent_decode(creds.substr(0, colon));
  auto pass = percent_decode(creds.substr(colon + 1));
  auto hp = parse_host_port(rest.substr(at + 1), 0);
  if (!user || !pass) throw bad("bad %-escape in the credentials");
  if (!hp) throw bad("no host:port");
  return std::make_unique<KannelSmsTransport>(hp->host, hp->port, *user, *pass, opts);
}

std::unique_ptr<MailTransport> make_mail_transport(std::string_view url, const MailOptions& opts,
                                                   const Clock& clock) {
  auto bad = [&](std::string_view why) {
    return Error(Code::kInvalidParameter,
                 "--mail must be smtp://host:port or file:///abs/path.jsonl (" + std::string(why) +
                     " in '" + redacted(url) + "')",
                 "mail");
  };
  if (url.starts_with("file:")) {
    auto path = file_path(url);
    if (!path) throw bad("not an absolute file path");
    return std::make_unique<FileMailTransport>(*path, clock);
  }
  constexpr std::string_view kSmtp = "smtp://";
  if (!url.starts_with(kSmtp)) throw bad("unknown scheme");
  auto hp = parse_host_port(url.substr(kSmtp.size()), 25);
  if (!hp) throw bad("no host:port");
  return std::make_unique<SmtpMailTransport>(hp->host, hp->port, opts, clock);
}

}  // namespace abonado::notify
