#include "notify/secret.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/error.hpp"

namespace abonado::notify {
namespace {

static_assert(crypto_secretbox_KEYBYTES == 32);
constexpr std::size_t kHexLen = crypto_secretbox_KEYBYTES * 2;

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

Error key_error(const std::string& path, const std::string& why) {
  return Error(Code::kInvalidParameter, "secret key file " + path + ": " + why, "outbox-key");
}

// Closes a descriptor on every path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void fsync_dir(const std::filesystem::path& dir) {
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

// Writes a fresh key; false when the file appeared meanwhile (another process won).
bool create_key(const std::string& path, std::array<unsigned char, 32>& key) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (f.fd < 0) {
    if (errno == EEXIST) return false;
    throw key_error(path, std::string("cannot create: ") + std::strerror(errno));
  }
  crypto_secretbox_keygen(key.data());
  char hex[kHexLen + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  std::string line = std::string(hex, kHexLen) + "\n";
  sodium_memzero(hex, sizeof hex);
  bool ok = ::fchmod(f.fd, 0600) == 0 &&
            ::write(f.fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(f.fd) == 0;
  sodium_memzero(line.data(), line.size());
  if (!ok) throw key_error(path, std::string("cannot write: ") + std::strerror(errno));
  fsync_dir(p.parent_path());
  return true;
}

void read_key(const std::string& path, std::array<unsigned char, 32>& key) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) throw key_error(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) throw key_error(path, "not a regular file");
  if ((st.st_mode & 077) != 0) {
    throw key_error(path, "readable by group or others; chmod 600 it");
  }
  char buf[kHexLen + 8];
  ssize_t n = ::read(f.fd, buf, sizeof buf);
  std::size_t len = n > 0 ? static_cast<std::size_t>(n) : 0;
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' ')) --len;
  std::size_t bin_len = 0;
  bool ok = len == kHexLen &&
            sodium_hex2bin(key.data(), key.size(), buf, len, nullptr, &bin_len, nullptr) == 0 &&
            bin_len == key.size();
  sodium_memzero(buf, sizeof buf);
  if (!ok) throw key_error(path, "expected 64 hexadecimal digits");
}

}  // namespace

SecretKey SecretKey::load_or_create(const std::string& path) {
  ensure_sodium();
  if (path.empty()) throw key_error(path, "no path given");
  SecretKey k;
  if (!std::filesystem::exists(path) && create_key(path, k.key_)) return k;
  read_key(path, k.key_);
  return k;
}

SecretKey::~SecretKey() { sodium_memzero(key_.data(), key_.size()); }

SecretKey::SecretKey(SecretKey&& other) noexcept : key_(other.key_) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

std::string SecretKey::seal(std::string_view plain) const {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out,
                        key_.data());
  std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out, box.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  return b64;
}

std::string SecretKey::open(std::string_view sealed) const {
  std::string box(sealed.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                        sealed.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    throw std::runtime_error("sealed text is not base64 of a secretbox");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(box.data());
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, in, key_.data()) != 0) {
    throw std::runtime_error("sealed text does not open under this key");
  }
  return plain;
}

std::string mask_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j - i >= 4) {
      out += "******";
    } else if (j > i) {
      out.append(text.substr(i, j - i));
    }
    if (j < text.size()) out += text[j];
    i = j + 1;
  }
  return out;
}

}  // namespace abonado::notify
