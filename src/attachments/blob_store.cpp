#include "attachments/blob_store.hpp"

#include <fcntl.h>
#include <magic.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/ids.hpp"

namespace abonado::attachments {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void io_error(const std::string& what, const fs::path& p) {
  throw std::runtime_error(what + " " + p.string() + ": " + std::strerror(errno));
}

void fsync_path(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags);
  if (fd < 0) io_error("cannot open", p);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) io_error("cannot fsync", p);
}

bool is_hex_digest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

BlobStore::BlobStore(fs::path root) : root_(std::move(root)) { fs::create_directories(root_); }

fs::path BlobStore::path_of(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256;
}

std::string BlobStore::put(std::string_view bytes) const {
  std::string digest = sha256_hex(bytes);
  fs::path target = path_of(digest);
  std::error_code ec;
  if (fs::exists(target, ec)) return digest;  // same content, already stored
  fs::create_directories(target.parent_path());
  fs::path tmp = target;
  tmp += ".tmp-" + random_token(8);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0640);
  if (fd < 0) io_error("cannot create", tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fs::remove(tmp, ec);
      io_error("cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    fs::remove(tmp, ec);
    io_error("cannot fsync", tmp);
  }
  fs::rename(tmp, target);
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
  return digest;
}

std::optional<std::string> BlobStore::get(const std::string& sha256) const {
  if (!is_hex_digest(sha256)) return std::nullopt;
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string sniff_mime_type(std::string_view bytes) {
  // A magic_t is not thread-safe: one per thread, loaded once.
  struct Cookie {
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    Cookie() {
      if (!m || magic_load(m, nullptr) != 0) throw std::runtime_error("cannot load libmagic's database");
    }
    ~Cookie() { magic_close(m); }
  };
  thread_local Cookie cookie;
  const char* type = magic_buffer(cookie.m, bytes.data(), bytes.size());
  return type ? type : "application/octet-stream";
}

}  // namespace abonado::attachments
