#pragma once

// Model parameters as a small, ordered variant map, and the schema that checks them.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::engine {

//! One parameter value: null, number (JSON numbers, integers included), bool, string or a
//! list of strings. std::monostate is JSON null.
using ParamValue =
    std::variant<std::monostate, double, bool, std::string, std::vector<std::string>>;

//! Parameters by name. Ordered so iteration (and anything rendered from it) is deterministic.
using Params = std::map<std::string, ParamValue, std::less<>>;

enum class ParamType { kInteger, kNumber, kBoolean, kEnum, kModelList };

//! Wire name of a param type: "integer", "number", "boolean", "enum", "model_list".
const char* ParamTypeName(ParamType type);

//! The schema of one parameter. Bounds apply to integer and number params only.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kNumber;
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::vector<std::string> allowed_values;  //!< kEnum: the accepted strings.
  ParamValue default_value;
  bool nullable = false;  //!< true: JSON null is accepted (and means what `description` says).
  std::string description;
};

//! Checks `params` against `schema` and returns them with every missing param set to its
//! default. InvalidArgument (message names `owner`, e.g. "moving_average") on an unknown
//! param, a wrong type, a non-integer for an integer, an out-of-bounds value, a string not
//! in allowed_values, or null for a non-nullable param. kModelList values are only checked
//! to be lists of strings here; the catalog checks the names.
absl::StatusOr<Params> ResolveParams(const std::string& owner, const std::vector<ParamSpec>& schema,
                                     const Params& params);

//! Human-readable rendering of a value ("null", "7", "0.5", "true", "\"linear\"",
//! "[\"naive\", \"ses\"]"). Deterministic; used in messages and summaries.
std::string ParamValueToString(const ParamValue& value);

// Typed accessors for params already resolved against their schema. Reading a missing
// param or one of another type is a programming error (the schema guarantees both), so
// these assert instead of returning a Status.
double GetNumber(const Params& params, const std::string& name);
int GetInt(const Params& params, const std::string& name);
bool GetBool(const Params& params, const std::string& name);
const std::string& GetString(const Params& params, const std::string& name);
//! nullopt when the value is null.
std::optional<double> GetOptionalNumber(const Params& params, const std::string& name);
//! nullopt when the value is null.
std::optional<std::vector<std::string>> GetOptionalStringList(const Params& params,
                                                              const std::string& name);

}  // namespace champion::engine
