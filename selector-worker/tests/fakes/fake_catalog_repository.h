#pragma once

// In-memory CatalogRepository for service tests: no paging tokens beyond "offset:N".

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "store/catalog_repository.h"

namespace champion::fakes {

class FakeCatalogRepository : public store::CatalogRepository {
 public:
  std::vector<store::Store> stores;
  std::vector<store::Product> products;

  absl::StatusOr<store::Page<store::Store>> ListStores(const store::PageRequest& r) override {
    return List(stores, r, [](const store::Store& s) { return s.code + " " + s.name; });
  }
  absl::StatusOr<store::Page<store::Product>> ListProducts(const store::PageRequest& r) override {
    return List(products, r, [](const store::Product& p) { return p.sku + " " + p.name; });
  }
  absl::StatusOr<store::Store> GetStore(int64_t id) override { return Find(stores, "store", id); }
  absl::StatusOr<store::Product> GetProduct(int64_t id) override {
    return Find(products, "product", id);
  }

 private:
  template <typename T, typename Text>
  static absl::StatusOr<store::Page<T>> List(const std::vector<T>& all, const store::PageRequest& r,
                                             Text text) {
    size_t offset = 0;
    if (!r.page_token.empty() && (!absl::StartsWith(r.page_token, "offset:") ||
                                  !absl::SimpleAtoi(r.page_token.substr(7), &offset))) {
      return absl::InvalidArgumentError("invalid page_token");
    }
    std::vector<T> matches;
    for (const auto& item : all) {
      if (absl::StrContains(absl::AsciiStrToLower(text(item)), absl::AsciiStrToLower(r.search)))
        matches.push_back(item);
    }
    const size_t size = r.page_size == 0 ? store::kDefaultPageSize : r.page_size;
    store::Page<T> page;
    page.total_size = static_cast<int64_t>(matches.size());
    for (size_t i = offset; i < matches.size() && page.items.size() < size; ++i) {
      page.items.push_back(matches[i]);
    }
    if (offset + page.items.size() < matches.size()) {
      page.next_page_token = absl::StrCat("offset:", offset + page.items.size());
    }
    return page;
  }

  template <typename T>
  static absl::StatusOr<T> Find(const std::vector<T>& all, const char* what, int64_t id) {
    for (const auto& item : all) {
      if (item.id == id) return item;
    }
    return absl::NotFoundError(absl::StrCat(what, " ", id, " not found"));
  }
};

}  // namespace champion::fakes
