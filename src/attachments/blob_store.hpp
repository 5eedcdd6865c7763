#pragma once
// Content-addressed files: bytes are stored once under their SHA-256, written
// to a temporary file, fsynced and renamed into place (then the directory is
// fsynced), so a blob that put() returned is on disk before any database row
// names it. Blobs no row names (an upload whose commit failed) are harmless.
//
// Thread-safe; does blocking I/O: call from a worker pool, not an io thread.
// PostgreSQL deployments with several nodes need `root` on shared storage.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace abonado::attachments {

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root);

  // Stores `bytes` durably; returns their lower-case hex SHA-256.
  std::string put(std::string_view bytes) const;
  // The bytes named `sha256`, or nullopt.
  std::optional<std::string> get(const std::string& sha256) const;

 private:
  std::filesystem::path path_of(const std::string& sha256) const;
  std::filesystem::path root_;
};

// The MIME type of `bytes` judged from their content (libmagic), never from a
// file name: "application/pdf", "image/jpeg", ...
std::string sniff_mime_type(std::string_view bytes);

}  // namespace abonado::attachments
