#pragma once

// JSON codec (nlohmann_json) for the engine and run value types the run tables keep in JSONB:
// the request (SelectionSpec), params, availability, a candidate's backtest result, the
// settled outcome and the final model. Internal to store/ and its tests.
//
// Non-finite doubles round-trip exactly: they are written as the JSON strings "NaN",
// "Infinity" and "-Infinity" (protobuf's JSON spelling) and read back as quiet NaN / +-inf.
// Wherever a double is expected, those three strings are accepted. Inside Params, where a
// string is a legitimate value, a non-finite number is written as {"number": "NaN"} instead.
// Dates are "YYYY-MM-DD". Enums use their wire names. Decoding never throws: malformed JSON
// gives Internal (the database holds something this build did not write).

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/backtest/backtest.h"
#include "engine/models/params.h"
#include "engine/selection/selection.h"
#include "engine/series/availability.h"
#include "runs/run_types.h"

namespace champion::store {

std::string EncodeParams(const engine::Params& params);
absl::StatusOr<engine::Params> DecodeParams(std::string_view json);

std::string EncodeSelectionSpec(const runs::SelectionSpec& spec);
absl::StatusOr<runs::SelectionSpec> DecodeSelectionSpec(std::string_view json);

std::string EncodeAvailability(const engine::Availability& availability);
absl::StatusOr<engine::Availability> DecodeAvailability(std::string_view json);

std::string EncodeBacktestResult(const engine::BacktestResult& result);
absl::StatusOr<engine::BacktestResult> DecodeBacktestResult(std::string_view json);

std::string EncodeSelectionOutcome(const engine::SelectionOutcome& outcome);
absl::StatusOr<engine::SelectionOutcome> DecodeSelectionOutcome(std::string_view json);

std::string EncodeFinalModel(const runs::FinalModel& model);
absl::StatusOr<runs::FinalModel> DecodeFinalModel(std::string_view json);

}  // namespace champion::store
