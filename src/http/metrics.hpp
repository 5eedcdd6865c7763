#pragma once
// Request counters and latency histograms per route, and connection gauges,
// rendered as Prometheus text. Lock-free: every io thread records into
// atomics. Built once the router is complete (it sizes its tables from it).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"

namespace abonado::http {

class Metrics {
 public:
  static constexpr std::array<std::int64_t, 11> kBucketsUs = {
      250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000};

  explicit Metrics(const Router& router);

  // `route` is a route's metric_index, or unmatched() for requests no route took.
  void observe(std::size_t route, int status, std::chrono::microseconds took);
  std::size_t unmatched() const { return routes_.size() - 1; }

  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::int64_t> refused_connections{0};

  // A gauge read when /metrics is rendered: `family{labels} read()`. Add
  // them before the server starts; `read` must be thread-safe.
  void add_gauge(std::string family, std::string labels, std::function<std::int64_t()> read);

  std::string render(const store::PoolStats& db) const;

 private:
  struct PerRoute {
    std::string label;                          // method + pattern
    std::atomic<std::int64_t> by_class[5] = {};  // 1xx..5xx
    std::atomic<std::int64_t> buckets[kBucketsUs.size() + 1] = {};
    std::atomic<std::int64_t> sum_us{0};
  };
  struct Gauge {
    std::string family, labels;
    std::function<std::int64_t()> read;
  };
  std::vector<Gauge> gauges_;
  std::unique_ptr<PerRoute[]> table_;
  std::vector<PerRoute*> routes_;
};

}  // namespace abonado::http
