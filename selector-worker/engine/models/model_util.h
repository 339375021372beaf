#pragma once

// Small helpers shared by the model implementations (not part of the engine API).

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::engine {

//! InvalidArgument "<model> needs at least <need> points, got <have>" when have < need.
inline absl::Status NeedPoints(const char* model, std::size_t have, std::size_t need,
                               const std::string& why = "") {
  if (have >= need) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(model, " needs at least ", need, " points",
                                                 why.empty() ? "" : " (" + why + ")", ", got ",
                                                 have));
}

//! `value` repeated `steps` times.
inline std::vector<double> Flat(double value, std::size_t steps) {
  return std::vector<double>(steps, value);
}

}  // namespace champion::engine
