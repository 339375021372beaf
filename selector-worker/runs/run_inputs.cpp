#include "runs/run_inputs.h"

#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "engine/backtest/splitter.h"
#include "engine/models/model_catalog.h"
#include "engine/series/availability.h"
#include "store/engine_json.h"

namespace champion::runs {
namespace {

std::vector<engine::SalesRow> ToEngineRows(const std::vector<store::SalesRow>& rows) {
  std::vector<engine::SalesRow> out;
  out.reserve(rows.size());
  for (const store::SalesRow& r : rows) {
    out.push_back({r.date, r.quantity, r.unit_price, r.promo_active, r.is_holiday});
  }
  return out;
}

// Folds the backtest will make on the window (the splitter's count), or n_splits when the
// window cannot be split (the candidate will fail with the reason).
int PlannedFolds(const std::vector<engine::SalesRow>& rows, const SelectionSpec& spec) {
  if (!spec.window_start || !spec.window_end) return spec.split.n_splits;
  engine::SeriesOptions options{*spec.window_start, *spec.window_end, spec.fill_missing,
                                std::nullopt};
  absl::StatusOr<engine::Series> series = engine::PrepareSeries(rows, options);
  if (!series.ok()) return spec.split.n_splits;
  absl::StatusOr<std::vector<engine::Fold>> folds = engine::MakeFolds(series->size(), spec.split);
  return folds.ok() ? static_cast<int>(folds->size()) : spec.split.n_splits;
}

}  // namespace

absl::StatusOr<store::NewRun> PrepareRun(const SelectionSpec& spec, store::SalesRepository& sales,
                                         const std::string& selection_id) {
  ASSIGN_OR_RETURN(std::vector<store::SalesRow> all,
                   sales.GetSales({spec.store_id, spec.product_id, std::nullopt, std::nullopt}));
  const std::vector<engine::SalesRow> rows = ToEngineRows(all);
  ASSIGN_OR_RETURN(
      engine::Availability availability,
      engine::ComputeAvailability(rows, {.forecast_horizon = spec.forecast_horizon,
                                         .n_splits = spec.split.n_splits,
                                         .min_train_size = spec.split.min_train_size}));
  store::NewRun run;
  run.selection_id = selection_id;
  run.spec = spec;
  run.fingerprint = store::EncodeSelectionSpec(spec);
  if (!run.spec.window_end) run.spec.window_end = availability.last_date;
  if (!run.spec.window_start) {
    run.spec.window_start = availability.first_date;
    // A default window keeps the most recent kMaxSeriesDays of a longer history.
    if (run.spec.window_start && run.spec.window_end &&
        *run.spec.window_end - *run.spec.window_start + 1 > engine::kMaxSeriesDays) {
      run.spec.window_start = *run.spec.window_end - (engine::kMaxSeriesDays - 1);
    }
  } else if (run.spec.window_end &&
             *run.spec.window_end - *run.spec.window_start + 1 > engine::kMaxSeriesDays) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the selection window spans ", *run.spec.window_end - *run.spec.window_start + 1,
        " days; at most ", engine::kMaxSeriesDays, " (about ten years) can be backtested"));
  }
  if (availability.status == engine::AvailabilityStatus::kUnusable) {
    run.failure_message =
        absl::StrCat("store ", spec.store_id, " / product ", spec.product_id,
                     " has too little data for a model selection: ", availability.reason);
  } else {
    const int folds = PlannedFolds(rows, run.spec);
    run.folds_total.assign(spec.candidates.size(), folds);
    for (const CandidateSpec& c : spec.candidates) {
      run.stages.push_back(engine::CandidateStage(c.model_type));
    }
  }
  run.availability = std::move(availability);
  return run;
}

absl::StatusOr<engine::Series> LoadSeries(const SelectionSpec& spec, store::SalesRepository& sales,
                                          store::CatalogRepository& catalog) {
  if (!spec.window_start || !spec.window_end) {
    return absl::InvalidArgumentError("the pair has no sales rows (empty window)");
  }
  ASSIGN_OR_RETURN(
      std::vector<store::SalesRow> rows,
      sales.GetSales({spec.store_id, spec.product_id, spec.window_start, spec.window_end}));
  ASSIGN_OR_RETURN(store::Product product, catalog.GetProduct(spec.product_id));
  const std::vector<engine::SalesRow> engine_rows = ToEngineRows(rows);
  return engine::PrepareSeries(
      engine_rows, {*spec.window_start, *spec.window_end, spec.fill_missing, product.launch_date});
}

SeriesSource SeriesFrom(store::SalesRepository& sales, store::CatalogRepository& catalog) {
  return [&sales, &catalog](const SelectionSpec& spec) { return LoadSeries(spec, sales, catalog); };
}

std::string NewSelectionId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x%016x", rng(), rng());
}

}  // namespace champion::runs
