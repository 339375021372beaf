#include "http/accept_backoff.h"

#include <catch2/catch.hpp>
#include <cerrno>

namespace champion::gateway {

TEST_CASE("Accept back-off doubles from 50 ms to 1 s and resets on success", "[unit][http]") {
  AcceptBackoff backoff;
  std::vector<int64_t> pauses;
  for (int i = 0; i < 7; ++i) pauses.push_back(absl::ToInt64Milliseconds(backoff.NextPause()));
  CHECK(pauses == std::vector<int64_t>{50, 100, 200, 400, 800, 1000, 1000});
  backoff.Reset();
  CHECK(backoff.NextPause() == absl::Milliseconds(50));
}

TEST_CASE("Only resource exhaustion makes accept pause", "[unit][http]") {
  for (const int e : {EMFILE, ENFILE, ENOBUFS, ENOMEM}) CHECK(IsResourceExhaustion(e));
  for (const int e : {ECONNABORTED, EPERM, EPROTO, EINTR}) CHECK_FALSE(IsResourceExhaustion(e));
}

}  // namespace champion::gateway
