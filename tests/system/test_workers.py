"""Several worker processes on one queue: every run settles exactly once, a worker killed
with SIGKILL mid-run loses nothing, a worker stopped with SIGTERM finishes what it holds and
exits 0, and a PostgreSQL restart leaves no run stuck.

These tests use their own database in the stack's cluster and their own worker processes
(short leases, so recovery is quick), talking to them over real gRPC."""

import os
import signal
import subprocess

from cluster import TERMINAL_SQL, cluster, submit, wait_until  # noqa: F401 (fixture)

SLOW = ("xgboost", {"n_estimators": 250, "max_depth": 8, "learning_rate": 0.05})


def test_two_workers_settle_every_run_exactly_once(pb, cluster):
    a = cluster.start_worker("a")
    cluster.start_worker("b")
    ids = [submit(pb, a, [("naive", {}), ("theta", {}), ("seasonal_naive", {}), ("ses", {})],
                  product=1 + i % 2) for i in range(8)]
    in_list = ",".join(f"'{i}'" for i in ids)
    wait_until(lambda: cluster.query(
        f"SELECT count(*) FROM model_selection_run WHERE selection_id IN ({in_list}) "
        f"AND status IN {TERMINAL_SQL}") == "8", 120, "8 settled runs")
    assert cluster.query(f"SELECT sum(settle_count) FROM model_selection_run "
                         f"WHERE selection_id IN ({in_list})") == "8"
    owners = cluster.query(f"SELECT count(DISTINCT split_part(lease_owner, '/', 1)) "
                           f"FROM model_selection_candidate WHERE selection_id IN ({in_list})")
    assert owners == "2", "both workers should have claimed candidates"
    assert cluster.query("SELECT count(*) FROM model_selection_candidate "
                         "WHERE status = 'running'") == "0"


def test_sigkill_mid_run_loses_nothing(pb, cluster):
    a = cluster.start_worker("a")
    sid = submit(pb, a, [SLOW, ("xgboost", dict(SLOW[1], learning_rate=0.06)), ("naive", {})])
    cluster.start_worker("b")
    # wait until worker b holds a candidate, then kill it without warning
    b_pid = cluster.workers["b"][0].pid
    wait_until(lambda: cluster.query(
        f"SELECT count(*) FROM model_selection_candidate WHERE selection_id = '{sid}' "
        f"AND status = 'running' AND lease_owner LIKE '%:{b_pid}/%'") == "1", 60,
               "worker b to run a candidate",
               lambda: cluster.query(f"SELECT string_agg(model_type || ' ' || status || ' ' || "
                                     f"coalesce(lease_owner, '-'), '; ') FROM "
                                     f"model_selection_candidate WHERE selection_id = '{sid}'"))
    os.kill(b_pid, signal.SIGKILL)
    cluster.workers["b"][0].wait(timeout=10)
    wait_until(lambda: cluster.query(
        f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") in
               {"completed", "partial"}, 180, "the run to settle on worker a")
    assert cluster.query(f"SELECT max(attempt) FROM model_selection_candidate "
                         f"WHERE selection_id = '{sid}'") >= "2"
    assert cluster.query("SELECT count(*) FROM model_selection_candidate "
                         "WHERE status = 'running'") == "0"


def test_sigterm_finishes_the_candidate_in_flight_and_exits_zero(pb, cluster):
    a = cluster.start_worker("a")
    sid = submit(pb, a, [SLOW, ("xgboost", dict(SLOW[1], learning_rate=0.06)), ("naive", {}),
                         ("theta", {})])
    cluster.start_worker("b")
    b = cluster.workers["b"][0]
    held = (f"SELECT candidate_id FROM model_selection_candidate WHERE selection_id = '{sid}' "
            f"AND status = 'running' AND lease_owner LIKE '%:{b.pid}/%'")
    wait_until(lambda: cluster.query(held) != "", 60, "worker b to run a candidate")
    candidate = cluster.query(held).split("\n")[0]
    b.send_signal(signal.SIGTERM)
    assert b.wait(timeout=60) == 0
    # Finished by b within its grace (one attempt, not handed back), not redone elsewhere.
    assert cluster.query(f"SELECT status || ' ' || attempt || ' ' || released_attempts FROM "
                         f"model_selection_candidate WHERE candidate_id = '{candidate}'") == \
        "completed 1 0"
    wait_until(lambda: cluster.query(
        f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") in
               {"completed", "partial"}, 180, "the run to settle on worker a")
    assert cluster.query(f"SELECT settle_count FROM model_selection_run "
                         f"WHERE selection_id = '{sid}'") == "1"


def test_postgres_restart_mid_run_leaves_nothing_stuck(pb, cluster):
    a = cluster.start_worker("a")
    sid = submit(pb, a, [SLOW, ("naive", {}), ("theta", {})])
    wait_until(lambda: cluster.query(
        f"SELECT count(*) FROM model_selection_candidate WHERE selection_id = '{sid}' "
        f"AND status = 'running'") == "1", 60, "a running candidate")
    cluster.pg_ctl("-m", "fast", "restart")
    wait_until(lambda: cluster.query(
        f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") in
               {"completed", "partial", "failed"}, 180, "the run to settle after the restart")
    assert cluster.query("SELECT count(*) FROM model_selection_candidate "
                         "WHERE status IN ('running', 'pending')") == "0"
    # and the worker still answers
    stub = pb["selection_grpc"].ModelSelectionServiceStub(a)
    assert stub.GetRun(pb["selection"].GetRunRequest(selection_id=sid), timeout=30).status
