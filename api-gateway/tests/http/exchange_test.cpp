#include "http/exchange.h"

#include <catch2/catch.hpp>

#include "http/request_id.h"
#include "http/sse_writer.h"

namespace champion::gateway {

TEST_CASE("SSE framing", "[unit][http]") {
  CHECK(FormatSseEvent("snapshot", R"({"a":1})") == "event: snapshot\ndata: {\"a\":1}\n\n");
  CHECK(FormatSseEvent("", "x\ny") == "data: x\ndata: y\n\n");
  CHECK(FormatSseEvent("done", "{}", "ab12") == "id: ab12\nevent: done\ndata: {}\n\n");
  CHECK(FormatSseComment("heartbeat") == ": heartbeat\n\n");
}

TEST_CASE("Exchange: the first answer wins and wakes the connection", "[unit][http]") {
  int wakes = 0;
  Exchange exchange([&] { ++wakes; });
  exchange.Respond(JsonResponse(200, "{}"));
  exchange.Respond(JsonResponse(500, "{}"));
  CHECK(wakes == 1);
  auto pending = exchange.Take();
  REQUIRE(pending.response.has_value());
  CHECK(pending.response->status == 200);
  CHECK_FALSE(exchange.Take().response.has_value());
}

TEST_CASE("Exchange: an event stream queues chunks until it ends", "[unit][http]") {
  int gone_calls = 0;
  auto exchange = std::make_shared<Exchange>([] {});
  exchange->OnClientGone([&] { ++gone_calls; });
  CHECK(exchange->watch_disconnect());
  SseWriter writer(exchange);
  writer.Open(absl::Seconds(15));
  writer.Event("snapshot", "1");
  exchange->Respond(JsonResponse(500, "{}"));  // ignored once streaming
  auto pending = exchange->Take();
  REQUIRE(pending.stream_head.has_value());
  CHECK(pending.stream_head->Header("Content-Type") == "text/event-stream");
  CHECK_FALSE(pending.response.has_value());
  CHECK(pending.chunks == std::vector<std::string>{"event: snapshot\ndata: 1\n\n"});
  CHECK(exchange->heartbeat() == absl::Seconds(15));
  writer.Close();
  CHECK(exchange->Take().stream_ended);
  exchange->ClientGone();
  exchange->ClientGone();
  CHECK(gone_calls == 1);
}

TEST_CASE("Request ids: printable, at most 128 characters", "[unit][http]") {
  CHECK(IsValidRequestId("abc-123_X.y"));
  CHECK_FALSE(IsValidRequestId(""));
  CHECK_FALSE(IsValidRequestId("has space"));
  CHECK_FALSE(IsValidRequestId("bad\nline"));
  CHECK_FALSE(IsValidRequestId(std::string(129, 'a')));
  CHECK(IsValidRequestId(std::string(128, 'a')));
  CHECK(RequestIdFor("client-id") == "client-id");
  const std::string generated = RequestIdFor("bad id");
  CHECK(generated.size() == 32);
  CHECK(NewRequestId() != NewRequestId());
}

}  // namespace champion::gateway
