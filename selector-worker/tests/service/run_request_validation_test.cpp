#include "service/run_request_validation.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "common/status_codes.h"
#include "engine/models/model_catalog.h"

namespace champion::service {
namespace {

namespace v1 = champion::v1;

v1::RunSelectionRequest ValidRequest() {
  v1::RunSelectionRequest r;
  r.set_store_id(1);
  r.set_product_id(2);
  r.set_forecast_horizon(14);
  auto* c = r.add_candidate_models();
  c->set_model_type("moving_average");
  (*c->mutable_params()->mutable_fields())["window_size"].set_number_value(5);
  r.add_candidate_models()->set_model_type("naive");
  return r;
}

std::vector<std::string> Fields(const absl::StatusOr<runs::SelectionSpec>& result) {
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.status().code() == absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(result.status())) fields.push_back(v.field);
  return fields;
}

TEST_CASE("A valid run request resolves every default", "[service]") {
  const auto spec = ValidateRunRequest(ValidRequest());
  REQUIRE(spec.ok());
  CHECK(spec->split.n_splits == 5);
  CHECK(spec->split.min_train_size == 30);
  CHECK(spec->split.gap == 0);
  CHECK(spec->split.horizon == 14);
  CHECK(spec->split.strategy == engine::SplitStrategy::kExpanding);
  CHECK(spec->ranking_metric == engine::RankingMetric::kWape);
  CHECK(spec->feature_frame_version == 1);
  CHECK(spec->policy.high_confidence_rel_improvement == 0.10);
  CHECK_FALSE(spec->window_start.has_value());
  CHECK(spec->quantile_levels == std::vector<double>{0.1, 0.5, 0.9});
  REQUIRE(spec->candidates.size() == 2);
  CHECK(std::get<double>(spec->candidates[0].params.at("window_size")) == 5);
}

TEST_CASE("Every pair's preselected candidates make a valid run request", "[service]") {
  for (engine::DemandPattern pattern :
       {engine::DemandPattern::kSmooth, engine::DemandPattern::kErratic,
        engine::DemandPattern::kIntermittent, engine::DemandPattern::kLumpy,
        engine::DemandPattern::kNoDemand}) {
    v1::RunSelectionRequest r = ValidRequest();
    r.clear_candidate_models();
    for (const std::string& type : engine::RecommendedCandidateModelTypes(pattern)) {
      r.add_candidate_models()->set_model_type(type);
    }
    INFO(engine::DemandPatternName(pattern));
    CHECK(r.candidate_models_size() <= kMaxCandidates);
    CHECK(ValidateRunRequest(r).ok());
  }
}

TEST_CASE("Bad params are not a request error: they fail the candidate later", "[service]") {
  auto r = ValidRequest();
  (*r.mutable_candidate_models(0)->mutable_params()->mutable_fields())["window_size"]
      .set_number_value(1000);
  r.mutable_candidate_models(1)->set_model_type("no_such_model");
  CHECK(ValidateRunRequest(r).ok());
}

TEST_CASE("Each request-level rule is a field violation", "[service]") {
  SECTION("horizon mismatch") {
    auto r = ValidRequest();
    r.mutable_split_config()->set_horizon(7);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"split_config.horizon"});
  }
  SECTION("auto_predict without auto_train_winner") {
    auto r = ValidRequest();
    r.set_auto_predict(true);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"auto_predict"});
  }
  SECTION("quantile levels: at most 9, within [0.01, 0.99], distinct") {
    auto r = ValidRequest();
    for (double level : {0.95, 0.05, 0.5}) r.add_quantile_levels(level);
    auto spec = ValidateRunRequest(r);
    REQUIRE(spec.ok());
    CHECK(spec->quantile_levels == std::vector<double>{0.05, 0.5, 0.95});  // kept increasing
    for (double bad : {0.0, 1.0, 0.005, -0.2, std::nan("")}) {
      auto b = ValidRequest();
      b.add_quantile_levels(0.5);
      b.add_quantile_levels(bad);
      CHECK(Fields(ValidateRunRequest(b)) == std::vector<std::string>{"quantile_levels"});
    }
    r.add_quantile_levels(0.5);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"quantile_levels"});
    auto many = ValidRequest();
    for (int i = 1; i <= 10; ++i) many.add_quantile_levels(i / 11.0);
    CHECK(Fields(ValidateRunRequest(many)) == std::vector<std::string>{"quantile_levels"});
  }
  SECTION("feature_groups with version 1") {
    auto r = ValidRequest();
    r.add_feature_groups("calendar");
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"feature_groups"});
    r.set_feature_frame_version(2);
    CHECK(ValidateRunRequest(r).ok());
  }
  SECTION("inverted window") {
    auto r = ValidRequest();
    r.mutable_selection_window()->set_start_date("2025-03-01");
    r.mutable_selection_window()->set_end_date("2025-02-01");
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"selection_window.end_date"});
  }
  SECTION("zero candidates") {
    auto r = ValidRequest();
    r.clear_candidate_models();
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"candidate_models"});
  }
  SECTION("eleven candidates") {
    auto r = ValidRequest();
    for (int i = 0; i < 9; ++i) r.add_candidate_models()->set_model_type("naive");
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"candidate_models"});
  }
  SECTION("gap not below horizon, bad bounds, ids") {
    auto r = ValidRequest();
    r.set_store_id(0);
    r.set_forecast_horizon(91);
    r.mutable_split_config()->set_n_splits(1);
    r.mutable_split_config()->set_min_train_size(6);
    r.mutable_ranking_policy()->set_high_confidence_rel_improvement(1.5);
    CHECK(Fields(ValidateRunRequest(r)) ==
          std::vector<std::string>{"store_id", "forecast_horizon", "split_config.n_splits",
                                   "split_config.min_train_size",
                                   "ranking_policy.high_confidence_rel_improvement"});
  }
  SECTION("missing required fields say so, and only they are reported") {
    v1::RunSelectionRequest empty;
    const absl::Status status = ValidateRunRequest(empty).status();
    const std::vector<FieldViolation> violations = GetFieldViolations(status);
    std::vector<std::string> fields, descriptions;
    for (const FieldViolation& v : violations) {
      fields.push_back(v.field);
      descriptions.push_back(v.description);
    }
    // horizon 0 is no reason to complain about the gap the request did not set.
    CHECK(fields == std::vector<std::string>{"store_id", "product_id", "forecast_horizon",
                                             "candidate_models"});
    CHECK(descriptions == std::vector<std::string>(4, "is required"));
    auto r = ValidRequest();
    r.set_store_id(-3);
    r.set_forecast_horizon(0);
    r.mutable_split_config()->set_horizon(14);
    const std::vector<FieldViolation> negative = GetFieldViolations(ValidateRunRequest(r).status());
    REQUIRE(negative.size() == 2);
    CHECK(negative[0].field == "store_id");
    CHECK(negative[0].description == "must be >= 1 (got -3)");
    CHECK(negative[1].field == "forecast_horizon");
  }
  SECTION("a bad date names its field once") {
    auto r = ValidRequest();
    r.mutable_selection_window()->set_start_date("2026-13-01");
    const std::vector<FieldViolation> v = GetFieldViolations(ValidateRunRequest(r).status());
    REQUIRE(v.size() == 1);
    CHECK(v[0].field == "selection_window.start_date");
    CHECK(v[0].description.find("selection_window") == std::string::npos);
    CHECK(v[0].description.find("2026-13-01") != std::string::npos);
  }
  SECTION("gap equal to the horizon") {
    auto r = ValidRequest();
    r.set_forecast_horizon(5);
    r.mutable_split_config()->set_gap(5);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"split_config.gap"});
  }
  SECTION("nested object params") {
    auto r = ValidRequest();
    (*r.mutable_candidate_models(1)->mutable_params()->mutable_fields())["x"]
        .mutable_struct_value();
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"candidate_models[1].params"});
  }
  SECTION("the same candidate twice") {
    auto r = ValidRequest();
    auto* again = r.add_candidate_models();
    again->set_model_type("moving_average");
    (*again->mutable_params()->mutable_fields())["window_size"].set_number_value(5);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"candidate_models[2]"});
    (*again->mutable_params()->mutable_fields())["window_size"].set_number_value(7);
    CHECK(ValidateRunRequest(r).ok());  // other params: another candidate
  }
  SECTION("request_id with a NUL byte, or too long") {
    auto r = ValidRequest();
    r.set_request_id(std::string("abc\0def", 7));
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"request_id"});
    r.set_request_id(std::string(129, 'k'));
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"request_id"});
    r.set_request_id(std::string(128, 'k'));
    CHECK(ValidateRunRequest(r).ok());
  }
  SECTION("oversized model types, params and feature groups") {
    auto r = ValidRequest();
    r.mutable_candidate_models(1)->set_model_type(std::string(100000, 'x'));
    auto* fields = r.mutable_candidate_models(0)->mutable_params()->mutable_fields();
    (*fields)["label"].set_string_value(std::string(300, 'y'));
    r.set_feature_frame_version(2);
    for (int i = 0; i < 17; ++i) r.add_feature_groups("calendar");
    const auto result = ValidateRunRequest(r);
    CHECK(Fields(result) == std::vector<std::string>{"feature_groups",
                                                     "candidate_models[0].params.label",
                                                     "candidate_models[1].model_type"});
    CHECK(result.status().message().size() < 600);  // long values are not echoed whole
  }
  SECTION("too many params") {
    auto r = ValidRequest();
    auto* fields = r.mutable_candidate_models(1)->mutable_params()->mutable_fields();
    for (int i = 0; i < 33; ++i) (*fields)["p" + std::to_string(i)].set_number_value(i);
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"candidate_models[1].params"});
  }
  SECTION("unknown enum number") {
    auto r = ValidRequest();
    r.set_ranking_metric(static_cast<v1::RankingMetric>(42));
    CHECK(Fields(ValidateRunRequest(r)) == std::vector<std::string>{"ranking_metric"});
  }
}

}  // namespace
}  // namespace champion::service
