#pragma once

// Reader for the daily reference series with several seasonal periods (tools/r-reference:
// <name>.msts, a .series file with a `seasonal_periods` line).

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/models/reference_data.h"

namespace champion::engine::testing {

struct MstsSeries {
  ReferenceSeries series;
  std::vector<int> periods;
};

//! The synthesised daily series of generate.R.
inline std::vector<std::string> MstsNames() { return {"daily_grocery", "daily_retail"}; }

inline MstsSeries ReadMsts(const std::string& name) {
  std::ifstream in(ReferenceDir() / (name + ".msts"));
  MstsSeries out;
  out.series.name = name;
  std::string line;
  bool in_values = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (in_values) {
      out.series.values.push_back(std::stod(key));
    } else if (key == "frequency") {
      words >> out.series.frequency;
    } else if (key == "horizon") {
      words >> out.series.horizon;
    } else if (key == "seasonal_periods") {
      for (int p; words >> p;) out.periods.push_back(p);
    } else if (key == "values") {
      in_values = true;
    }
  }
  return out;
}

}  // namespace champion::engine::testing
