#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace abonado::http {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPlaceholder = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Abonado</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Abonado</h1>
<p>The server is running. The agent console has not been built yet.</p>
<p>The API answers under <code>/api/v1/</code> and <code>/tmf-api/</code>;
health at <a href="/health"><code>/health</code></a>.</p>
</body></html>
)";

std::string content_type(const fs::path& p) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".jpg", "image/jpeg"},                {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},              {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto ext = p.extension().string();
  for (const auto& [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::optional<Response> serve_static(const std::string& root, const std::string& path) {
  // parse_target already refused ".." segments; the path is relative to root.
  fs::path rel = fs::path(path).relative_path();
  fs::path base(root);
  if (!rel.empty()) {
    if (auto body = read_file(base / rel)) {
      auto r = Response::text(200, std::move(*body), content_type(rel));
      // Vite puts content-hashed names under assets/: they never change.
      r.with_header("Cache-Control", path.starts_with("/assets/")
                                         ? "public, max-age=31536000, immutable"
                                         : "no-cache");
      return r;
    }
    if (rel.has_extension()) return std::nullopt;
  }
  if (auto index = read_file(base / "index.html")) {
    return Response::text(200, std::move(*index), "text/html; charset=utf-8")
        .with_header("Cache-Control", "no-cache");
  }
  return Response::text(200, kPlaceholder, "text/html; charset=utf-8");
}

}  // namespace abonado::http
