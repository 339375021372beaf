#pragma once

// An in-process selector-worker stand-in for the gateway's tests: a gRPC callback server
// on 127.0.0.1:0 with canned answers, recording what arrived.
//   SubmitRun: store_id 0 -> INVALID_ARGUMENT with a BadRequest(store_id); store_id 7 ->
//              ALREADY_EXISTS echoing request_id in full (as an unguarded worker would);
//              else a RUNNING run with selection_id kSelectionId.
//   GetRun:    "missing..." -> NOT_FOUND echoing the id; "busy" -> RESOURCE_EXHAUSTED with a
//              google.rpc.RetryInfo of 2.5 s; "exhausted" -> RESOURCE_EXHAUSTED without one;
//              "sql" -> INTERNAL with SQL text; "unknown" -> UNKNOWN; "down" -> UNAVAILABLE
//              with a connection string; "slow" -> a run, kSlowAnswerMs later; else a run.
//   WatchRun:  "missing" -> NOT_FOUND; "hold" -> one snapshot then waits for cancel;
//              else two snapshots (RUNNING, COMPLETED) and OK.
//   ImportSales: concatenates the chunks; rows_total = lines - 1 (header).
//   Everything else: UNIMPLEMENTED. Health: SERVING.
// Requests larger than kFakeMaxRequestBytes fail in gRPC itself (RESOURCE_EXHAUSTED).

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace champion::gateway::testing {

inline constexpr char kSelectionId[] = "0123456789abcdef0123456789abcdef";
inline constexpr int kFakeMaxRequestBytes = 64 * 1024;
inline constexpr int kSlowAnswerMs = 300;
//! Text the fake puts in its INTERNAL / UNKNOWN / UNAVAILABLE messages (never to be shown).
inline constexpr char kSecretText[] = "relation \"runs\"";

class FakeWorker {
 public:
  static std::unique_ptr<FakeWorker> Start();
  ~FakeWorker();

  std::string target() const;
  void Shutdown();

  struct Seen {
    std::string request_id;     //!< x-request-id of the last call
    std::string authorization;  //!< authorization metadata of the last call
    std::string traceparent;    //!< traceparent metadata of the last call
    std::string csv;            //!< ImportSales chunks, concatenated
    bool create_missing = false;
    int import_messages = 0;
    bool watch_cancelled = false;
  };
  Seen seen() const;
  //! Waits until the "hold" WatchRun stream was cancelled by the client.
  bool WaitWatchCancelled(absl::Duration timeout) const;

  struct State;

 private:
  FakeWorker() = default;
  std::shared_ptr<State> state_;
};

}  // namespace champion::gateway::testing
