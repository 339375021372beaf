#pragma once

// Plain value types of the catalog (stores, products) and of paginated listings.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace champion::store {

struct Store {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string region;      //!< Empty when unknown.
  std::string city;        //!< Empty when unknown.
  std::string store_type;  //!< Empty when unknown.
  bool operator==(const Store&) const = default;
};

struct Product {
  int64_t id = 0;
  std::string sku;
  std::string name;
  std::string category;         //!< Empty when unknown.
  std::string brand;            //!< Empty when unknown.
  std::string unit_of_measure;  //!< "each" unless recorded otherwise.
  std::optional<absl::CivilDay> launch_date;
  bool operator==(const Product&) const = default;
};

//! A listing request: keyset pagination by id, ascending.
struct PageRequest {
  //! Case-insensitive substring; empty matches everything. Matched literally (% and _ are not
  //! wildcards).
  std::string search;
  //! 1..kMaxPageSize; 0 means kDefaultPageSize.
  int page_size = 0;
  //! Empty for the first page, else a next_page_token from the previous page of the SAME
  //! listing (a store token is rejected by the product listing).
  std::string page_token;
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  //!< Empty on the last page.
  int64_t total_size = 0;       //!< Matches over all pages.
};

}  // namespace champion::store
