#pragma once

// Shared by the run repository and run manager tests: a fresh migrated database with one
// (store, product) pair of synthetic daily sales, its repositories, and request builders.

#include <memory>
#include <string>
#include <vector>

#include "pg_test_db.h"
#include "runs/run_types.h"
#include "store/pg_catalog_repository.h"
#include "store/pg_run_repository.h"
#include "store/pg_sales_repository.h"
#include "store/session_pool.h"

namespace champion::test {

class RunTestEnv {
 public:
  //! Store 1 / product 1 with `days` days of weekly-seasonal sales from 2024-01-01 (and a
  //! holiday in the calendar); store 2 / product 2 with 10 days (unusable). Pool of `sessions`.
  explicit RunTestEnv(int days = 120, int sessions = 8);

  //! A request for pair 1/1 with these candidate model types (default params), 3 splits,
  //! horizon 7.
  runs::SelectionSpec Spec(const std::vector<std::string>& model_types) const;
  //! A NewRun for Spec(model_types) with the window set, folds_total 3 each.
  store::NewRun NewRunFor(const std::vector<std::string>& model_types) const;

  //! A scalar query on the test database (tests' assertions), e.g. "SELECT settle_count ...".
  long long QueryInt(const std::string& sql) const;
  std::string QueryText(const std::string& sql) const;
  //! Runs a statement on a new session.
  void Exec(const std::string& sql) const;

  std::unique_ptr<PgTestDb> db;
  std::unique_ptr<store::SessionPool> pool;
  std::unique_ptr<store::PgSalesRepository> sales;
  std::unique_ptr<store::PgCatalogRepository> catalog;
  std::unique_ptr<store::PgRunRepository> runs;
};

//! A fresh 32-hex selection id for direct repository tests.
std::string TestSelectionId();

}  // namespace champion::test
