#pragma once

// One model = one registration, in the model's own source file:
//
//   CHAMPION_REGISTER_MODEL(croston) {
//     struct Options { CrostonVariant variant = CrostonVariant::kSba; };
//     ModelRegistration r = Facts(...);
//     return WithParams<Options>(std::move(r), TypedParams<Options>().Choice(...),
//                                [](const Options& o) { return std::make_unique<...>(o); });
//   }
//
// The build collects every CHAMPION_REGISTER_MODEL under engine/ (no list to edit), and the
// catalog (model_catalog.h), the forecaster factory (model.h) and the default candidate lists
// are derived from the registrations.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/models/model.h"
#include "engine/models/model_catalog.h"
#include "engine/models/params.h"

namespace champion::engine {

//! Everything the engine knows about one model type.
struct ModelRegistration {
  int order = 0;  //!< Position in the catalog (ascending); unique.
  std::string model_type;
  std::string label;
  ModelFamily family = ModelFamily::kBaseline;
  bool feature_aware = false;
  bool requires_extra = false;
  std::string unavailable_reason;  //!< Empty = available in this build.
  std::string description;
  std::vector<ParamSpec> schema;
  bool default_candidate = false;        //!< Preselected for every pair.
  bool for_intermittent_demand = false;  //!< Preselected for intermittent and lumpy pairs.
  //! A default candidate that assumes demand on most days (ARIMA): not preselected for
  //! intermittent and lumpy pairs, whose preselection takes the intermittent family instead.
  bool assumes_continuous_demand = false;
  int stage = 0;  //!< 0 = runs at once; 1 = once every stage-0 candidate of the run is terminal.
  //! Checks across params beyond the schema (resolved params in); empty = none.
  std::function<absl::Status(const Params&)> check_params;
  //! A fresh forecaster from params resolved against `schema`; empty for a model type with no
  //! forecaster of its own (the ensemble combines others) or unavailable in this build.
  std::function<std::unique_ptr<Forecaster>(const Params&)> create;
};

//! The descriptive part of a registration, in the order a reader scans a catalog row.
inline ModelRegistration Facts(int order, std::string model_type, std::string label,
                               ModelFamily family, std::string description) {
  ModelRegistration r;
  r.order = order;
  r.model_type = std::move(model_type);
  r.label = std::move(label);
  r.family = family;
  r.description = std::move(description);
  return r;
}

//! A model's parameters as the fields of its Options struct: each call adds one ParamSpec
//! (the schema the API validates against) and the code that reads it back into the field.
template <typename Options>
class TypedParams {
 public:
  TypedParams& Integer(int Options::*field, std::string name, int min, int max, int def,
                       std::string description) {
    ParamSpec spec = Bounded(std::move(name), ParamType::kInteger, min, max, def);
    spec.description = std::move(description);
    return Add(std::move(spec), [field](Options& o, const Params& p, const std::string& key) {
      o.*field = GetInt(p, key);
    });
  }

  //! An integer that may be null (what null means goes into `description`).
  TypedParams& OptionalInteger(std::optional<int> Options::*field, std::string name, int min,
                               int max, int def, std::string description) {
    ParamSpec spec = Bounded(std::move(name), ParamType::kInteger, min, max, def);
    spec.nullable = true;
    spec.description = std::move(description);
    return Add(std::move(spec), [field](Options& o, const Params& p, const std::string& key) {
      const std::optional<double> v = GetOptionalNumber(p, key);
      o.*field = v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    });
  }

  //! `exclusive`: both bounds excluded.
  TypedParams& Number(double Options::*field, std::string name, double min, double max, double def,
                      std::string description, bool exclusive = false) {
    ParamSpec spec = Bounded(std::move(name), ParamType::kNumber, min, max, def);
    spec.min_exclusive = exclusive;
    spec.max_exclusive = exclusive;
    spec.description = std::move(description);
    return Add(std::move(spec), [field](Options& o, const Params& p, const std::string& key) {
      o.*field = GetNumber(p, key);
    });
  }

  TypedParams& Boolean(bool Options::*field, std::string name, bool def, std::string description) {
    ParamSpec spec{.name = std::move(name), .type = ParamType::kBoolean};
    spec.default_value = def;
    spec.description = std::move(description);
    return Add(std::move(spec), [field](Options& o, const Params& p, const std::string& key) {
      o.*field = GetBool(p, key);
    });
  }

  //! A string param with a fixed set of values, each mapped to a value of the field's type.
  template <typename Value>
  TypedParams& Choice(Value Options::*field, std::string name,
                      std::vector<std::pair<std::string, Value>> values, std::string def,
                      std::string description) {
    ParamSpec spec{.name = std::move(name), .type = ParamType::kEnum};
    for (const auto& [text, value] : values) spec.allowed_values.push_back(text);
    spec.default_value = std::move(def);
    spec.description = std::move(description);
    return Add(std::move(spec), [field, values = std::move(values)](Options& o, const Params& p,
                                                                    const std::string& key) {
      const std::string& text = GetString(p, key);
      for (const auto& [name, value] : values) {
        if (name == text) o.*field = value;
      }
    });
  }

  //! "Observations per season": the same wording and upper bound for every seasonal model.
  TypedParams& SeasonLength(int Options::*field, int min) {
    return Integer(field, "season_length", min, 365, 7,
                   "Observations per season (7 = weekly seasonality in daily data; 1 = none).");
  }

  //! A param the model reads itself from the resolved Params (no field), e.g. a model list.
  TypedParams& Untyped(ParamSpec spec) {
    return Add(std::move(spec), [](Options&, const Params&, const std::string&) {});
  }

  const std::vector<ParamSpec>& schema() const { return schema_; }

  //! Options from params resolved against schema() (every param present and valid).
  Options Read(const Params& resolved) const {
    Options o;
    for (std::size_t i = 0; i < readers_.size(); ++i) readers_[i](o, resolved, schema_[i].name);
    return o;
  }

 private:
  // Sets one field from the resolved params, given the param's name.
  using Reader = std::function<void(Options&, const Params&, const std::string&)>;

  static ParamSpec Bounded(std::string name, ParamType type, double min, double max, double def) {
    ParamSpec spec{.name = std::move(name), .type = type, .min = min, .max = max};
    spec.default_value = def;
    return spec;
  }

  TypedParams& Add(ParamSpec spec, Reader reader) {
    schema_.push_back(std::move(spec));
    readers_.push_back(std::move(reader));
    return *this;
  }

  std::vector<ParamSpec> schema_;
  std::vector<Reader> readers_;
};

//! Completes `r` with the params of `Options` and the factory `make(const Options&)`.
template <typename Options, typename Make>
ModelRegistration WithParams(ModelRegistration r, TypedParams<Options> params, Make make) {
  r.schema = params.schema();
  r.create = [params = std::move(params), make = std::move(make)](const Params& resolved) {
    return std::unique_ptr<Forecaster>(make(params.Read(resolved)));
  };
  return r;
}

//! Completes `r` for a model without params.
template <typename Make>
ModelRegistration WithoutParams(ModelRegistration r, Make make) {
  r.create = [make = std::move(make)](const Params&) {
    return std::unique_ptr<Forecaster>(make());
  };
  return r;
}

//! Every registration under engine/, sorted by `order`.
const std::vector<ModelRegistration>& ModelRegistrations();

}  // namespace champion::engine

//! Defines the registration function of one model type; the build finds it by this macro.
#define CHAMPION_REGISTER_MODEL(model_type) \
  ::champion::engine::ModelRegistration ChampionRegisterModel_##model_type()
