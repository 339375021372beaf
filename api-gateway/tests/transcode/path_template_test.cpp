#include "transcode/path_template.h"

#include <catch2/catch.hpp>

namespace champion::gateway {
namespace {

PathTemplate MustParse(std::string_view text) {
  auto t = PathTemplate::Parse(text);
  REQUIRE(t.ok());
  return *t;
}

}  // namespace

TEST_CASE("PathTemplate binds a single-segment variable", "[unit][transcode]") {
  const PathTemplate t = MustParse("/model-selection/{selection_id}/ranking");
  std::vector<PathBinding> bindings;
  MatchRank rank;
  REQUIRE(t.Match("/model-selection/abc%20d/ranking", &bindings, &rank));
  REQUIRE(bindings.size() == 1);
  CHECK(bindings[0].field_path == "selection_id");
  CHECK(bindings[0].value == "abc d");
  CHECK(rank == MatchRank{2, 1, 2, 0});
  CHECK_FALSE(t.Match("/model-selection//ranking", &bindings, &rank));
  CHECK_FALSE(t.Match("/model-selection/a/b/ranking", &bindings, &rank));
  CHECK_FALSE(t.Match("/model-selection/a/ranking/", &bindings, &rank));
}

TEST_CASE("PathTemplate matches a verb", "[unit][transcode]") {
  const PathTemplate t = MustParse("/sales:import");
  CHECK(t.verb() == "import");
  std::vector<PathBinding> bindings;
  MatchRank rank;
  CHECK(t.Match("/sales:import", &bindings, &rank));
  CHECK(rank == MatchRank{2, 1});
  CHECK_FALSE(t.Match("/sales", &bindings, &rank));
  CHECK_FALSE(t.Match("/sales:export", &bindings, &rank));
  const PathTemplate plain = MustParse("/sales");
  CHECK_FALSE(plain.Match("/sales:import", &bindings, &rank));
}

TEST_CASE("PathTemplate supports multi-segment variables", "[unit][transcode]") {
  SECTION("{name=**}") {
    const PathTemplate t = MustParse("/files/{name=**}");
    std::vector<PathBinding> bindings;
    MatchRank rank;
    REQUIRE(t.Match("/files/a/b%2Fc/d", &bindings, &rank));
    CHECK(bindings[0].value == "a/b%2Fc/d");
    REQUIRE(t.Match("/files", &bindings, &rank));
    CHECK(bindings[0].value.empty());
  }
  SECTION("{name=shelves/*}:verb with a nested field path") {
    const PathTemplate t = MustParse("/v1/{book.name=shelves/*}:get");
    std::vector<PathBinding> bindings;
    MatchRank rank;
    REQUIRE(t.Match("/v1/shelves/7:get", &bindings, &rank));
    CHECK(bindings[0].field_path == "book.name");
    CHECK(bindings[0].value == "shelves/7");
    CHECK_FALSE(t.Match("/v1/books/7:get", &bindings, &rank));
  }
}

TEST_CASE("PathTemplate rejects bad syntax", "[unit][transcode]") {
  for (const char* bad : {"", "no-slash", "/a/{x", "/a/{}", "/a//b", "/a/", "/a/{x}b", "/a:"}) {
    INFO(bad);
    CHECK_FALSE(PathTemplate::Parse(bad).ok());
  }
}

// Found by path_template_fuzz: with "**" anywhere but last, matching backtracks over every
// split of the path ("/**/**/**/b" against a path of many segments took seconds).
TEST_CASE("PathTemplate takes \"**\" only as the last segment", "[unit][transcode]") {
  for (const char* bad : {"/a/**/b", "/**/**", "/**/*", "/{x=**}/b", "/{x=a/**/b}", "/{x=**}/{y}",
                          "/a/{x=**}/**:verb"}) {
    INFO(bad);
    const auto parsed = PathTemplate::Parse(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(std::string(parsed.status().message()), Catch::Contains("last segment"));
  }
  for (const char* good : {"/a/**", "/**", "/{x=**}:verb", "/a/{x=b/**}", "/{x=*}/{y=**}"}) {
    INFO(good);
    CHECK(PathTemplate::Parse(good).ok());
  }
  const PathTemplate t = MustParse("/a/{x=b/**}:get");
  std::vector<PathBinding> bindings;
  MatchRank rank;
  REQUIRE(t.Match("/a/b/c/d:get", &bindings, &rank));
  CHECK(bindings[0].value == "b/c/d");
  CHECK(rank == MatchRank{2, 2, 0, 0, 1});
}

TEST_CASE("PathTemplate shapes compare literals and variables", "[unit][transcode]") {
  CHECK(MustParse("/a/{x}").SameShape(MustParse("/a/{y}")));
  CHECK_FALSE(MustParse("/a/{x}").SameShape(MustParse("/a/b")));
  CHECK_FALSE(MustParse("/a:v").SameShape(MustParse("/a")));
}

TEST_CASE("PercentDecode decodes and validates escapes", "[unit][transcode]") {
  std::string out;
  CHECK(PercentDecode("a%2Fb%41", false, &out));
  CHECK(out == "a/bA");
  CHECK(PercentDecode("a%2Fb", true, &out));
  CHECK(out == "a%2Fb");
  CHECK_FALSE(PercentDecode("bad%4", false, &out));
  CHECK_FALSE(PercentDecode("bad%zz", false, &out));
}

}  // namespace champion::gateway
