#pragma once

#include "store/sales_repository.h"
#include "store/session_pool.h"

namespace champion::store {

//! SalesRepository over PostgreSQL. Borrows `pool`, which must outlive it. Thread-safe.
//! GetSales lives in pg_sales_repository.cpp, ImportSales in pg_sales_import.cpp.
class PgSalesRepository : public SalesRepository {
 public:
  explicit PgSalesRepository(SessionPool& pool) : pool_(pool) {}

  // SalesRepository
  absl::StatusOr<std::vector<SalesRow>> GetSales(const SalesQuery& query) override;
  absl::StatusOr<ImportResult> ImportSales(absl::Span<const ingest::SalesCsvRow> rows,
                                           bool create_missing,
                                           const std::function<bool()>& may_commit) override;

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
