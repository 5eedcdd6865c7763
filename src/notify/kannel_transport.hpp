#pragma once
// SMS through Kannel's sendsms interface (`--sms kannel://user:pass@host:port`) with libcurl.
// Asks for every delivery report (dlr-mask 31) at our /api/v1/notify/kannel/dlr with the
// message id and the attempt's report token; without a report base URL it asks for none and a
// message counts as sent once Kannel accepts it. Thread-safe: each send() uses its own handle.

#include <string>

#include "notify/transport.hpp"

namespace abonado::notify {

class KannelSmsTransport final : public SmsTransport {
 public:
  KannelSmsTransport(std::string host, int port, std::string username, std::string password,
                     SmsOptions opts);
  // 202 (accepted or queued): ok, awaiting the delivery report. 4xx: permanent. 503, other
  // answers, connection errors and timeouts: transient.
  SendResult send(const Outgoing& sms) override;
  // The sendsms URL for `sms` (exposed for tests): text as UTF-8, coding=2 (UCS-2) when it is
  // not GSM 7-bit.
  std::string sendsms_url(const Outgoing& sms) const;

 private:
  std::string base_;  // http://host:port/cgi-bin/sendsms
  std::string username_;
  std::string password_;
  SmsOptions opts_;
};

}  // namespace abonado::notify
