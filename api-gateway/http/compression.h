#pragma once

// Response compression as the client accepts it (RFC 9110 Accept-Encoding): brotli (Debian's
// libbrotlienc) or gzip (zlib), for text bodies worth the bytes.

#include <optional>
#include <string>
#include <string_view>

#include "http/http_message.h"

namespace champion::gateway {

//! Bodies below this many bytes go out as they are: compression would barely pay.
inline constexpr std::size_t kMinCompressedBytes = 1024;

enum class ContentCoding { kIdentity, kGzip, kBrotli };

//! The coding to answer a request's Accept-Encoding with: brotli when accepted (q > 0),
//! else gzip, else identity. Codings with q=0 are refused; "*" accepts both.
ContentCoding ChooseCoding(std::string_view accept_encoding);

//! `body` compressed as `coding` (brotli quality 5, gzip level 6: fast enough to do per
//! response); nullopt when the library fails.
std::optional<std::string> Compress(std::string_view body, ContentCoding coding);

//! Compresses `response` in place for a request that sent `accept_encoding`, when its body
//! is at least kMinCompressedBytes of a compressible type (JSON, problem+json, JavaScript,
//! CSS, HTML, SVG, plain text), it has no Content-Encoding yet, and the result is smaller.
//! Sets Content-Encoding and adds Vary: Accept-Encoding to every compressible response, so
//! caches keep the codings apart.
void CompressForClient(std::string_view accept_encoding, HttpResponse& response);

}  // namespace champion::gateway
