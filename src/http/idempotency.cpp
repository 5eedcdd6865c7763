#include "http/idempotency.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "http/router.hpp"

namespace abonado::http {
namespace {

constexpr store::Sql kFind{
    "idempotency.find",
    "SELECT request_hash, status, content_type, body, location FROM idempotency_keys "
    "WHERE agent_id = $1 AND route = $2 AND idem_key = $3 AND created_at > $4"};
// A key seen before is taken over only once it has expired (one statement
// instead of a DELETE and an INSERT: it runs with every money POST).
constexpr store::Sql kInsert{
    "idempotency.insert",
    "INSERT INTO idempotency_keys (agent_id, route, idem_key, request_hash, status, "
    "content_type, body, location, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (agent_id, route, idem_key) DO UPDATE SET request_hash = excluded.request_hash, "
    "status = excluded.status, content_type = excluded.content_type, body = excluded.body, "
    "location = excluded.location, created_at = excluded.created_at "
    "WHERE idempotency_keys.created_at <= $10"};
constexpr store::Sql kPurge{"idempotency.purge",
                            "DELETE FROM idempotency_keys WHERE created_at <= $1"};

// By the path the router matched, not as written: "/x/" and "//x" are "/x".
std::string route_key(const Request& req) { return req.method + " " + canonical_path(req.path); }

std::string fingerprint(const Request& req) {
  std::string text = route_key(req) + "?";
  for (const auto& [k, v] : req.query) text += k + "=" + v + "&";
  text += "\n" + req.body;
  return sha256_hex(text);
}

std::int64_t horizon(TimePoint now) { return to_epoch_ms(now - kIdempotencyTtl); }

}  // namespace

std::string idempotency_key(const Request& req) {
  const std::string* key = req.header("idempotency-key");
  if (!key || !req.actor || req.method != "POST") return {};
  bool printable = !key->empty() && key->size() <= 128;
  for (char c : *key) printable = printable && c > 0x20 && c < 0x7f;
  if (!printable) {
    throw Error(Code::kInvalidParameter,
                "Idempotency-Key must be 1 to 128 printable characters without spaces",
                "Idempotency-Key");
  }
  return *key;
}

std::optional<Response> find_replay(store::Tx& tx, const Request& req, TimePoint now) {
  std::string key = idempotency_key(req);
  if (key.empty()) return std::nullopt;
  auto row = tx.query_one(kFind, {req.actor->agent_id, route_key(req), key, horizon(now)});
  if (!row) return std::nullopt;
  if (row->str(0) != fingerprint(req)) {
    throw Error(Code::kIdempotencyKeyReused,
                "this Idempotency-Key was already used with a different request",
                "Idempotency-Key");
  }
  Response res;
  res.status = static_cast<int>(row->i64(1));
  res.content_type = row->str(2);
  res.body = row->str(3);
  if (auto loc = row->opt_str(4)) res.with_header("Location", *loc);
  res.with_header("Idempotent-Replayed", "true");
  return res;
}

void remember(store::Tx& tx, const Request& req, const Response& res, TimePoint now) {
  std::string key = idempotency_key(req);
  if (key.empty()) return;
  std::optional<std::string> location;
  for (const auto& [k, v] : res.headers) {
    if (k == "Location") location = v;
  }
  auto inserted = tx.exec(kInsert, {req.actor->agent_id, route_key(req), key, fingerprint(req),
                                    res.status, res.content_type, res.body, location,
                                    to_epoch_ms(now), horizon(now)});
  if (inserted == 0) throw IdempotencyRace();
}

std::int64_t purge_idempotency_keys(store::Tx& tx, TimePoint now) {
  return tx.exec(kPurge, {horizon(now)});
}

}  // namespace abonado::http
