#include "engine/models/model_registration.h"

#include <catch2/catch.hpp>
#include <set>

namespace champion::engine {
namespace {

enum class Shape { kFlat, kPeaked };

struct Options {
  int window = 0;
  std::optional<int> depth;
  double rate = 0.0;
  bool trim = false;
  Shape shape = Shape::kFlat;
};

TypedParams<Options> OptionsParams() {
  return TypedParams<Options>()
      .Integer(&Options::window, "window", 1, 9, 3, "Window.")
      .OptionalInteger(&Options::depth, "depth", 2, 8, 4, "Depth; null = unlimited.")
      .Number(&Options::rate, "rate", 0, 1, 0.5, "Rate.", true)
      .Boolean(&Options::trim, "trim", true, "Trim.")
      .Choice(&Options::shape, "shape", {{"flat", Shape::kFlat}, {"peaked", Shape::kPeaked}},
              "peaked", "Shape.");
}

TEST_CASE("Typed params give the schema and read the resolved values back into fields",
          "[engine][models]") {
  const TypedParams<Options> params = OptionsParams();
  REQUIRE(params.schema().size() == 5);
  CHECK(params.schema()[0].type == ParamType::kInteger);
  CHECK(params.schema()[1].nullable);
  CHECK(params.schema()[2].min_exclusive);
  CHECK(params.schema()[4].allowed_values == std::vector<std::string>{"flat", "peaked"});

  // The defaults, as the API resolves an empty object.
  absl::StatusOr<Params> defaults = ResolveParams("m", params.schema(), {});
  REQUIRE(defaults.ok());
  Options o = params.Read(*defaults);
  CHECK(o.window == 3);
  CHECK(o.depth == 4);
  CHECK(o.rate == 0.5);
  CHECK(o.trim);
  CHECK(o.shape == Shape::kPeaked);

  absl::StatusOr<Params> given = ResolveParams(
      "m", params.schema(),
      {{"window", 7.0}, {"depth", std::monostate{}}, {"trim", false}, {"shape", "flat"}});
  REQUIRE(given.ok());
  o = params.Read(*given);
  CHECK(o.window == 7);
  CHECK(o.depth == std::nullopt);
  CHECK_FALSE(o.trim);
  CHECK(o.shape == Shape::kFlat);
  CHECK_FALSE(ResolveParams("m", params.schema(), {{"rate", 1.0}}).ok());  // exclusive bound
}

TEST_CASE("Every registration is unique and complete", "[engine][models]") {
  std::set<int> orders;
  std::set<std::string> types;
  for (const ModelRegistration& r : ModelRegistrations()) {
    INFO(r.model_type);
    CHECK(orders.insert(r.order).second);
    CHECK(types.insert(r.model_type).second);
    // A model runs by its own forecaster unless it combines others or is not in this build.
    CHECK(static_cast<bool>(r.create) == (r.stage == 0 && r.unavailable_reason.empty()));
    if (r.create) {
      absl::StatusOr<Params> defaults = ValidateParams(r.model_type, {});
      REQUIRE(defaults.ok());
      CHECK(r.create(*defaults) != nullptr);
    }
  }
  CHECK(types.contains("ensemble"));
}

}  // namespace
}  // namespace champion::engine
