#include "http/static_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "transcode/path_template.h"

namespace champion::gateway {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "index.html";

struct TypeEntry {
  std::string_view extension;
  std::string_view type;
};

constexpr TypeEntry kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".wasm", "application/wasm"},
};

bool AcceptsHtml(const HttpRequest& request) {
  return absl::StrContains(absl::AsciiStrToLower(std::string(request.Header("Accept"))),
                           "text/html");
}

// The file path for a request path; nullopt for anything that could leave the root.
std::optional<fs::path> SafeRelativePath(std::string_view raw_path) {
  std::string decoded;
  if (!PercentDecode(raw_path, false, &decoded)) return std::nullopt;
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  fs::path out;
  for (absl::string_view part : absl::StrSplit(decoded, '/', absl::SkipEmpty())) {
    if (part == "." || part == "..") return std::nullopt;
    out /= std::string(part);
  }
  return out;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  const std::string lower =
      absl::AsciiStrToLower(absl::string_view(file_name.data(), file_name.size()));
  for (const auto& entry : kTypes) {
    if (absl::EndsWith(lower, absl::string_view(entry.extension.data(), entry.extension.size()))) {
      return entry.type;
    }
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    root_ = fs::canonical(root, ec);
    enabled_ = !ec;
  }
}

std::optional<HttpResponse> StaticFiles::Serve(const HttpRequest& request) const {
  if (!enabled_ || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  const std::optional<fs::path> relative = SafeRelativePath(request.path);
  if (!relative.has_value()) return std::nullopt;
  fs::path file = root_ / *relative;
  std::error_code ec;
  if (relative->empty() || fs::is_directory(file, ec))
    file /= kIndex;  // "/docs" is docs/index.html
  if (auto response = ServeFile(file, request.path)) return response;
  if (!AcceptsHtml(request)) return std::nullopt;
  return ServeFile(root_ / kIndex, "/index.html");
}

std::optional<HttpResponse> StaticFiles::ServeFile(const fs::path& file,
                                                   std::string_view request_path) const {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  // Symlinks may point anywhere: serve only what resolves inside the root.
  const fs::path resolved = fs::canonical(file, ec);
  if (ec) return std::nullopt;
  const auto [root_end, ignored] =
      std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
  if (root_end != root_.end()) return std::nullopt;
  std::ifstream in(resolved, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  HttpResponse response;
  response.SetHeader("Content-Type", std::string(ContentTypeFor(resolved.filename().string())));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  const bool immutable =
      absl::StartsWith(absl::string_view(request_path.data(), request_path.size()), "/assets/") &&
      resolved.filename() != kIndex;
  response.SetHeader("Cache-Control",
                     immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.body = content.str();
  return response;
}

}  // namespace champion::gateway
