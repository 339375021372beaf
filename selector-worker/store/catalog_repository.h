#pragma once

// Read access to stores and products (CatalogService ListStores / ListProducts, and the id
// checks of the other services).

#include <cstdint>

#include "absl/status/statusor.h"
#include "store/catalog_types.h"

namespace champion::store {

//! Implementations are thread-safe.
class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;

  //! Stores whose code, name, region or city contains `request.search` (case-insensitive),
  //! ordered by id. Errors: InvalidArgument (page_size out of range, malformed or foreign
  //! page_token), Unavailable (database down).
  virtual absl::StatusOr<Page<Store>> ListStores(const PageRequest& request) = 0;

  //! Products whose SKU, name, category or brand contains `request.search`, ordered by id.
  //! Errors as ListStores.
  virtual absl::StatusOr<Page<Product>> ListProducts(const PageRequest& request) = 0;

  //! Errors: NotFound ("store 7 not found"), Unavailable.
  virtual absl::StatusOr<Store> GetStore(int64_t id) = 0;

  //! Errors: NotFound ("product 7 not found"), Unavailable.
  virtual absl::StatusOr<Product> GetProduct(int64_t id) = 0;
};

}  // namespace champion::store
