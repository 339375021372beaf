#pragma once

namespace champion::app {

/// The worker's health as its database probe sees it. One slow answer (a CPU spike, a busy
/// session pool) must not take the worker out of every balancer, so health turns NOT_SERVING
/// only after `failures_to_fail` probes in a row failed, and SERVING again at the first
/// probe that succeeds. Not thread-safe: one probe thread owns it.
class DatabaseHealth {
 public:
  explicit DatabaseHealth(int failures_to_fail) : failures_to_fail_(failures_to_fail) {}

  /// Records one probe's result; returns whether the worker is serving now.
  bool Observe(bool probe_ok) {
    failures_ = probe_ok ? 0 : failures_ + 1;
    if (probe_ok) serving_ = true;
    if (failures_ >= failures_to_fail_) serving_ = false;
    return serving_;
  }

  bool serving() const { return serving_; }

 private:
  int failures_to_fail_;
  int failures_ = 0;
  bool serving_ = true;
};

}  // namespace champion::app
