#include "runs/cancel_registry.h"

#include <set>

namespace champion::runs {

using store::CandidateAttempt;

std::shared_ptr<engine::CancelToken> CancelRegistry::Register(const CandidateAttempt& held,
                                                              const std::string& selection_id,
                                                              absl::Time lease_until) {
  absl::MutexLock lock(&mu_);
  Entry& entry = entries_[held];
  entry =
      Entry{selection_id, std::make_shared<engine::CancelToken>(), StopReason::kNone, lease_until};
  if (shutdown_) StopLocked(entry, StopReason::kShutdown);
  return entry.token;
}

void CancelRegistry::Unregister(const CandidateAttempt& held) {
  absl::MutexLock lock(&mu_);
  entries_.erase(held);
}

void CancelRegistry::StopLocked(Entry& entry, StopReason reason) {
  if (entry.reason == StopReason::kNone) entry.reason = reason;
  entry.token->Cancel();
}

int CancelRegistry::CancelRun(const std::string& selection_id) {
  absl::MutexLock lock(&mu_);
  int flipped = 0;
  for (auto& [held, entry] : entries_) {
    if (entry.selection_id != selection_id) continue;
    StopLocked(entry, StopReason::kCancelRequested);
    ++flipped;
  }
  return flipped;
}

bool CancelRegistry::Stop(const CandidateAttempt& held, StopReason reason) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(held);
  if (it == entries_.end()) return false;
  StopLocked(it->second, reason);
  return true;
}

void CancelRegistry::StopAll() {
  absl::MutexLock lock(&mu_);
  shutdown_ = true;
  for (auto& [held, entry] : entries_) StopLocked(entry, StopReason::kShutdown);
}

StopReason CancelRegistry::Reason(const CandidateAttempt& held) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(held);
  return it == entries_.end() ? StopReason::kNone : it->second.reason;
}

absl::Time CancelRegistry::LeaseUntil(const CandidateAttempt& held) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(held);
  return it == entries_.end() ? absl::InfinitePast() : it->second.lease_until;
}

std::vector<CandidateAttempt> CancelRegistry::Held() const {
  absl::MutexLock lock(&mu_);
  std::vector<CandidateAttempt> held;
  for (const auto& [key, entry] : entries_) held.push_back(key);
  return held;
}

void CancelRegistry::Reconcile(const std::vector<CandidateAttempt>& asked,
                               const std::vector<store::RenewedLease>& renewed,
                               absl::Time renewed_until) {
  std::set<CandidateAttempt> still_held;
  absl::MutexLock lock(&mu_);
  for (const store::RenewedLease& lease : renewed) {
    still_held.insert(lease.held);
    auto it = entries_.find(lease.held);
    if (it == entries_.end()) continue;
    it->second.lease_until = std::max(it->second.lease_until, renewed_until);
    if (lease.cancel_requested) StopLocked(it->second, StopReason::kCancelRequested);
  }
  for (const CandidateAttempt& held : asked) {
    auto it = entries_.find(held);
    // Still registered (not finished meanwhile) but not renewed: the lease is gone.
    if (it != entries_.end() && still_held.count(held) == 0) {
      StopLocked(it->second, StopReason::kLeaseLost);
    }
  }
}

}  // namespace champion::runs
