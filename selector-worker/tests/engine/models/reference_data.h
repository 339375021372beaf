#pragma once

// Readers for the R `forecast` reference files in tests/engine/reference/ (written by
// tools/r-reference/generate.R): <name>.series and <name>.expected.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifndef CHAMPION_ENGINE_REFERENCE_DIR
#error "CHAMPION_ENGINE_REFERENCE_DIR must name tests/engine/reference"
#endif

namespace champion::engine::testing {

//! One reference series: all values (train then test), its frequency and the hold-out size.
struct ReferenceSeries {
  std::string name;
  int frequency = 1;
  int horizon = 0;
  std::vector<double> values;

  std::vector<double> Train() const { return {values.begin(), values.end() - horizon}; }
  std::vector<double> Test() const { return {values.end() - horizon, values.end()}; }
};

//! Key -> whitespace-separated values of a .expected file ("NA" -> NaN).
struct ReferenceExpected {
  std::map<std::string, std::vector<std::string>> fields;

  std::string Text(const std::string& key) const { return fields.at(key).at(0); }
  double Number(const std::string& key) const { return Parse(fields.at(key).at(0)); }
  std::vector<double> Numbers(const std::string& key) const {
    std::vector<double> out;
    for (const std::string& v : fields.at(key)) out.push_back(Parse(v));
    return out;
  }
  static double Parse(const std::string& v) { return v == "NA" ? NAN : std::stod(v); }
};

inline std::filesystem::path ReferenceDir() { return CHAMPION_ENGINE_REFERENCE_DIR; }

//! Names of every <name>.series in the reference directory, sorted.
inline std::vector<std::string> ReferenceNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(ReferenceDir())) {
    if (entry.path().extension() == ".series") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline ReferenceSeries ReadSeries(const std::string& name) {
  std::ifstream in(ReferenceDir() / (name + ".series"));
  ReferenceSeries s{.name = name};
  std::string line;
  bool in_values = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (in_values) {
      s.values.push_back(std::stod(key));
    } else if (key == "frequency") {
      words >> s.frequency;
    } else if (key == "horizon") {
      words >> s.horizon;
    } else if (key == "values") {
      in_values = true;
    }
  }
  return s;
}

inline ReferenceExpected ReadExpected(const std::string& name) {
  std::ifstream in(ReferenceDir() / (name + ".expected"));
  ReferenceExpected e;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    std::string value;
    while (words >> value) e.fields[key].push_back(value);
  }
  return e;
}

}  // namespace champion::engine::testing
