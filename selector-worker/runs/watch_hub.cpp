#include "runs/watch_hub.h"

#include <vector>

namespace champion::runs {

class WatchHub::HubSubscription : public Subscription {
 public:
  HubSubscription(WatchHub* hub, uint64_t id) : hub_(hub), id_(id) {}
  ~HubSubscription() override { hub_->Unsubscribe(id_); }

 private:
  WatchHub* hub_;
  uint64_t id_;
};

WatchHub::~WatchHub() { Stop(); }

void WatchHub::Start() {
  absl::MutexLock lock(&mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
  dispatcher_id_ = thread_.get_id();
}

void WatchHub::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<Subscription> WatchHub::Subscribe(const std::string& selection_id,
                                                  std::function<void()> on_change) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  subscribers_[id] = Subscriber{selection_id, std::move(on_change), false};
  return std::make_unique<HubSubscription>(this, id);
}

void WatchHub::Unsubscribe(uint64_t id) {
  absl::MutexLock lock(&mu_);
  subscribers_.erase(id);
  if (std::this_thread::get_id() == dispatcher_id_) return;  // from its own callback
  const auto idle = [this, id]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return calling_ != id; };
  mu_.Await(absl::Condition(&idle));
}

void WatchHub::Notify(const std::string& selection_id) {
  absl::MutexLock lock(&mu_);
  for (auto& [id, s] : subscribers_) {
    if (s.selection_id == selection_id) {
      s.dirty = true;
      pending_ = true;
    }
  }
}

void WatchHub::NotifyAll() {
  absl::MutexLock lock(&mu_);
  for (auto& [id, s] : subscribers_) s.dirty = true;
  pending_ = !subscribers_.empty();
}

void WatchHub::Loop() {
  absl::Time next_poke = absl::Now() + poke_;
  absl::MutexLock lock(&mu_);
  while (!stop_) {
    const auto woken = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_ || pending_; };
    mu_.AwaitWithDeadline(absl::Condition(&woken), next_poke);
    if (stop_) return;
    if (absl::Now() >= next_poke) {
      for (auto& [id, s] : subscribers_) s.dirty = true;
      next_poke = absl::Now() + poke_;
    }
    pending_ = false;
    std::vector<uint64_t> due;
    for (auto& [id, s] : subscribers_) {
      if (s.dirty) due.push_back(id);
    }
    for (uint64_t id : due) {
      auto it = subscribers_.find(id);
      if (it == subscribers_.end() || !it->second.dirty) continue;
      it->second.dirty = false;
      std::function<void()> call = it->second.on_change;
      calling_ = id;
      mu_.Unlock();
      call();
      mu_.Lock();
      calling_ = 0;
    }
  }
}

}  // namespace champion::runs
