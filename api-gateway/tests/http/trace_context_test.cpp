#include "http/trace_context.h"

#include <catch2/catch.hpp>

namespace champion::gateway {
namespace {

constexpr char kExample[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST_CASE("A valid traceparent is read field by field", "[unit][trace]") {
  const auto parsed = ParseTraceParent(kExample);
  REQUIRE(parsed.has_value());
  CHECK(parsed->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(parsed->parent_id == "00f067aa0ba902b7");
  CHECK(parsed->flags == "01");
  CHECK(parsed->Header() == kExample);
  // A later version is read by its first four fields.
  const auto future = ParseTraceParent(std::string("01") + (kExample + 2) + "-what-comes-next");
  REQUIRE(future.has_value());
  CHECK(future->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST_CASE("Anything else is no traceparent", "[unit][trace]") {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // 00 is exact
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // version ff
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero parent
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
           "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",   // no '-' after
       }) {
    INFO(bad);
    CHECK_FALSE(ParseTraceParent(bad).has_value());
  }
}

TEST_CASE("The gateway continues a trace with a span of its own, or starts one", "[unit][trace]") {
  const auto incoming = ParseTraceParent(kExample);
  const TraceParent next = ContinueTrace(incoming);
  CHECK(next.trace_id == incoming->trace_id);
  CHECK(next.flags == "01");
  CHECK(next.parent_id != incoming->parent_id);
  CHECK(ParseTraceParent(next.Header()).has_value());

  const TraceParent started = ContinueTrace(std::nullopt);
  const TraceParent other = ContinueTrace(std::nullopt);
  REQUIRE(ParseTraceParent(started.Header()).has_value());
  CHECK(started.flags == "00");
  CHECK(started.trace_id != other.trace_id);
}

}  // namespace
}  // namespace champion::gateway
