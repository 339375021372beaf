#include "engine/cancel_token.h"

#include <catch2/catch.hpp>
#include <thread>

namespace champion::engine {
namespace {

TEST_CASE("CancelToken starts clear and latches", "[engine][cancel]") {
  CancelToken token;
  CHECK_FALSE(token.IsCancelled());
  CHECK(CheckCancelled(token).ok());
  token.Cancel();
  token.Cancel();  // Idempotent.
  CHECK(token.IsCancelled());
  CHECK(CheckCancelled(token).code() == absl::StatusCode::kCancelled);
}

TEST_CASE("CancelToken is visible across threads", "[engine][cancel]") {
  CancelToken token;
  std::thread other([&token] { token.Cancel(); });
  other.join();
  CHECK(token.IsCancelled());
  CHECK_FALSE(NeverCancelled().IsCancelled());
}

}  // namespace
}  // namespace champion::engine
