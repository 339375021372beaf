#pragma once

#include "store/catalog_repository.h"
#include "store/session_pool.h"

namespace champion::store {

//! CatalogRepository over PostgreSQL. Borrows `pool`, which must outlive it. Thread-safe.
class PgCatalogRepository : public CatalogRepository {
 public:
  explicit PgCatalogRepository(SessionPool& pool) : pool_(pool) {}

  // CatalogRepository
  absl::StatusOr<Page<Store>> ListStores(const PageRequest& request) override;
  absl::StatusOr<Page<Product>> ListProducts(const PageRequest& request) override;
  absl::StatusOr<Store> GetStore(int64_t id) override;
  absl::StatusOr<Product> GetProduct(int64_t id) override;

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
