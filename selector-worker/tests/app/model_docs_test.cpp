#include "app/model_docs.h"

#include <catch2/catch.hpp>

#include "engine/models/model_catalog.h"

namespace champion::app {
namespace {

using Catch::Matchers::Contains;

TEST_CASE("The model reference has a row and a section per catalog model", "[app]") {
  const std::string doc = CatalogMarkdown();
  for (const engine::ModelInfo& m : engine::ModelCatalog()) {
    INFO(m.model_type);
    CHECK_THAT(doc, Contains("| `" + m.model_type + "` | " + m.label + " |"));
    CHECK_THAT(doc, Contains("\n## " + m.model_type + "\n"));
    for (const engine::ParamSpec& p : m.param_schema)
      CHECK_THAT(doc, Contains("| `" + p.name + "` |"));
  }
  CHECK_THAT(doc, Contains("| `naive` | Naive | baseline | every pair | yes |"));
  CHECK_THAT(doc, Contains("| intermittent and lumpy pairs | yes |"));
  CHECK_THAT(doc, Contains("| `auto_arima` | Automatic ARIMA | statistical | smooth and erratic "
                           "pairs | yes |"));
  CHECK_THAT(doc, Contains("no: LightGBM is not available in this build"));
  CHECK_THAT(doc, Contains("| `window_size` | integer | [1, 90] | `7` |"));
  CHECK_THAT(doc,
             Contains("| `variant` | enum | `classic`, `sba`, `tsb`, `optimized` | `\"sba\"` |"));
  CHECK_THAT(doc, Contains("| `max_depth` | integer, nullable | [2, 64] | `10` |"));
}

}  // namespace
}  // namespace champion::app
