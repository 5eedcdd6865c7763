#include "notify/file_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace abonado::notify {

SendResult JsonlFile::append(const Outgoing& m, bool with_subject) {
  // Keys in the order API.md gives them.
  nlohmann::ordered_json line = {{"to", m.to}};
  if (with_subject) line["subject"] = m.subject;
  line["text"] = m.text;
  line["at"] = format_iso(clock_.now());
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  SendResult r;
  std::lock_guard lock(mu_);
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    r.error = "cannot open " + path_ + ": " + std::strerror(errno);
    return r;
  }
  ssize_t n = ::write(fd, text.data(), text.size());
  int write_errno = errno;
  bool synced = n == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int sync_errno = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    r.error = "cannot write " + path_ + ": " +
              (n < 0 ? std::strerror(write_errno) : std::string("short write"));
    return r;
  }
  if (!synced) {
    r.error = "cannot sync " + path_ + ": " + std::strerror(sync_errno);
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace abonado::notify
