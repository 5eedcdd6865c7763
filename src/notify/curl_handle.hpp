#pragma once
// libcurl plumbing shared by the SMTP and Kannel transports (internal to notify/).

#include <curl/curl.h>

#include <string>
#include <string_view>

namespace abonado::notify::detail {

// curl_global_init, once per process, before the first handle (thread-safe).
void init_curl();

// An easy handle, cleaned up on every path. One per send(): handles are not shared.
class CurlHandle {
 public:
  CurlHandle();
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  CURL* get() const { return h_; }
  // The error text of the last perform (filled by CURLOPT_ERRORBUFFER), else curl's own.
  std::string error(CURLcode rc) const;

 private:
  CURL* h_;
  char errbuf_[CURL_ERROR_SIZE] = {};
};

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_escape(std::string_view s);

}  // namespace abonado::notify::detail
