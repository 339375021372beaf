#include "http/http_message.h"

#include "absl/strings/match.h"

namespace champion::gateway {

std::string_view FindHeader(const std::vector<HttpHeader>& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (absl::EqualsIgnoreCase(absl::string_view(header.name.data(), header.name.size()),
                               absl::string_view(name.data(), name.size()))) {
      return header.value;
    }
  }
  return {};
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& header : headers) {
    if (absl::EqualsIgnoreCase(header.name, name)) {
      header.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

}  // namespace champion::gateway
