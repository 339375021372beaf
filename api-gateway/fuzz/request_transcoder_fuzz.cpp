// libFuzzer target: an HTTP request -> the real champion.v1 request message, as the
// gateway builds it (route lookup, path bindings, query parameters, JSON or raw body).
//
// Input: "<METHOD> <target>" on the first line, the body after it. The target splits at
// the first '?' into the path and the query, as the head parser splits it. A built message
// must survive a serialize/parse round trip (what the worker receives is what was built);
// a refused request must be a 400 whose problem+json is valid JSON with a bounded detail.
// A raw-body stream must carry the body exactly. Crashes, sanitizer reports and broken
// invariants (CHAMPION_FUZZ_CHECK) are findings. Seeds: corpus/request_transcoder/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/fuzz/fuzz_check.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "nlohmann/json.hpp"
#include "problem/problem_json.h"
#include "transcode/request_transcoder.h"
#include "transcode/route_table.h"
#include "transcode/served_contract.h"

namespace {

using champion::gateway::Route;
using champion::gateway::RouteLookup;
using champion::gateway::RouteTable;
using google::protobuf::Message;

// The routes the gateway serves, read from the generated pool.
const RouteTable& Routes() {
  static const RouteTable* const table = [] {
    auto created = champion::gateway::CreateServedRouteTable();
    CHAMPION_FUZZ_CHECK(created.ok());
    return created->release();
  }();
  return *table;
}

// Deterministic bytes (map entries sorted), so equal messages give equal bytes; NaN
// payloads compare as bits, unlike MessageDifferencer.
std::string Bytes(const Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    CHAMPION_FUZZ_CHECK(message.SerializeToCodedStream(&coded));
  }
  return out;
}

// The worker parses what the gateway sends: it must be the same message.
void CheckRoundTrip(const Message& message) {
  const std::string bytes = Bytes(message);
  std::unique_ptr<Message> parsed(message.New());
  CHAMPION_FUZZ_CHECK(parsed->ParseFromString(bytes));
  CHAMPION_FUZZ_CHECK(Bytes(*parsed) == bytes);
}

// The raw body reaches the worker in chunk messages that concatenate to it.
void CheckRawStream(const Route& route, std::unique_ptr<Message> first, std::string_view body) {
  const size_t chunk_bytes = 1 + body.size() % 61;
  champion::gateway::RawBodyStream stream(route, std::move(first), std::string(body), chunk_bytes);
  const auto* field = route.method->input_type()->FindFieldByName(route.body);
  CHAMPION_FUZZ_CHECK(field != nullptr);
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(field->containing_type());
  std::string joined;
  size_t messages = 0;
  while (std::optional<std::string> bytes = stream.Next()) {
    CHAMPION_FUZZ_CHECK(++messages <= body.size() / chunk_bytes + 1);
    std::unique_ptr<Message> chunk(prototype->New());
    CHAMPION_FUZZ_CHECK(chunk->ParseFromString(*bytes));
    joined += chunk->GetReflection()->GetString(*chunk, field);
  }
  CHAMPION_FUZZ_CHECK(messages >= 1);
  CHAMPION_FUZZ_CHECK(joined == body);
}

// What a client is told about a refused request.
void CheckRefusal(const absl::Status& status, std::string_view path) {
  CHAMPION_FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  const auto problem = champion::gateway::ProblemFromStatus(status, std::string(path), "rid");
  CHAMPION_FUZZ_CHECK(problem.status == 400);
  CHAMPION_FUZZ_CHECK(problem.detail.size() <=
                      champion::gateway::kMaxDetailBytes + 3);  // + the ellipsis
  const auto response = champion::gateway::ProblemResponse(problem);
  CHAMPION_FUZZ_CHECK(nlohmann::json::accept(response.body));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [request_line, body] = champion::fuzz::SplitLine(champion::fuzz::AsText(data, size));
  const size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;
  const std::string_view method = request_line.substr(0, space);
  const std::string_view target = request_line.substr(space + 1);
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  const RouteLookup lookup = Routes().Find(method, path);
  if (lookup.result != RouteLookup::Result::kFound) return 0;
  const Route& route = *lookup.route;
  auto message = champion::gateway::BuildRequestMessage(route, lookup.bindings, query, body);
  if (!message.ok()) {
    CheckRefusal(message.status(), path);
    return 0;
  }
  CHAMPION_FUZZ_CHECK(*message != nullptr);
  CHAMPION_FUZZ_CHECK((*message)->GetDescriptor() == route.method->input_type());
  CheckRoundTrip(**message);
  if (route.extras.raw_body() && route.method->client_streaming()) {
    CheckRawStream(route, *std::move(message), body);
  } else if (route.extras.raw_body()) {
    CHAMPION_FUZZ_CHECK(
        champion::gateway::SetRawBody(route, message->get(), std::string(body)).ok());
    CheckRoundTrip(**message);
  }
  return 0;
}
