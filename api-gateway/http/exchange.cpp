#include "http/exchange.h"

#include <utility>

namespace champion::gateway {

void Exchange::SetDecorator(std::function<void(HttpResponse&)> decorate) {
  absl::MutexLock lock(&mu_);
  decorate_ = std::move(decorate);
}

void Exchange::SetIdentity(std::string identity) {
  absl::MutexLock lock(&mu_);
  identity_ = std::move(identity);
}

std::string Exchange::identity() const {
  absl::MutexLock lock(&mu_);
  return identity_;
}

void Exchange::SetRoute(std::string_view route) {
  absl::MutexLock lock(&mu_);
  route_ = std::string(route);
}

std::string Exchange::route() const {
  absl::MutexLock lock(&mu_);
  return route_;
}

void Exchange::Respond(HttpResponse response) {
  {
    absl::MutexLock lock(&mu_);
    if (state_ != State::kOpen) return;
    state_ = State::kAnswered;
    if (decorate_) decorate_(response);
    pending_.response = std::move(response);
  }
  wake_();
}

void Exchange::StartStream(HttpResponse head, absl::Duration heartbeat, std::string heartbeat_chunk,
                           std::string farewell_chunk) {
  {
    absl::MutexLock lock(&mu_);
    if (state_ != State::kOpen) return;
    state_ = State::kStreaming;
    head.body.clear();
    if (decorate_) decorate_(head);
    pending_.stream_head = std::move(head);
    heartbeat_ = heartbeat;
    heartbeat_chunk_ = std::move(heartbeat_chunk);
    farewell_chunk_ = std::move(farewell_chunk);
  }
  wake_();
}

void Exchange::SendChunk(std::string chunk) {
  {
    absl::MutexLock lock(&mu_);
    if (state_ != State::kStreaming || client_gone_) return;
    pending_.chunks.push_back(std::move(chunk));
  }
  wake_();
}

void Exchange::EndStream() {
  {
    absl::MutexLock lock(&mu_);
    if (state_ != State::kStreaming) return;
    state_ = State::kEnded;
    pending_.stream_ended = true;
  }
  wake_();
}

void Exchange::OnClientGone(std::function<void()> callback) {
  absl::MutexLock lock(&mu_);
  on_client_gone_ = std::move(callback);
  watch_disconnect_ = true;
}

bool Exchange::answered() const {
  absl::MutexLock lock(&mu_);
  return state_ != State::kOpen;
}

Exchange::Pending Exchange::Take() {
  absl::MutexLock lock(&mu_);
  Pending out = std::move(pending_);
  pending_ = Pending{};
  return out;
}

void Exchange::ClientGone() {
  std::function<void()> callback;
  {
    absl::MutexLock lock(&mu_);
    if (client_gone_) return;
    client_gone_ = true;
    callback = std::move(on_client_gone_);
    on_client_gone_ = nullptr;
  }
  // Outside the lock: the callback may call back into this exchange (e.g. a gRPC
  // cancellation completing inline).
  if (callback) callback();
}

bool Exchange::client_gone() const {
  absl::MutexLock lock(&mu_);
  return client_gone_;
}

bool Exchange::watch_disconnect() const {
  absl::MutexLock lock(&mu_);
  return watch_disconnect_;
}

absl::Duration Exchange::heartbeat() const {
  absl::MutexLock lock(&mu_);
  return heartbeat_;
}

std::string Exchange::heartbeat_chunk() const {
  absl::MutexLock lock(&mu_);
  return heartbeat_chunk_;
}

std::string Exchange::farewell_chunk() const {
  absl::MutexLock lock(&mu_);
  return farewell_chunk_;
}

}  // namespace champion::gateway
