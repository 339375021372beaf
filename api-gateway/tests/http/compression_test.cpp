#include "http/compression.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <string>

namespace champion::gateway {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

std::string Unbrotli(const std::string& data) {
  std::string out(1 << 20, '\0');
  std::size_t size = out.size();
  REQUIRE(BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                                  reinterpret_cast<uint8_t*>(out.data())) ==
          BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

std::string SomeJson() {
  std::string body = "{\"runs\":[";
  for (int i = 0; i < 200; ++i) body += "{\"selection_id\":\"" + std::to_string(i) + "\"},";
  body += "{}]}";
  return body;
}

HttpResponse Json(std::string body) {
  HttpResponse r;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "application/json");
  return r;
}

TEST_CASE("The coding follows Accept-Encoding, q=0 refuses", "[unit][http]") {
  CHECK(ChooseCoding("") == ContentCoding::kIdentity);
  CHECK(ChooseCoding("gzip") == ContentCoding::kGzip);
  CHECK(ChooseCoding("gzip, deflate, br") == ContentCoding::kBrotli);
  CHECK(ChooseCoding("br;q=0, gzip;q=0.5") == ContentCoding::kGzip);
  CHECK(ChooseCoding("GZIP;Q=1") == ContentCoding::kGzip);
  CHECK(ChooseCoding("gzip;q=0") == ContentCoding::kIdentity);
  CHECK(ChooseCoding("*") == ContentCoding::kBrotli);
  CHECK(ChooseCoding("*, br;q=0") == ContentCoding::kGzip);
  CHECK(ChooseCoding("deflate, identity") == ContentCoding::kIdentity);
  CHECK(ChooseCoding("gzip;q=junk") == ContentCoding::kIdentity);
}

TEST_CASE("JSON is compressed as the client accepts and decompresses to itself", "[unit][http]") {
  const std::string body = SomeJson();
  HttpResponse gz = Json(body);
  CompressForClient("gzip", gz);
  CHECK(gz.Header("Content-Encoding") == "gzip");
  CHECK(gz.Header("Vary") == "Accept-Encoding");
  CHECK(gz.body.size() < body.size() / 4);
  CHECK(Gunzip(gz.body) == body);

  HttpResponse br = Json(body);
  CompressForClient("gzip, br", br);
  CHECK(br.Header("Content-Encoding") == "br");
  CHECK(Unbrotli(br.body) == body);

  HttpResponse plain = Json(body);
  CompressForClient("", plain);
  CHECK(plain.Header("Content-Encoding").empty());
  CHECK(plain.Header("Vary") == "Accept-Encoding");  // Caches must still keep them apart.
  CHECK(plain.body == body);
}

TEST_CASE("Small, binary or already encoded bodies are left alone", "[unit][http]") {
  HttpResponse small = Json("{\"ok\":true}");
  CompressForClient("gzip", small);
  CHECK(small.Header("Content-Encoding").empty());
  CHECK(small.body == "{\"ok\":true}");

  HttpResponse png;
  png.body = std::string(4096, 'x');
  png.SetHeader("Content-Type", "image/png");
  CompressForClient("gzip", png);
  CHECK(png.Header("Content-Encoding").empty());
  CHECK(png.Header("Vary").empty());

  HttpResponse script;
  script.body = std::string(4096, 'a');
  script.SetHeader("Content-Type", "application/javascript; charset=utf-8");
  script.SetHeader("Vary", "Origin");
  CompressForClient("br", script);
  CHECK(script.Header("Content-Encoding") == "br");
  CHECK(script.Header("Vary") == "Origin, Accept-Encoding");

  HttpResponse encoded = Json(SomeJson());
  encoded.SetHeader("Content-Encoding", "gzip");
  const std::string before = encoded.body;
  CompressForClient("gzip", encoded);
  CHECK(encoded.body == before);
}

}  // namespace
}  // namespace champion::gateway
