#include "common/descriptor_set.h"

#include <catch2/catch.hpp>

#include "absl/strings/match.h"

namespace champion {
namespace {

TEST_CASE("Proto comments are found for every kind of element", "[unit]") {
  // Messages, fields, enums, enum values (named like their enum's siblings), services and
  // methods, comment lines kept.
  CHECK(absl::StartsWith(ProtoComment("champion.v1.RunState"), "Where a run is."));
  CHECK(ProtoComment("champion.v1.RUN_STATE_PENDING") == "Accepted, no candidate started yet.");
  CHECK(absl::StrContains(ProtoComment("champion.v1.ListRunsRequest.created_from"), "YYYY-MM-DD"));
  CHECK(absl::StrContains(ProtoComment("champion.v1.ModelSelectionService.ListRuns"), "\n"));
  CHECK_FALSE(ProtoComment("champion.v1.CatalogService").empty());
  // Marker indentation is gone and no line ends in blanks.
  for (const char* name : {"champion.v1.ModelSelectionService.WatchRun", "champion.v1.RunState"}) {
    const std::string text = ProtoComment(name);
    INFO(name);
    CHECK_FALSE(absl::StartsWith(text, " "));
    CHECK_FALSE(absl::StrContains(text, " \n"));
    CHECK_FALSE(absl::EndsWith(text, "\n"));
  }
}

TEST_CASE("Unknown names and elements without a comment give no text", "[unit]") {
  CHECK(ProtoComment("no.such.Thing").empty());
  CHECK(ProtoComment("").empty());
  CHECK(ProtoComment("champion.v1.RUN_STATE_UNSPECIFIED").empty());
}

}  // namespace
}  // namespace champion
