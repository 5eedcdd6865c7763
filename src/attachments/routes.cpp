#include "attachments/routes.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/multipart.hpp"
#include "http/offload.hpp"

namespace abonado::attachments {
namespace {

using boost::asio::awaitable;
using http::Request;
using http::Response;

// Room for the multipart framing around the largest file the policy allows.
constexpr std::size_t kFramingAllowance = 64 * 1024;

http::Json attachment_json(const Attachment& a) {
  return {{"id", a.id},
          {"href", "/api/v1/attachments/" + a.id},
          {"@type", "Attachment"},
          {"name", a.name},
          {"mimeType", a.mime_type},
          {"size", a.size},
          {"createdAt", format_iso(a.created_at)}};
}

// RFC 6266: the name in ASCII for old clients ('_' for each other
// character, quotes and backslashes), and whole as UTF-8 (RFC 8187).
std::string content_disposition(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii, utf8;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ascii += ch;
    } else if (c < 0x80 || c >= 0xC0) {  // one '_' a character, not a byte
      ascii += '_';
    }
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (alnum || std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos) {
      utf8 += ch;
    } else {
      utf8 += '%';
      utf8 += kHex[c >> 4];
      utf8 += kHex[c & 0xF];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
}

awaitable<Response> upload(RouteDeps d, Request& req) {
  auto parts = http::parse_multipart(*req.header("content-type"), req.body);
  auto file = std::find_if(parts.begin(), parts.end(),
                           [](const http::FormPart& p) { return p.name == "file"; });
  if (file == parts.end()) throw Error(Code::kMissingField, "form field 'file' is required", "file");
  if (file->data.empty()) throw Error(Code::kInvalidField, "the file is empty", "file");
  if (static_cast<std::int64_t>(file->data.size()) > d.rules.max_bytes) {
    throw Error(Code::kAttachmentTooLarge,
                "the file has " + std::to_string(file->data.size()) + " bytes; at most " +
                    std::to_string(d.rules.max_bytes) + " are allowed",
                "file");
  }
  NewAttachment n;
  // A name of nothing but spaces names nothing.
  n.name = line_problem(file->filename) == LineProblem::kBlank ? "attachment" : file->filename;
  n.size = static_cast<std::int64_t>(file->data.size());
  n.mime_type = co_await http::offload(d.io, [&] { return sniff_mime_type(file->data); });
  const auto& allowed = d.rules.mime_types;
  if (std::find(allowed.begin(), allowed.end(), n.mime_type) == allowed.end()) {
    throw Error(Code::kAttachmentTypeNotAllowed,
                "files of type " + n.mime_type + " are not accepted", "file");
  }
  n.sha256 = co_await http::offload(d.io, [&] { return d.blobs.put(file->data); });
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Attachment a = d.service.record(tx, req.agent(), n);
    return http::json_response(201, attachment_json(a))
        .with_header("Location", "/api/v1/attachments/" + a.id);
  });
}

awaitable<Response> download(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a = co_await store::read(d.db, [&](store::Tx& tx) { return d.service.find(tx, id); });
  // Someone who may not read it learns nothing, not even that it exists.
  if (!a || !may_read(req.agent(), *a)) {
    throw Error(Code::kNotFound, "no attachment with id " + id, "id");
  }
  auto bytes = co_await http::offload(d.io, [&] { return d.blobs.get(a->sha256); });
  if (!bytes) throw std::runtime_error("attachment " + id + " has lost its file " + a->sha256);
  co_return Response::text(200, std::move(*bytes), a->mime_type)
      .with_header("Content-Disposition", content_disposition(a->name))
      .with_header("X-Content-Type-Options", "nosniff");
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  auto max_body = static_cast<std::size_t>(std::max<std::int64_t>(d.rules.max_bytes, 0)) +
                  kFramingAllowance;
  router.add({"POST", "/api/v1/attachments", http::Access::any_agent(), http::bind<upload>(d),
              http::Body::kMultipart, max_body});
  router.add({"GET", "/api/v1/attachments/{id}", http::Access::any_agent(), http::bind<download>(d)});
}

}  // namespace abonado::attachments
