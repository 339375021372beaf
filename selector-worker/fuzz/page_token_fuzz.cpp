// libFuzzer target: page tokens as clients send them back (ListRuns, ListStores,
// ListProducts, GetSales), decoded for each kind the worker uses. No database.
//
// Input: the token; or "<kind>\n<token>" to decode for that kind as well. A token decodes
// to 0 only when empty and otherwise to an id >= 1 that encodes back to a token of the same
// kind and id; anything else is InvalidArgument "invalid page_token". Crashes, sanitizer
// reports and broken invariants (CHAMPION_FUZZ_CHECK) are findings. Seeds: corpus/page_token/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/fuzz/fuzz_check.h"
#include "store/page_token.h"

namespace {

using champion::store::DecodePageToken;
using champion::store::EncodePageToken;

// The kinds in use: pg_run_repository, pg_catalog_repository, catalog_service (sales/s/p).
constexpr std::string_view kKinds[] = {"runs", "store", "product", "sales/1/2"};

void CheckDecode(std::string_view kind, std::string_view token) {
  const absl::StatusOr<int64_t> id = DecodePageToken(kind, token);
  if (!id.ok()) {
    CHAMPION_FUZZ_CHECK(id.status().code() == absl::StatusCode::kInvalidArgument);
    CHAMPION_FUZZ_CHECK(id.status().message() == "invalid page_token");
    return;
  }
  if (token.empty()) {
    CHAMPION_FUZZ_CHECK(*id == 0);
    return;
  }
  CHAMPION_FUZZ_CHECK(*id >= 1);
  const absl::StatusOr<int64_t> again = DecodePageToken(kind, EncodePageToken(kind, *id));
  CHAMPION_FUZZ_CHECK(again.ok() && *again == *id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = champion::fuzz::AsText(data, size);
  for (const std::string_view kind : kKinds) CheckDecode(kind, text);
  const auto [kind, token] = champion::fuzz::SplitLine(text);
  if (!token.empty()) CheckDecode(kind, token);
  return 0;
}
