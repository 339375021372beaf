#include "http/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace champion::gateway {
namespace {

constexpr int kBrotliQuality = 5;
constexpr int kGzipLevel = 6;
constexpr int kGzipWindowBits = 15 + 16;  // zlib's way to ask for a gzip wrapper.

bool IsCompressible(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  const std::string type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(media.data(), media.size())));
  return absl::StartsWith(type, "text/") || type == "application/json" ||
         type == "application/problem+json" || type == "application/javascript" ||
         type == "image/svg+xml" || type == "application/manifest+json" ||
         absl::EndsWith(type, "+json");
}

std::optional<std::string> Gzip(std::string_view body) {
  z_stream z{};
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const std::size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> Brotli(std::string_view body) {
  std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace

ContentCoding ChooseCoding(std::string_view accept_encoding) {
  bool gzip = false, brotli = false, star = false;
  bool gzip_refused = false, brotli_refused = false;
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(accept_encoding.data(), accept_encoding.size()), ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    const std::string coding = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    double q = 1.0;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      absl::string_view param = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&param, "q=") || absl::ConsumePrefix(&param, "Q=")) {
        if (!absl::SimpleAtod(param, &q)) q = 0.0;
      }
    }
    const bool accepted = q > 0.0;
    if (coding == "gzip" || coding == "x-gzip") {
      (accepted ? gzip : gzip_refused) = true;
    } else if (coding == "br") {
      (accepted ? brotli : brotli_refused) = true;
    } else if (coding == "*" && accepted) {
      star = true;
    }
  }
  if (brotli || (star && !brotli_refused)) return ContentCoding::kBrotli;
  if (gzip || (star && !gzip_refused)) return ContentCoding::kGzip;
  return ContentCoding::kIdentity;
}

std::optional<std::string> Compress(std::string_view body, ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip:
      return Gzip(body);
    case ContentCoding::kBrotli:
      return Brotli(body);
    case ContentCoding::kIdentity:
      break;
  }
  return std::string(body);
}

void CompressForClient(std::string_view accept_encoding, HttpResponse& response) {
  if (!IsCompressible(response.Header("Content-Type"))) return;
  if (!response.Header("Content-Encoding").empty()) return;
  const std::string_view vary = response.Header("Vary");
  if (vary.empty()) {
    response.SetHeader("Vary", "Accept-Encoding");
  } else if (!absl::StrContains(absl::AsciiStrToLower(absl::string_view(vary.data(), vary.size())),
                                "accept-encoding")) {
    response.SetHeader("Vary", std::string(vary) + ", Accept-Encoding");
  }
  if (response.body.size() < kMinCompressedBytes) return;
  const ContentCoding coding = ChooseCoding(accept_encoding);
  if (coding == ContentCoding::kIdentity) return;
  std::optional<std::string> compressed = Compress(response.body, coding);
  if (!compressed || compressed->size() >= response.body.size()) return;
  response.body = *std::move(compressed);
  response.SetHeader("Content-Encoding", coding == ContentCoding::kBrotli ? "br" : "gzip");
}

}  // namespace champion::gateway
