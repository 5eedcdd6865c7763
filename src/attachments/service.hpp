#pragma once
// Attachment records. Functions run inside database jobs on the Tx given;
// the bytes are in the BlobStore already (put() before the record).

#include <optional>
#include <string>

#include "attachments/model.hpp"
#include "core/roles.hpp"
#include "store/tx.hpp"

namespace abonado::attachments {

struct NewAttachment {
  std::string sha256;
  std::string name;
  std::string mime_type;
  std::int64_t size = 0;
};

class AttachmentService {
 public:
  explicit AttachmentService(const Clock& clock) : clock_(clock) {}

  Attachment record(store::Tx& tx, const Actor& by, const NewAttachment& a) const;
  std::optional<Attachment> find(store::Tx& tx, const std::string& id) const;
  // Links an attachment to the case it documents (activation request,
  // cancellation request...). Throws kNotFound for an unknown id.
  void link(store::Tx& tx, const Actor& by, const std::string& id, const std::string& case_type,
            const std::string& case_id) const;

 private:
  const Clock& clock_;
};

// Who may download an attachment: its uploader, and the roles that work its
// case (an activation request's: admin and backoffice; other cases': admin,
// supervisor, backoffice, postsales); one not filed yet: the admin.
bool may_read(const Actor& actor, const Attachment& a);

}  // namespace abonado::attachments
