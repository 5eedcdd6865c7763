#include "http/router.hpp"

#include <stdexcept>

#include "core/error.hpp"

namespace abonado::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

}  // namespace

std::string canonical_path(std::string_view path) {
  std::string out;
  for (auto seg : split_path(path)) {
    out += '/';
    out += seg;
  }
  return out.empty() ? "/" : out;
}

const Route& Router::add(Route route) {
  std::vector<std::string> segs;
  for (auto s : split_path(route.pattern)) segs.emplace_back(s);
  // Two patterns that differ only in parameter names are the same route.
  auto same_shape = [&segs](const std::vector<std::string>& other) {
    if (other.size() != segs.size()) return false;
    for (std::size_t k = 0; k < segs.size(); ++k) {
      bool both_params = is_param(segs[k]) && is_param(other[k]);
      if (!both_params && segs[k] != other[k]) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == route.method && same_shape(segments_[i])) {
      throw std::logic_error("route declared twice: " + route.method + " " + route.pattern);
    }
  }
  route.metric_index = routes_.size();
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segs));
  return routes_.back();
}

Match Router::match(std::string_view method, std::string_view path) const {
  auto parts = split_path(path);
  Match result;
  // Literal segments win over parameters: try exact routes first.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      const auto& segs = segments_[i];
      if (segs.size() != parts.size()) continue;
      bool has_param = false;
      bool ok = true;
      for (std::size_t k = 0; k < segs.size() && ok; ++k) {
        if (is_param(segs[k])) {
          has_param = true;
        } else if (segs[k] != parts[k]) {
          ok = false;
        }
      }
      if (!ok || has_param != (pass == 1)) continue;
      if (routes_[i].method != method) {
        result.method_mismatch = true;
        continue;
      }
      result.route = &routes_[i];
      for (std::size_t k = 0; k < segs.size(); ++k) {
        if (is_param(segs[k])) {
          result.params.emplace_back(segs[k].substr(1, segs[k].size() - 2), std::string(parts[k]));
        }
      }
      return result;
    }
  }
  return result;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

const std::string* Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

const std::string& Request::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  throw std::logic_error("route has no parameter " + std::string(name));
}

const Actor& Request::agent() const {
  if (!actor) throw Error(Code::kUnauthorized, "authentication required");
  return *actor;
}

}  // namespace abonado::http
