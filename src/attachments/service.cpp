#include "attachments/service.hpp"

#include <nlohmann/json.hpp>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::attachments {
namespace {

using store::Sql;

constexpr Sql kInsert{
    "attachment.insert",
    "INSERT INTO attachments (id, sha256, name, mime_type, size, uploaded_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Sql kSelect{
    "attachment.select",
    "SELECT id, sha256, name, mime_type, size, uploaded_by, case_type, case_id, created_at "
    "FROM attachments WHERE id = $1"};
// Only a document that belongs to no case yet: two requests citing it at once do not both
// get it (the second's earlier check saw it free).
constexpr Sql kLink{
    "attachment.link",
    "UPDATE attachments SET case_type = $2, case_id = $3 WHERE id = $1 AND case_id IS NULL"};

std::string snapshot(const Attachment& a) {
  nlohmann::json j = {{"id", a.id}, {"name", a.name}, {"mimeType", a.mime_type},
                      {"size", a.size}, {"sha256", a.sha256}};
  if (a.case_id) j["case"] = {{"type", *a.case_type}, {"id", *a.case_id}};
  return j.dump();
}

}  // namespace

Attachment AttachmentService::record(store::Tx& tx, const Actor& by,
                                     const NewAttachment& n) const {
  auto now = clock_.now();
  Attachment a{new_id(now), n.sha256, n.name, n.mime_type, n.size,
               by.agent_id.empty() ? std::nullopt : std::optional(by.agent_id),
               std::nullopt, std::nullopt, now};
  tx.exec(kInsert, {a.id, a.sha256, a.name, a.mime_type, a.size, a.uploaded_by,
                    to_epoch_ms(now)});
  auth::record(tx, by, now, {"attachment.create", "attachment", a.id, std::nullopt, snapshot(a)});
  return a;
}

std::optional<Attachment> AttachmentService::find(store::Tx& tx, const std::string& id) const {
  auto r = tx.query_one(kSelect, {id});
  if (!r) return std::nullopt;
  return Attachment{r->str(0),     r->str(1),     r->str(2),     r->str(3),
                    r->i64(4),     r->opt_str(5), r->opt_str(6), r->opt_str(7),
                    from_epoch_ms(r->i64(8))};
}

void AttachmentService::link(store::Tx& tx, const Actor& by, const std::string& id,
                             const std::string& case_type, const std::string& case_id) const {
  auto before = find(tx, id);
  if (!before) throw Error(Code::kNotFound, "no attachment with id " + id, "documents");
  Attachment after = *before;
  after.case_type = case_type;
  after.case_id = case_id;
  if (tx.exec(kLink, {id, case_type, case_id}) == 0) {
    throw Error(Code::kInvalidField, "the document belongs to another case", "documents");
  }
  auth::record(tx, by, clock_.now(),
               {"attachment.link", "attachment", id, snapshot(*before), snapshot(after)});
}

bool may_read(const Actor& actor, const Attachment& a) {
  if (a.uploaded_by && *a.uploaded_by == actor.agent_id) return true;
  // The copies of an activation request are the back office's to read (FL-4):
  // identity documents, not for every desk that works cases of its own.
  static const RoleSet kActivationCases{Role::kAdmin, Role::kBackoffice};
  if (a.case_type == "activationRequest") return actor.roles.intersects(kActivationCases);
  // Not filed yet (or left behind by a request that failed): its uploader's,
  // and the admin's.
  if (!a.case_type) return actor.roles.intersects({Role::kAdmin});
  static const RoleSet kCaseWorkers{Role::kAdmin, Role::kSupervisor, Role::kBackoffice,
                                    Role::kPostsales};
  return actor.roles.intersects(kCaseWorkers);
}

}  // namespace abonado::attachments
