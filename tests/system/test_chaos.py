"""PostgreSQL stopped without warning (immediate mode) in the middle of a run, over and over
with different timings: every run settles exactly once, no candidate ends failed or cancelled
because of the outage, and the results are identical to an undisturbed run of the same request
(the engine is deterministic, so a recomputed candidate gives the same bytes).

One worker with two backtest threads and a 3 s lease (heartbeat every second): the shorter
outages end while the leases still hold (the finished results are kept and written once the
database is back), the longer ones outlive them (the reaper requeues, the stale attempts stop
and are fenced off, the candidates are computed again)."""

import json
import time

import grpc

from cluster import cluster, submit, wait_until  # noqa: F401 (fixture)

# A mix of quick and slower candidates, so each outage finds some running and some done.
MODELS = [("naive", {}), ("theta", {}), ("auto_ets", {}), ("seasonal_naive", {}),
          ("xgboost", {"n_estimators": 150, "max_depth": 6, "learning_rate": 0.1}),
          ("moving_average", {})]
# (seconds after the first candidate starts, seconds the database stays down)
ROUNDS = [(0.0, 0.3), (0.2, 1.0), (0.5, 2.0), (0.8, 0.5), (1.0, 4.5), (1.5, 1.5),
          (0.1, 3.5), (0.4, 0.8), (2.0, 2.5), (0.6, 6.0)]


def outcome(cluster, sid):
    """What must not depend on the outage: statuses, results and the winner."""
    rows = cluster.query(
        "SELECT json_agg(json_build_object('ordinal', ordinal, 'status', status, "
        "'error', error_message, 'metrics', result -> 'metrics', 'folds', result -> 'folds') "
        f"ORDER BY ordinal) FROM model_selection_candidate WHERE selection_id = '{sid}'")
    run = cluster.query("SELECT json_build_object('status', status, 'winner', winner ->> "
                        "'model_type', 'settle_count', settle_count) FROM model_selection_run "
                        f"WHERE selection_id = '{sid}'")
    return json.loads(run), json.loads(rows)


def submit_after_outage(pb, worker):
    """The first calls after a restart may meet sessions the worker has not yet reconnected."""
    for attempt in range(5):
        try:
            return submit(pb, worker, MODELS)
        except grpc.RpcError as err:
            if err.code() != grpc.StatusCode.UNAVAILABLE or attempt == 4:
                raise
            time.sleep(0.5)


def settled(cluster, sid):
    return cluster.query(f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") \
        in {"completed", "partial", "failed", "cancelled"}


def test_postgres_killed_mid_run_changes_nothing(pb, cluster):
    worker = cluster.start_worker("chaos", parallel=2, lease="3s")
    reference = submit(pb, worker, MODELS)
    wait_until(lambda: settled(cluster, reference), 120, "the undisturbed run")
    expected_run, expected_candidates = outcome(cluster, reference)
    assert expected_run["status"] == "completed"
    assert expected_run["settle_count"] == 1
    assert all(c["status"] == "completed" for c in expected_candidates)

    for number, (delay, down) in enumerate(ROUNDS):
        sid = submit_after_outage(pb, worker)
        wait_until(lambda: cluster.query(
            f"SELECT count(*) FROM model_selection_candidate WHERE selection_id = '{sid}' "
            "AND status <> 'pending'") != "0", 30, f"round {number}: a claimed candidate")
        time.sleep(delay)
        cluster.pg_ctl("-m", "immediate", "stop")
        time.sleep(down)
        cluster.pg_ctl("restart")
        wait_until(lambda: settled(cluster, sid), 180, f"round {number}: the run to settle")
        run, candidates = outcome(cluster, sid)
        # Candidates first: their error messages say why a run went wrong.
        assert candidates == expected_candidates, f"round {number} (delay {delay}s, down {down}s)"
        assert run == expected_run, f"round {number} (delay {delay}s, down {down}s)"
        attempts = cluster.query("SELECT max(attempt) FROM model_selection_candidate "
                                 f"WHERE selection_id = '{sid}'")
        print(f"round {number}: delay {delay}s, down {down}s, max attempt {attempts}")
    assert cluster.query("SELECT count(*) FROM model_selection_candidate "
                         "WHERE status IN ('pending', 'running')") == "0"


def test_readiness_follows_the_database(http, cluster):
    """The worker's health (and so the gateway's /readyz) is NOT_SERVING while PostgreSQL does
    not answer, and SERVING again by itself once it does."""
    assert http.get("/readyz").status == 200
    cluster.pg_ctl("-m", "immediate", "stop")
    try:
        wait_until(lambda: http.get("/readyz").status == 503, 20, "/readyz to report the outage")
    finally:
        cluster.pg_ctl("restart")
    wait_until(lambda: http.get("/readyz").status == 200, 30, "/readyz to recover")
