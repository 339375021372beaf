#include "engine/models/params.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace champion::engine {
namespace {

std::string FormatNumber(double value) {
  // %.17g round-trips but prints 0.10000000000000001; %g with enough digits is stable and
  // short for the values users type.
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", value);
  return buf;
}

std::string BoundsText(const ParamSpec& spec) {
  std::string lo = spec.min ? FormatNumber(*spec.min) : "-inf";
  std::string hi = spec.max ? FormatNumber(*spec.max) : "inf";
  return absl::StrCat(spec.min_exclusive || !spec.min ? "(" : "[", lo, ", ", hi,
                      spec.max_exclusive || !spec.max ? ")" : "]");
}

bool InBounds(const ParamSpec& spec, double v) {
  if (spec.min && (spec.min_exclusive ? !(v > *spec.min) : !(v >= *spec.min))) return false;
  if (spec.max && (spec.max_exclusive ? !(v < *spec.max) : !(v <= *spec.max))) return false;
  return true;
}

absl::Status Invalid(const std::string& owner, const ParamSpec& spec, const std::string& what,
                     const ParamValue& got) {
  return absl::InvalidArgumentError(
      absl::StrCat(owner, ": param '", spec.name, "' ", what, ", got ", ParamValueToString(got)));
}

absl::Status CheckValue(const std::string& owner, const ParamSpec& spec, const ParamValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    return spec.nullable ? absl::OkStatus() : Invalid(owner, spec, "must not be null", v);
  }
  switch (spec.type) {
    case ParamType::kInteger:
    case ParamType::kNumber: {
      const double* d = std::get_if<double>(&v);
      const bool integer = spec.type == ParamType::kInteger;
      if (d == nullptr || !std::isfinite(*d)) {
        return Invalid(owner, spec, integer ? "must be an integer" : "must be a finite number", v);
      }
      if (integer && std::floor(*d) != *d) return Invalid(owner, spec, "must be an integer", v);
      if (!InBounds(spec, *d)) return Invalid(owner, spec, "must be in " + BoundsText(spec), v);
      return absl::OkStatus();
    }
    case ParamType::kBoolean:
      return std::holds_alternative<bool>(v) ? absl::OkStatus()
                                             : Invalid(owner, spec, "must be a boolean", v);
    case ParamType::kEnum: {
      const std::string* s = std::get_if<std::string>(&v);
      const std::string allowed = absl::StrJoin(spec.allowed_values, ", ");
      if (s == nullptr) return Invalid(owner, spec, "must be one of " + allowed, v);
      for (const std::string& a : spec.allowed_values) {
        if (a == *s) return absl::OkStatus();
      }
      return Invalid(owner, spec, "must be one of " + allowed, v);
    }
    case ParamType::kModelList:
      return std::holds_alternative<std::vector<std::string>>(v)
                 ? absl::OkStatus()
                 : Invalid(owner, spec, "must be a list of model types", v);
  }
  return absl::InternalError("unhandled param type");
}

template <typename T>
const T& GetAs(const Params& params, const std::string& name) {
  auto it = params.find(name);
  // Resolved params always hold every schema param with its schema type.
  assert(it != params.end() && std::holds_alternative<T>(it->second));
  return std::get<T>(it->second);
}

}  // namespace

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kInteger:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kBoolean:
      return "boolean";
    case ParamType::kEnum:
      return "enum";
    case ParamType::kModelList:
      return "model_list";
  }
  return "unknown";
}

absl::StatusOr<Params> ResolveParams(const std::string& owner, const std::vector<ParamSpec>& schema,
                                     const Params& params) {
  for (const auto& [name, value] : params) {
    bool known = false;
    for (const ParamSpec& spec : schema) known = known || spec.name == name;
    if (!known) {
      std::vector<std::string> names;
      for (const ParamSpec& spec : schema) names.push_back(spec.name);
      return absl::InvalidArgumentError(absl::StrCat(
          owner, ": unknown param '", name, "'",
          names.empty() ? " (this model takes no params)"
                        : absl::StrCat(" (accepted: ", absl::StrJoin(names, ", "), ")")));
    }
  }
  Params resolved;
  for (const ParamSpec& spec : schema) {
    auto it = params.find(spec.name);
    const ParamValue& value = it == params.end() ? spec.default_value : it->second;
    if (absl::Status s = CheckValue(owner, spec, value); !s.ok()) return s;
    resolved.emplace(spec.name, value);
  }
  return resolved;
}

std::string ParamValueToString(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "null";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatNumber(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return absl::StrCat("\"", v, "\"");
        } else {
          std::vector<std::string> quoted;
          for (const std::string& s : v) quoted.push_back(absl::StrCat("\"", s, "\""));
          return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
        }
      },
      value);
}

double GetNumber(const Params& params, const std::string& name) {
  return GetAs<double>(params, name);
}

int GetInt(const Params& params, const std::string& name) {
  return static_cast<int>(GetAs<double>(params, name));
}

bool GetBool(const Params& params, const std::string& name) { return GetAs<bool>(params, name); }

const std::string& GetString(const Params& params, const std::string& name) {
  return GetAs<std::string>(params, name);
}

std::optional<double> GetOptionalNumber(const Params& params, const std::string& name) {
  auto it = params.find(name);
  if (it == params.end() || std::holds_alternative<std::monostate>(it->second)) return std::nullopt;
  return GetAs<double>(params, name);
}

std::optional<std::vector<std::string>> GetOptionalStringList(const Params& params,
                                                              const std::string& name) {
  auto it = params.find(name);
  if (it == params.end() || std::holds_alternative<std::monostate>(it->second)) return std::nullopt;
  return GetAs<std::vector<std::string>>(params, name);
}

}  // namespace champion::engine
