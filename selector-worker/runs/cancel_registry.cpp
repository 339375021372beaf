#include "runs/cancel_registry.h"

#include <set>

namespace champion::runs {

std::shared_ptr<engine::CancelToken> CancelRegistry::Register(const std::string& candidate_id,
                                                              const std::string& selection_id) {
  absl::MutexLock lock(&mu_);
  Entry& entry = entries_[candidate_id];
  entry = Entry{selection_id, std::make_shared<engine::CancelToken>(), StopReason::kNone};
  if (shutdown_) StopLocked(entry, StopReason::kShutdown);
  return entry.token;
}

void CancelRegistry::Unregister(const std::string& candidate_id) {
  absl::MutexLock lock(&mu_);
  entries_.erase(candidate_id);
}

void CancelRegistry::StopLocked(Entry& entry, StopReason reason) {
  if (entry.reason == StopReason::kNone) entry.reason = reason;
  entry.token->Cancel();
}

int CancelRegistry::CancelRun(const std::string& selection_id) {
  absl::MutexLock lock(&mu_);
  int flipped = 0;
  for (auto& [id, entry] : entries_) {
    if (entry.selection_id != selection_id) continue;
    StopLocked(entry, StopReason::kCancelRequested);
    ++flipped;
  }
  return flipped;
}

bool CancelRegistry::Stop(const std::string& candidate_id, StopReason reason) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(candidate_id);
  if (it == entries_.end()) return false;
  StopLocked(it->second, reason);
  return true;
}

void CancelRegistry::StopAll() {
  absl::MutexLock lock(&mu_);
  shutdown_ = true;
  for (auto& [id, entry] : entries_) StopLocked(entry, StopReason::kShutdown);
}

StopReason CancelRegistry::Reason(const std::string& candidate_id) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(candidate_id);
  return it == entries_.end() ? StopReason::kNone : it->second.reason;
}

std::vector<std::string> CancelRegistry::Candidates() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> ids;
  for (const auto& [id, entry] : entries_) ids.push_back(id);
  return ids;
}

void CancelRegistry::Reconcile(const std::vector<std::string>& asked,
                               const std::vector<store::RenewedLease>& held) {
  std::set<std::string> renewed;
  absl::MutexLock lock(&mu_);
  for (const store::RenewedLease& lease : held) {
    renewed.insert(lease.candidate_id);
    auto it = entries_.find(lease.candidate_id);
    if (lease.cancel_requested && it != entries_.end()) {
      StopLocked(it->second, StopReason::kCancelRequested);
    }
  }
  for (const std::string& id : asked) {
    auto it = entries_.find(id);
    // Still registered (not finished meanwhile) but not renewed: the lease is gone.
    if (it != entries_.end() && renewed.count(id) == 0)
      StopLocked(it->second, StopReason::kLeaseLost);
  }
}

}  // namespace champion::runs
