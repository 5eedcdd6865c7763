#include "notify/kannel_transport.hpp"

#include <algorithm>

#include "notify/curl_handle.hpp"
#include "notify/sms_text.hpp"

namespace abonado::notify {
namespace {

constexpr std::size_t kMaxAnswer = 4096;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t len = size * n;
  out->append(data, std::min(len, kMaxAnswer - std::min(kMaxAnswer, out->size())));
  return len;
}

std::string first_line(std::string s) {
  auto eol = s.find_first_of("\r\n");
  if (eol != std::string::npos) s.resize(eol);
  return s;
}

}  // namespace

KannelSmsTransport::KannelSmsTransport(std::string host, int port, std::string username,
                                       std::string password, SmsOptions opts)
    : base_("http://" + host + ":" + std::to_string(port) + "/cgi-bin/sendsms"),
      username_(std::move(username)),
      password_(std::move(password)),
      opts_(std::move(opts)) {
  detail::init_curl();
  while (!opts_.report_base_url.empty() && opts_.report_base_url.back() == '/') {
    opts_.report_base_url.pop_back();
  }
}

std::string KannelSmsTransport::sendsms_url(const Outgoing& sms) const {
  using detail::url_escape;
  std::string url = base_ + "?username=" + url_escape(username_) +
                    "&password=" + url_escape(password_) + "&from=" + url_escape(opts_.sender_id) +
                    "&to=" + url_escape(sms.to) + "&text=" + url_escape(sms.text) +
                    "&charset=UTF-8";
  if (!is_gsm7(sms.text)) url += "&coding=2";
  if (!opts_.report_base_url.empty()) {
    // Kannel fills %d with the report type (1 delivered, 2 not delivered, 4 queued on the
    // SMSC, 8 accepted by the SMSC, 16 rejected by the SMSC) and %F with the SMSC's id.
    std::string report = opts_.report_base_url + kDeliveryReportPath + "?id=" + url_escape(sms.id) +
                         "&token=" + url_escape(sms.report_token) + "&status=%d&ref=%F";
    url += "&dlr-mask=31&dlr-url=" + url_escape(report);
  }
  return url;
}

SendResult KannelSmsTransport::send(const Outgoing& sms) {
  SendResult r;
  std::string url = sendsms_url(sms);
  std::string answer;
  detail::CurlHandle h;
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_PROXY, "");
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(h.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, static_cast<long>(kSendTimeout.count()));
  CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) {
    r.error = "Kannel: " + h.error(rc);
    return r;
  }
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    r.ok = true;
    r.awaiting_report = !opts_.report_base_url.empty();
    return r;
  }
  r.permanent = status >= 400 && status < 500;
  r.error = "Kannel " + std::to_string(status) + ": " + first_line(answer);
  return r;
}

}  // namespace abonado::notify
