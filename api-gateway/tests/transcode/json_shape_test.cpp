#include "transcode/json_shape.h"

#include <catch2/catch.hpp>

#include "champion/v1/selection.pb.h"

namespace champion::gateway {
namespace {

std::string ShapeError(const std::string& text) {
  const absl::Status status =
      CheckJsonShape(text, *champion::v1::RunSelectionRequest::descriptor());
  INFO(text);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  return std::string(status.message());
}

bool ShapeOk(const std::string& text) {
  return CheckJsonShape(text, *champion::v1::RunSelectionRequest::descriptor()).ok();
}

}  // namespace

TEST_CASE("A repeated field must be a JSON array", "[unit][transcode]") {
  CHECK_THAT(ShapeError(R"({"candidate_models":{"model_type":"naive"}})"),
             Catch::Equals("field \"candidate_models\" must be a JSON array, not an object"));
  CHECK_THAT(ShapeError(R"({"featureGroups":"calendar"})"),
             Catch::Equals("field \"featureGroups\" must be a JSON array, not a string"));
  CHECK_THAT(ShapeError(R"({"feature_groups":7})"), Catch::Contains("not a number"));
  CHECK(ShapeOk(R"({"candidate_models":[{"model_type":"naive"}],"feature_groups":[]})"));
  CHECK(ShapeOk(R"({"candidate_models":null})"));  // null is the default, as in protobuf
}

TEST_CASE("Messages must be objects and single fields single values", "[unit][transcode]") {
  CHECK_THAT(ShapeError(R"({"candidate_models":["naive"]})"),
             Catch::Equals("field \"candidate_models[0]\" must be a JSON object, not a string"));
  CHECK_THAT(ShapeError(R"({"split_config":[{"n_splits":3}]})"),
             Catch::Equals("field \"split_config\" must be a JSON object, not an array"));
  CHECK_THAT(ShapeError(R"({"store_id":[1]})"),
             Catch::Equals("field \"store_id\" must be a single value, not an array"));
  CHECK_THAT(ShapeError(R"({"candidate_models":[{"model_type":{"a":1}}]})"),
             Catch::Contains("candidate_models[0].model_type"));
  CHECK_THAT(ShapeError(R"({"split_config":{"n_splits":[3]}})"),
             Catch::Contains("\"split_config.n_splits\""));
  // Well-known types keep their own JSON forms (Struct is any object).
  CHECK(ShapeOk(R"({"candidate_models":[{"model_type":"naive","params":{"k":[1,2]}}]})"));
  // Unknown fields are left to the parser, which names them.
  CHECK(ShapeOk(R"({"bogus":[1]})"));
}

TEST_CASE("Syntax errors and list positions are reported", "[unit][transcode]") {
  CHECK_THAT(ShapeError(R"({"store_id":)"), Catch::Equals("request body is not valid JSON"));
  CHECK_THAT(ShapeError("[1]"), Catch::Equals("request body must be a JSON object"));
  // Skipped subtrees (unknown keys, Struct) may hold anything, at any depth.
  CHECK(ShapeOk(R"({"bogus":{"a":[{"b":[[]]}]},"store_id":1})"));
  CHECK(ShapeOk(R"({"candidate_models":[{"params":{"a":{"b":[1]}}},{"model_type":"x"}]})"));
  std::string deep = R"({"candidate_models":[)";
  for (int i = 0; i < 3; ++i) deep += R"({"model_type":"a"},)";
  deep += R"({"model_type":[1]}]})";
  CHECK_THAT(ShapeError(deep), Catch::Contains("candidate_models[3].model_type"));
}

}  // namespace champion::gateway
