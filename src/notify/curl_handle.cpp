#include "notify/curl_handle.hpp"

#include <mutex>
#include <stdexcept>

namespace abonado::notify::detail {

void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

CurlHandle::CurlHandle() : h_(nullptr) {
  init_curl();
  h_ = curl_easy_init();
  if (!h_) throw std::runtime_error("curl_easy_init failed");
  curl_easy_setopt(h_, CURLOPT_ERRORBUFFER, errbuf_);
  curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);  // we run on worker threads
}

CurlHandle::~CurlHandle() { curl_easy_cleanup(h_); }

std::string CurlHandle::error(CURLcode rc) const {
  if (errbuf_[0] != '\0') return errbuf_;
  return curl_easy_strerror(rc);
}

std::string url_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace abonado::notify::detail
