#include "service/handler_pool.h"

namespace champion::service {

HandlerPool::HandlerPool(Options options) : options_(std::move(options)) {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { Loop(); });
}

HandlerPool::~HandlerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& t : threads_) t.join();
}

bool HandlerPool::Post(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (queue_.size() >= options_.max_queued) return false;
  queue_.push_back(std::move(task));
  return true;
}

std::size_t HandlerPool::queued() {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void HandlerPool::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](HandlerPool* p)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) { return p->stopping_ || !p->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace champion::service
