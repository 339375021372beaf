#pragma once

// In-memory SalesRepository for service tests. Known pairs are the keys of `series`.

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/sales_repository.h"

namespace champion::fakes {

class FakeSalesRepository : public store::SalesRepository {
 public:
  std::map<std::pair<int64_t, int64_t>, std::vector<store::SalesRow>> series;
  //! Every ImportSales call's rows, in call order.
  std::vector<std::vector<ingest::SalesCsvRow>> imports;
  //! When set, ImportSales fails with it.
  absl::Status import_error;

  absl::StatusOr<std::vector<store::SalesRow>> GetSales(const store::SalesQuery& q) override {
    const auto it = series.find({q.store_id, q.product_id});
    if (it == series.end())
      return absl::NotFoundError(absl::StrCat("store ", q.store_id, " not found"));
    std::vector<store::SalesRow> out;
    for (const auto& row : it->second) {
      if (q.start_date && row.date < *q.start_date) continue;
      if (q.end_date && row.date > *q.end_date) continue;
      if (q.limit && static_cast<int>(out.size()) >= *q.limit) break;
      out.push_back(row);
    }
    return out;
  }

  absl::StatusOr<store::ImportResult> ImportSales(
      absl::Span<const ingest::SalesCsvRow> rows, bool create_missing,
      const std::function<bool()>& may_commit) override {
    if (!import_error.ok()) return import_error;
    if (may_commit && !may_commit()) {
      return absl::CancelledError("the import was abandoned by its caller");
    }
    imports.emplace_back(rows.begin(), rows.end());
    last_create_missing = create_missing;
    return store::ImportResult{.rows_total = static_cast<int64_t>(rows.size()),
                               .rows_inserted = static_cast<int64_t>(rows.size())};
  }

  bool last_create_missing = false;
};

}  // namespace champion::fakes
