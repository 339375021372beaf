#include "service/import_sales_reactor.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "ingest/sales_csv.h"
#include "service/call_context.h"

namespace champion::service {

ImportSalesReactor::ImportSalesReactor(grpc::CallbackServerContext* context,
                                       store::SalesRepository& sales, HandlerPool& pool,
                                       int64_t max_bytes, ServiceEvents& events,
                                       champion::v1::ImportSalesResponse* response)
    : context_(context),
      sales_(sales),
      pool_(pool),
      max_bytes_(max_bytes),
      events_(events),
      response_(response),
      label_(CallLabel(context)) {
  StartRead(&chunk_);
}

void ImportSalesReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The reads ended: a clean half-close (the file is complete) or a broken call (cancel,
    // deadline, client gone), which must write nothing.
    if (CallerGone()) {
      Abandon();
      return;
    }
    if (!pool_.Post([this] { Import(); })) {
      const absl::Status busy = PoolBusy(pool_);
      LogCall("ImportSales", label_, busy, 0);
      Finish(ToGrpc(busy));
    }
    return;
  }
  if (first_) {
    create_missing_ = chunk_.create_missing();
    first_ = false;
  }
  if (static_cast<int64_t>(csv_.size() + chunk_.csv_chunk().size()) > max_bytes_) {
    const absl::Status status = absl::ResourceExhaustedError(
        absl::StrCat("the CSV is larger than the limit of ", max_bytes_, " bytes"));
    LogCall("ImportSales", label_, status, 0);
    Finish(ToGrpc(status));
    return;
  }
  csv_.append(chunk_.csv_chunk());
  StartRead(&chunk_);
}

bool ImportSalesReactor::CallerGone() const {
  // The deadline is also compared with the clock: the server's timer that cancels the call
  // may fire a little after it.
  return context_->IsCancelled() || context_->deadline() <= std::chrono::system_clock::now();
}

void ImportSalesReactor::Abandon() {
  const absl::Status status =
      absl::CancelledError("the import stream ended without a clean close; nothing was written");
  LogCall("ImportSales", label_, status, 0);
  Finish(ToGrpc(status));
}

void ImportSalesReactor::Import() {
  if (CallerGone()) {  // went away while the call waited for a thread
    Abandon();
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  absl::Status status;
  auto rows = ingest::ParseSalesCsv(csv_);
  if (!rows.ok()) {
    status = rows.status();
  } else {
    // Asked inside the transaction, right before its commit: a call cancelled while the rows
    // were written still writes nothing.
    auto result = sales_.ImportSales(*rows, create_missing_, [this] { return !CallerGone(); });
    if (!result.ok()) {
      status = result.status();
      events_.SalesImported(static_cast<int64_t>(rows->size()), false);
    } else {
      events_.SalesImported(result->rows_total, true);
      response_->set_rows_total(result->rows_total);
      response_->set_rows_inserted(result->rows_inserted);
      response_->set_rows_updated(result->rows_updated);
      response_->set_stores_created(result->stores_created);
      response_->set_products_created(result->products_created);
    }
  }
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  LogCall("ImportSales", label_, status, took.count());
  Finish(ToGrpc(status));
}

}  // namespace champion::service
