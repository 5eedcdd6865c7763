#include "http/metrics.hpp"

#include <fmt/format.h>

namespace abonado::http {

Metrics::Metrics(const Router& router) {
  std::size_t n = router.routes().size() + 1;
  table_ = std::make_unique<PerRoute[]>(n);
  for (std::size_t i = 0; i < n; ++i) {
    table_[i].label = i + 1 < n ? router.routes()[i].method + " " + router.routes()[i].pattern
                                : "unmatched";
    routes_.push_back(&table_[i]);
  }
}

void Metrics::observe(std::size_t route, int status, std::chrono::microseconds took) {
  PerRoute& r = *routes_[route < routes_.size() ? route : unmatched()];
  int cls = status / 100 - 1;
  if (cls >= 0 && cls < 5) r.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBucketsUs.size() && took.count() > kBucketsUs[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.sum_us.fetch_add(took.count(), std::memory_order_relaxed);
}

std::string Metrics::render(const store::PoolStats& db) const {
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# TYPE abonado_http_requests_total counter\n");
  for (const auto* r : routes_) {
    for (int c = 0; c < 5; ++c) {
      auto n = r->by_class[c].load(std::memory_order_relaxed);
      if (n) {
        fmt::format_to(it, "abonado_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n",
                       r->label, c + 1, n);
      }
    }
  }
  fmt::format_to(it, "# TYPE abonado_http_request_seconds histogram\n");
  for (const auto* r : routes_) {
    std::int64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBucketsUs.size(); ++b) cumulative += r->buckets[b].load();
    if (cumulative == 0) continue;
    std::int64_t acc = 0;
    for (std::size_t b = 0; b < kBucketsUs.size(); ++b) {
      acc += r->buckets[b].load(std::memory_order_relaxed);
      fmt::format_to(it, "abonado_http_request_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                     r->label, kBucketsUs[b] / 1e6, acc);
    }
    fmt::format_to(it, "abonado_http_request_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                   r->label, cumulative);
    fmt::format_to(it, "abonado_http_request_seconds_sum{{route=\"{}\"}} {}\n", r->label,
                   r->sum_us.load() / 1e6);
    fmt::format_to(it, "abonado_http_request_seconds_count{{route=\"{}\"}} {}\n", r->label,
                   cumulative);
  }
  fmt::format_to(it, "# TYPE abonado_http_open_connections gauge\nabonado_http_open_connections {}\n",
                 open_connections.load());
  fmt::format_to(it,
                 "# TYPE abonado_http_refused_connections_total counter\n"
                 "abonado_http_refused_connections_total {}\n",
                 refused_connections.load());
  fmt::format_to(it, "# TYPE abonado_db_write_jobs_total counter\nabonado_db_write_jobs_total {}\n",
                 db.writes);
  fmt::format_to(it, "# TYPE abonado_db_read_jobs_total counter\nabonado_db_read_jobs_total {}\n",
                 db.reads);
  fmt::format_to(it, "# TYPE abonado_db_wal_syncs_total counter\nabonado_db_wal_syncs_total {}\n",
                 db.wal_syncs);
  fmt::format_to(it, "# TYPE abonado_db_wal_bytes_total counter\nabonado_db_wal_bytes_total {}\n",
                 db.wal_bytes);
  fmt::format_to(
      it, "# TYPE abonado_db_wal_catch_ups_total counter\nabonado_db_wal_catch_ups_total {}\n",
      db.wal_catch_ups);
  fmt::format_to(it, "# TYPE abonado_db_queued_jobs gauge\n");
  fmt::format_to(it, "abonado_db_queued_jobs{{kind=\"write\"}} {}\n", db.queued_writes);
  fmt::format_to(it, "abonado_db_queued_jobs{{kind=\"read\"}} {}\n", db.queued_reads);
  fmt::format_to(it, "# TYPE abonado_db_pool_connections gauge\n");
  fmt::format_to(it, "abonado_db_pool_connections{{state=\"busy\"}} {}\n", db.busy_readers);
  fmt::format_to(it, "abonado_db_pool_connections{{state=\"total\"}} {}\n", db.readers);
  fmt::format_to(it, "# TYPE abonado_db_write_batch_size histogram\n");
  std::int64_t acc = 0;
  for (int b = 0; b < 10; ++b) {
    acc += db.batch_le[b];
    fmt::format_to(it, "abonado_db_write_batch_size_bucket{{le=\"{}\"}} {}\n", 1 << b, acc);
  }
  acc += db.batch_le[10];
  fmt::format_to(it, "abonado_db_write_batch_size_bucket{{le=\"+Inf\"}} {}\n", acc);
  fmt::format_to(it, "abonado_db_write_batch_size_sum {}\nabonado_db_write_batch_size_count {}\n",
                 db.writes, db.write_batches);
  for (std::size_t i = 0; i < gauges_.size(); ++i) {
    const Gauge& g = gauges_[i];
    if (i == 0 || gauges_[i - 1].family != g.family) {
      fmt::format_to(it, "# TYPE {} gauge\n", g.family);
    }
    fmt::format_to(it, "{}{{{}}} {}\n", g.family, g.labels, g.read());
  }
  return fmt::to_string(out);
}

void Metrics::add_gauge(std::string family, std::string labels,
                        std::function<std::int64_t()> read) {
  gauges_.push_back({std::move(family), std::move(labels), std::move(read)});
}

}  // namespace abonado::http
