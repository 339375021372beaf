#include "service/catalog_service.h"

#include "absl/strings/str_cat.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "service/call_context.h"
#include "service/import_sales_reactor.h"
#include "service/proto_mapping.h"
#include "service/request_validation.h"
#include "store/page_token.h"

namespace champion::service {
namespace {

namespace v1 = champion::v1;

void ToProto(const store::Store& s, v1::Store* out) {
  out->set_id(s.id);
  out->set_code(s.code);
  out->set_name(s.name);
  out->set_region(s.region);
  out->set_city(s.city);
  out->set_store_type(s.store_type);
}

void ToProto(const store::Product& p, v1::Product* out) {
  out->set_id(p.id);
  out->set_sku(p.sku);
  out->set_name(p.name);
  out->set_category(p.category);
  out->set_brand(p.brand);
  out->set_unit_of_measure(p.unit_of_measure);
  if (p.launch_date) out->set_launch_date(FormatDate(*p.launch_date));
}

store::PageRequest ToPageRequest(const std::string& search, int page_size,
                                 const std::string& page_token) {
  return store::PageRequest{search, page_size, page_token};
}

constexpr int kDefaultSalesPageSize = 1000;
constexpr int kMaxSalesPageSize = 10000;

// Sales page tokens count days from the day before the first accepted date (ids are >= 1).
constexpr absl::CivilDay kTokenEpoch = kMinDate - 1;

// A sales page token belongs to one pair.
std::string SalesTokenKind(int64_t store_id, int64_t product_id) {
  return absl::StrCat("sales/", store_id, "/", product_id);
}

}  // namespace

grpc::ServerUnaryReactor* CatalogService::ListStores(grpc::CallbackServerContext* context,
                                                     const v1::ListStoresRequest* request,
                                                     v1::ListStoresResponse* response) {
  return RunUnary(context, pool_, "ListStores", [this, request, response]() -> absl::Status {
    ASSIGN_OR_RETURN(const int page_size,
                     PageSize(request->page_size(), store::kDefaultPageSize, store::kMaxPageSize));
    if (auto s = ValidateSearch(request->search()); !s.ok()) return s;
    auto page =
        catalog_.ListStores(ToPageRequest(request->search(), page_size, request->page_token()));
    if (!page.ok()) return page.status();
    for (const auto& s : page->items) ToProto(s, response->add_stores());
    response->set_next_page_token(page->next_page_token);
    response->set_total_size(page->total_size);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogService::ListProducts(grpc::CallbackServerContext* context,
                                                       const v1::ListProductsRequest* request,
                                                       v1::ListProductsResponse* response) {
  return RunUnary(context, pool_, "ListProducts", [this, request, response]() -> absl::Status {
    ASSIGN_OR_RETURN(const int page_size,
                     PageSize(request->page_size(), store::kDefaultPageSize, store::kMaxPageSize));
    if (auto s = ValidateSearch(request->search()); !s.ok()) return s;
    auto page =
        catalog_.ListProducts(ToPageRequest(request->search(), page_size, request->page_token()));
    if (!page.ok()) return page.status();
    for (const auto& p : page->items) ToProto(p, response->add_products());
    response->set_next_page_token(page->next_page_token);
    response->set_total_size(page->total_size);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogService::GetSales(grpc::CallbackServerContext* context,
                                                   const v1::GetSalesRequest* request,
                                                   v1::GetSalesResponse* response) {
  return RunUnary(context, pool_, "GetSales", [this, request, response]() -> absl::Status {
    if (auto s = ValidateGetSalesRequest(*request); !s.ok()) return s;
    ASSIGN_OR_RETURN(const int page_size,
                     PageSize(request->page_size(), kDefaultSalesPageSize, kMaxSalesPageSize));
    store::SalesQuery query{request->store_id(), request->product_id(), std::nullopt, std::nullopt};
    // Already validated above, so the parses cannot fail here.
    if (!request->start_date().empty()) {
      query.start_date = *ParseDate("start_date", request->start_date());
    }
    if (!request->end_date().empty()) query.end_date = *ParseDate("end_date", request->end_date());
    // Keyset pagination on the date: the token holds the previous page's last day.
    const std::string kind = SalesTokenKind(request->store_id(), request->product_id());
    ASSIGN_OR_RETURN(const int64_t last_day, store::DecodePageToken(kind, request->page_token()));
    // Tokens are not signed: one past the last accepted day was not issued here (and
    // its day would overflow the arithmetic below or leave the accepted date range).
    if (last_day > kMaxDate - kTokenEpoch) return absl::InvalidArgumentError("invalid page_token");
    if (!request->page_token().empty()) {
      const absl::CivilDay after = kTokenEpoch + (last_day + 1);
      if (!query.start_date || *query.start_date < after) query.start_date = after;
    }
    query.limit = page_size + 1;  // one more tells whether another page follows
    auto rows = sales_.GetSales(query);
    if (!rows.ok()) return rows.status();
    response->set_store_id(request->store_id());
    response->set_product_id(request->product_id());
    if (static_cast<int>(rows->size()) > page_size) {
      rows->resize(page_size);
      response->set_next_page_token(store::EncodePageToken(kind, rows->back().date - kTokenEpoch));
    }
    for (const auto& row : *rows) {
      auto* point = response->add_points();
      point->set_date(FormatDate(row.date));
      point->set_quantity(row.quantity);
      if (row.unit_price) point->set_unit_price(*row.unit_price);
      point->set_promo_active(row.promo_active);
    }
    return absl::OkStatus();
  });
}

grpc::ServerReadReactor<v1::ImportSalesRequest>* CatalogService::ImportSales(
    grpc::CallbackServerContext* context, v1::ImportSalesResponse* response) {
  return new ImportSalesReactor(context, sales_, pool_, options_.max_import_bytes, *options_.events,
                                response);
}

}  // namespace champion::service
