#pragma once
// POST /api/v1/attachments (multipart, field "file") and GET
// /api/v1/attachments/{id}. Wired by app/.

#include <boost/asio/thread_pool.hpp>

#include "attachments/blob_store.hpp"
#include "attachments/service.hpp"
#include "http/router.hpp"
#include "policy/policy.hpp"
#include "store/database.hpp"

namespace abonado::attachments {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const AttachmentService& service;
  const BlobStore& blobs;
  const AttachmentRules& rules;   // the policy's types and size
  boost::asio::thread_pool& io;   // for disk writes and content sniffing
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::attachments
