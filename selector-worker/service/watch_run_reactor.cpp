#include "service/watch_run_reactor.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "service/call_context.h"
#include "service/run_mapping.h"
#include "spdlog/spdlog.h"

namespace champion::service {
namespace {

// Map fields (chart_data.actual_vs_predicted) serialise in no fixed order by default.
std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

}  // namespace

WatchRunReactor::WatchRunReactor(grpc::CallbackServerContext* context, runs::RunManager& runs,
                                 HandlerPool& pool, std::string selection_id, StreamSlot slot)
    : runs_(runs),
      pool_(pool),
      slot_(std::move(slot)),
      selection_id_(std::move(selection_id)),
      label_(CallLabel(context)) {
  bool scheduled = false;
  {
    absl::MutexLock lock(&mu_);
    scheduled = ScheduleLocked();
  }
  // Not subscribed yet, so nothing would ever try again: refuse the watch.
  if (!scheduled) FinishOnce(ToGrpc(PoolBusy(pool_)));
}

bool WatchRunReactor::ScheduleLocked() {
  if (busy_) {
    dirty_ = true;
    return true;
  }
  if (finished_) return true;
  busy_ = true;
  dirty_ = false;
  ++pending_tasks_;
  const bool queued = pool_.Post([this] {
    Refresh();
    ReleaseTask();
  });
  if (!queued) {
    busy_ = false;
    dirty_ = true;
    --pending_tasks_;
  }
  return queued;
}

void WatchRunReactor::OnChange() {
  absl::MutexLock lock(&mu_);
  ScheduleLocked();
}

void WatchRunReactor::Refresh() {
  bool subscribe = false;
  {
    absl::MutexLock lock(&mu_);
    if (finished_) {
      busy_ = false;
      return;
    }
    subscribe = subscription_ == nullptr;
  }
  if (subscribe) {  // first refresh: subscribe before the first read, so no change is missed
    auto subscription = runs_.Watch(selection_id_, [this] { OnChange(); });
    if (!subscription.ok()) {
      FinishOnce(ToGrpc(subscription.status()));
      absl::MutexLock lock(&mu_);
      busy_ = false;
      return;
    }
    std::unique_ptr<runs::Subscription> discard;
    {
      absl::MutexLock lock(&mu_);
      if (finished_) {
        discard = *std::move(subscription);
      } else {
        subscription_ = *std::move(subscription);
      }
    }
  }
  auto run = runs_.Get(selection_id_);
  if (!run.ok()) {
    FinishOnce(ToGrpc(run.status()));
    absl::MutexLock lock(&mu_);
    busy_ = false;
    return;
  }
  champion::v1::Run next;
  ToProto(*run, &next);
  std::string bytes = DeterministicBytes(next);
  const bool terminal = runs::IsTerminal(run->status);
  if (bytes == last_sent_) {  // nothing new to say
    absl::MutexLock lock(&mu_);
    busy_ = false;
    if (dirty_) ScheduleLocked();
    return;
  }
  last_sent_ = std::move(bytes);
  terminal_sent_ = terminal;
  snapshot_ = std::move(next);
  // Under mu_ so that Finish (also under mu_) can never come between the check and the write.
  absl::MutexLock lock(&mu_);
  if (finished_) {
    busy_ = false;
    return;
  }
  StartWrite(&snapshot_);  // busy_ stays set until OnWriteDone
}

void WatchRunReactor::OnWriteDone(bool ok) {
  if (!ok) {  // the client went away
    FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
    absl::MutexLock lock(&mu_);
    busy_ = false;
    return;
  }
  if (terminal_sent_) {
    FinishOnce(grpc::Status::OK);
    absl::MutexLock lock(&mu_);
    busy_ = false;
    return;
  }
  absl::MutexLock lock(&mu_);
  busy_ = false;
  if (dirty_) ScheduleLocked();
}

void WatchRunReactor::OnCancel() {
  FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled by the client"));
}

void WatchRunReactor::FinishOnce(const grpc::Status& status) {
  std::unique_ptr<runs::Subscription> subscription;
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
    subscription = std::move(subscription_);
  }
  subscription.reset();  // no OnChange runs after this returns
  LogCall("WatchRun", label_,
          absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message()),
          0);
  Finish(status);
}

void WatchRunReactor::OnDone() {
  std::unique_ptr<runs::Subscription> subscription;
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    finished_ = true;
    subscription = std::move(subscription_);
    delete_now = pending_tasks_ == 0;
  }
  subscription.reset();
  if (delete_now) delete this;
}

void WatchRunReactor::ReleaseTask() {
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    --pending_tasks_;
    delete_now = done_ && pending_tasks_ == 0;
  }
  if (delete_now) delete this;
}

}  // namespace champion::service
