#pragma once

// The built dashboard (frontend/dist): files with their content types and cache headers,
// and index.html for client-side routes.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_message.h"

namespace champion::gateway {

//! Content type by file extension ("text/javascript; charset=utf-8", ...);
//! application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

class StaticFiles {
 public:
  //! `root` may be missing: then enabled() is false and Serve always misses.
  explicit StaticFiles(const std::filesystem::path& root);

  bool enabled() const { return enabled_; }

  //! For GET and HEAD only (the server drops the body of a HEAD answer). The file named by the
  //! percent-decoded path under the root
  //! ("/" and a directory are its index.html), or, when there is none and the client accepts
  //! text/html, index.html (a client route). Paths with "..", ".", backslashes, NUL or a resolved
  //! location outside the root miss without fallback. Cache-Control: /assets/ files are
  //! immutable for a year (their names are content-hashed), everything else "no-cache".
  //! Thread-safe (reads files per request).
  std::optional<HttpResponse> Serve(const HttpRequest& request) const;

 private:
  std::optional<HttpResponse> ServeFile(const std::filesystem::path& file,
                                        std::string_view request_path) const;

  std::filesystem::path root_;
  bool enabled_ = false;
};

}  // namespace champion::gateway
