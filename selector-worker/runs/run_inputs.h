#pragma once

// What a run reads from the catalog before and while it executes: the submit-time checks
// (availability, window, planned folds) and the series a candidate backtests.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/series/series.h"
#include "runs/run_types.h"
#include "store/catalog_repository.h"
#include "store/run_repository.h"
#include "store/sales_repository.h"

namespace champion::runs {

//! The run row to insert for `spec`: availability over all the pair's rows (the spec's
//! horizon, n_splits, min_train), the window resolved (absent ends take the first / last
//! observed day), planned folds per candidate; an unusable pair gives failure_message.
//! Errors: NotFound (unknown store or product), InvalidArgument, Unavailable.
absl::StatusOr<store::NewRun> PrepareRun(const SelectionSpec& spec, store::SalesRepository& sales,
                                         const std::string& selection_id);

//! The series of a run: the window's rows (with promotions and holidays), fill_missing, and
//! the product's launch date. InvalidArgument for an empty window (the candidate's failure).
absl::StatusOr<engine::Series> LoadSeries(const SelectionSpec& spec, store::SalesRepository& sales,
                                          store::CatalogRepository& catalog);

//! Where a run's series comes from (the champion's refit at settle reads it through this).
using SeriesSource = std::function<absl::StatusOr<engine::Series>(const SelectionSpec&)>;

//! LoadSeries over `sales` and `catalog` (which must outlive it).
SeriesSource SeriesFrom(store::SalesRepository& sales, store::CatalogRepository& catalog);

//! A fresh 32-lowercase-hex selection id (128 random bits).
std::string NewSelectionId();

}  // namespace champion::runs
