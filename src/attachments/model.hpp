#pragma once
// Uploaded documents (ID copies, signed letters, forms): metadata in the
// database, bytes content-addressed on disk.

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace abonado::attachments {

struct Attachment {
  std::string id;
  std::string sha256;     // the bytes' name in the blob store
  std::string name;       // file name as uploaded
  std::string mime_type;  // decided from the content
  std::int64_t size = 0;
  std::optional<std::string> uploaded_by;  // agent id
  std::optional<std::string> case_type;    // what it belongs to, once linked ("activationRequest")
  std::optional<std::string> case_id;
  TimePoint created_at;
};

}  // namespace abonado::attachments
