// The request head as the server parses it, from bytes in memory.

#include "http/http_server_parser.h"

#include <catch2/catch.hpp>
#include <string>

namespace champion::gateway {
namespace {

using State = RequestHeadResult::State;

constexpr size_t kMaxBody = 1024;

}  // namespace

TEST_CASE("A complete head becomes the request the handlers see", "[unit][http][parser]") {
  const std::string head =
      "POST /v1/stores?search=a&page=2 HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-1\r\n"
      "Content-Length: 5\r\n\r\n";
  const RequestHeadResult result = ParseRequestHead(head + "hello", kMaxBody);
  REQUIRE(result.state == State::kComplete);
  CHECK(result.head_bytes == head.size());  // the body is left alone
  CHECK(result.request.method == "POST");
  CHECK(result.request.target == "/v1/stores?search=a&page=2");
  CHECK(result.request.path == "/v1/stores");
  CHECK(result.request.query == "search=a&page=2");
  CHECK(result.request.Header("host") == "x");
  CHECK(result.request.request_id == "abc-1");
  CHECK(result.request.body.empty());
  CHECK_FALSE(result.problem.has_value());
}

TEST_CASE("An unusable request id is replaced", "[unit][http][parser]") {
  const RequestHeadResult result =
      ParseRequestHead("GET / HTTP/1.1\r\nX-Request-Id: has space\r\n\r\n", kMaxBody);
  REQUIRE(result.state == State::kComplete);
  CHECK(result.request.request_id.size() == 32);
  CHECK(result.request.request_id != "has space");
}

TEST_CASE("A partial head needs more bytes", "[unit][http][parser]") {
  CHECK(ParseRequestHead("", kMaxBody).state == State::kNeedMore);
  CHECK(ParseRequestHead("GET / HTTP/1.1\r\nHost: x\r\n", kMaxBody).state == State::kNeedMore);
}

TEST_CASE("Heads the server refuses get its answer", "[unit][http][parser]") {
  SECTION("headers over the limit: 431") {
    const std::string big = "GET /a HTTP/1.1\r\nX-Big: " + std::string(kMaxRequestHeadBytes, 'b');
    const RequestHeadResult result = ParseRequestHead(big, kMaxBody);
    REQUIRE(result.state == State::kError);
    REQUIRE(result.problem.has_value());
    CHECK(result.problem->status == 431);
    CHECK(result.problem->code == "REQUEST_HEADER_FIELDS_TOO_LARGE");
  }
  SECTION("a declared body over the limit: 413 before any body byte") {
    const RequestHeadResult result = ParseRequestHead(
        "POST /big?x=1 HTTP/1.1\r\nX-Request-Id: r-9\r\nContent-Length: 1025\r\n\r\n", kMaxBody);
    REQUIRE(result.state == State::kError);
    CHECK(result.problem->status == 413);
    CHECK(result.problem->instance == "/big");
    CHECK(result.problem->request_id == "r-9");
  }
  SECTION("malformed: 400") {
    for (const char* bad : {"NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                            "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                            "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"}) {
      INFO(bad);
      const RequestHeadResult result = ParseRequestHead(bad, kMaxBody);
      REQUIRE(result.state == State::kError);
      CHECK(result.problem->status == 400);
      CHECK(result.problem->code == "BAD_REQUEST");
    }
  }
}

}  // namespace champion::gateway
