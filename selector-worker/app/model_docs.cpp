#include "app/model_docs.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/models/model_catalog.h"

namespace champion::app {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string Range(const engine::ParamSpec& spec) {
  if (spec.type == engine::ParamType::kEnum) {
    return absl::StrCat("`", absl::StrJoin(spec.allowed_values, "`, `"), "`");
  }
  if (!spec.min && !spec.max) return "";
  return absl::StrCat(spec.min_exclusive ? "(" : "[",
                      spec.min ? engine::ParamValueToString(*spec.min) : "-inf", ", ",
                      spec.max ? engine::ParamValueToString(*spec.max) : "inf",
                      spec.max_exclusive ? ")" : "]");
}

std::string Preselected(const engine::ModelInfo& m, const std::vector<std::string>& smooth,
                        const std::vector<std::string>& intermittent) {
  const bool for_smooth = Contains(smooth, m.model_type);
  const bool for_intermittent = Contains(intermittent, m.model_type);
  if (for_smooth && for_intermittent) return "every pair";
  if (for_smooth) return "smooth and erratic pairs";
  if (for_intermittent) return "intermittent and lumpy pairs";
  return "no";
}

}  // namespace

std::string CatalogMarkdown() {
  const std::vector<std::string> smooth =
      engine::RecommendedCandidateModelTypes(engine::DemandPattern::kSmooth);
  const std::vector<std::string> intermittent =
      engine::RecommendedCandidateModelTypes(engine::DemandPattern::kIntermittent);
  std::string out =
      "# Models\n\n"
      "Every model a run can backtest, as `ListModels` serves it. Generated from the models'\n"
      "registrations (`selector-worker/engine/models/`) by `selector-worker models`; a test\n"
      "fails when this file is not current.\n\n"
      "| model_type | label | family | preselected for | available |\n"
      "|---|---|---|---|---|\n";
  for (const engine::ModelInfo& m : engine::ModelCatalog()) {
    absl::StrAppend(&out, "| `", m.model_type, "` | ", m.label, " | ",
                    engine::ModelFamilyName(m.family), " | ", Preselected(m, smooth, intermittent),
                    " | ", m.available ? "yes" : absl::StrCat("no: ", m.unavailable_reason),
                    " |\n");
  }
  for (const engine::ModelInfo& m : engine::ModelCatalog()) {
    absl::StrAppend(&out, "\n## ", m.model_type, "\n\n", m.label, ". ", m.description, "\n");
    if (m.feature_aware) {
      absl::StrAppend(&out,
                      "\nUses the feature frame (lags, calendar, price, promotion), so it has no "
                      "forecast past the window without future features.\n");
    }
    if (m.stage > 0) {
      absl::StrAppend(&out, "\nRuns once the run's other candidates are terminal.\n");
    }
    if (m.param_schema.empty()) {
      absl::StrAppend(&out, "\nNo params.\n");
      continue;
    }
    absl::StrAppend(&out, "\n| param | type | values | default | description |\n",
                    "|---|---|---|---|---|\n");
    for (const engine::ParamSpec& p : m.param_schema) {
      absl::StrAppend(&out, "| `", p.name, "` | ", engine::ParamTypeName(p.type),
                      p.nullable ? ", nullable" : "", " | ", Range(p), " | `",
                      engine::ParamValueToString(p.default_value), "` | ", p.description, " |\n");
    }
  }
  return out;
}

}  // namespace champion::app
