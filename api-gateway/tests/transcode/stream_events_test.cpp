#include "transcode/stream_events.h"

#include <catch2/catch.hpp>

#include "champion/v1/selection.pb.h"

namespace champion::gateway {
namespace {

champion::v1::HttpExtras WatchRunExtras() {
  const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      "champion.v1.ModelSelectionService.WatchRun");
  REQUIRE(method != nullptr);
  return method->options().GetExtension(champion::v1::http_extras);
}

TEST_CASE("A settled run is the event stream's last event", "[unit][transcode]") {
  (void)champion::v1::Run::descriptor();
  const champion::v1::HttpExtras extras = WatchRunExtras();
  champion::v1::Run run;
  for (auto status : {champion::v1::RUN_STATE_PENDING, champion::v1::RUN_STATE_RUNNING}) {
    run.set_status(status);
    CHECK_FALSE(IsLastEvent(run, extras));
  }
  for (auto status : {champion::v1::RUN_STATE_COMPLETED, champion::v1::RUN_STATE_PARTIAL,
                      champion::v1::RUN_STATE_FAILED, champion::v1::RUN_STATE_CANCELLED}) {
    run.set_status(status);
    CHECK(IsLastEvent(run, extras));
  }
  CHECK_FALSE(IsLastEvent(run, champion::v1::HttpExtras{}));  // No done field: never last.
}

TEST_CASE("Event ids fingerprint the message, map order aside", "[unit][transcode]") {
  champion::v1::RankingEntry a, b;
  a.set_model_type("naive");
  (*a.mutable_params()->mutable_fields())["x"].set_number_value(1);
  (*a.mutable_params()->mutable_fields())["y"].set_number_value(2);
  (*b.mutable_params()->mutable_fields())["y"].set_number_value(2);
  (*b.mutable_params()->mutable_fields())["x"].set_number_value(1);
  b.set_model_type("naive");
  CHECK(EventId(a).size() == 32);
  CHECK(EventId(a) == EventId(b));
  b.set_included(true);
  CHECK(EventId(a) != EventId(b));
}

}  // namespace
}  // namespace champion::gateway
