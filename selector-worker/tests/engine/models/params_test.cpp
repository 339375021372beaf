#include "engine/models/params.h"

#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

std::vector<ParamSpec> Schema() {
  ParamSpec window{.name = "window_size", .type = ParamType::kInteger, .min = 1, .max = 90};
  window.default_value = 7.0;
  ParamSpec decay{.name = "decay", .type = ParamType::kNumber, .min = 0, .max = 1};
  decay.min_exclusive = decay.max_exclusive = true;
  decay.default_value = 0.7;
  ParamSpec trim{.name = "trim", .type = ParamType::kBoolean};
  trim.default_value = false;
  ParamSpec mode{.name = "mode", .type = ParamType::kEnum};
  mode.allowed_values = {"linear", "exponential"};
  mode.default_value = std::string("linear");
  ParamSpec depth{.name = "depth", .type = ParamType::kInteger, .min = 2, .max = 64};
  depth.nullable = true;
  depth.default_value = 10.0;
  return {window, decay, trim, mode, depth};
}

std::string ErrorOf(const Params& p) {
  absl::StatusOr<Params> r = ResolveParams("m", Schema(), p);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(r.status().message());
}

TEST_CASE("ResolveParams fills defaults", "[engine][params]") {
  absl::StatusOr<Params> r = ResolveParams("m", Schema(), {{"window_size", 3.0}});
  REQUIRE(r.ok());
  CHECK(GetInt(*r, "window_size") == 3);
  CHECK(GetNumber(*r, "decay") == 0.7);
  CHECK_FALSE(GetBool(*r, "trim"));
  CHECK(GetString(*r, "mode") == "linear");
  CHECK(GetOptionalNumber(*r, "depth") == 10.0);
  CHECK(r->size() == 5);
}

TEST_CASE("ResolveParams accepts null for nullable params", "[engine][params]") {
  absl::StatusOr<Params> r = ResolveParams("m", Schema(), {{"depth", std::monostate{}}});
  REQUIRE(r.ok());
  CHECK_FALSE(GetOptionalNumber(*r, "depth").has_value());
}

TEST_CASE("ResolveParams rejects bad params with clear messages", "[engine][params]") {
  CHECK(ErrorOf({{"window", 3.0}}) ==
        "m: unknown param 'window' (accepted: window_size, decay, trim, mode, depth)");
  CHECK(ErrorOf({{"window_size", 2.5}}) == "m: param 'window_size' must be an integer, got 2.5");
  CHECK(ErrorOf({{"window_size", true}}) == "m: param 'window_size' must be an integer, got true");
  CHECK(ErrorOf({{"window_size", 0.0}}) == "m: param 'window_size' must be in [1, 90], got 0");
  CHECK(ErrorOf({{"window_size", 91.0}}) == "m: param 'window_size' must be in [1, 90], got 91");
  CHECK(ErrorOf({{"decay", 1.0}}) == "m: param 'decay' must be in (0, 1), got 1");
  CHECK(ErrorOf({{"decay", 0.0}}) == "m: param 'decay' must be in (0, 1), got 0");
  CHECK(ErrorOf({{"decay", std::string("x")}}) ==
        "m: param 'decay' must be a finite number, got \"x\"");
  CHECK(ErrorOf({{"trim", 1.0}}) == "m: param 'trim' must be a boolean, got 1");
  CHECK(ErrorOf({{"mode", std::string("cubic")}}) ==
        "m: param 'mode' must be one of linear, exponential, got \"cubic\"");
  CHECK(ErrorOf({{"window_size", std::monostate{}}}) ==
        "m: param 'window_size' must not be null, got null");
}

TEST_CASE("ResolveParams on a model without params", "[engine][params]") {
  absl::StatusOr<Params> r = ResolveParams("naive", {}, {{"x", 1.0}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "naive: unknown param 'x' (this model takes no params)");
  CHECK(ResolveParams("naive", {}, {}).ok());
}

TEST_CASE("ParamValueToString renders every alternative", "[engine][params]") {
  CHECK(ParamValueToString(std::monostate{}) == "null");
  CHECK(ParamValueToString(0.1) == "0.1");
  CHECK(ParamValueToString(7.0) == "7");
  CHECK(ParamValueToString(false) == "false");
  CHECK(ParamValueToString(std::string("a")) == "\"a\"");
  CHECK(ParamValueToString(std::vector<std::string>{"a", "b"}) == "[\"a\", \"b\"]");
}

}  // namespace
}  // namespace champion::engine
