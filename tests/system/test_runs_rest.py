"""Model-selection runs through the gateway: synchronous runs, the asynchronous lifecycle
(202, progress, settle), cancel, idempotency and the SSE stream."""

import json
import threading
import time
import urllib.request

import pytest

from conftest import unique_code

DEFAULT = ["naive", "seasonal_naive", "moving_average", "regression", "prophet_like",
           "auto_ets", "auto_arima", "theta"]
TERMINAL = {"RUN_STATE_COMPLETED", "RUN_STATE_PARTIAL", "RUN_STATE_FAILED", "RUN_STATE_CANCELLED"}
SLOW = {"model_type": "xgboost", "params": {"n_estimators": 1000, "max_depth": 12,
                                            "learning_rate": 0.01}}


def slow(variant):
    """SLOW with a slightly other learning rate, so that several of them in one run are
    distinct candidates (the same candidate twice is a request error)."""
    return {"model_type": "xgboost",
            "params": dict(SLOW["params"], learning_rate=0.01 + 0.001 * variant)}


def request(models, store=1, product=1, **extra):
    body = {"store_id": store, "product_id": product, "forecast_horizon": 14,
            "candidate_models": [m if isinstance(m, dict) else {"model_type": m} for m in models]}
    body.update(extra)
    return body


def wait_terminal(http, selection_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        run = http.get(f"/model-selection/{selection_id}").json()
        if run["status"] in TERMINAL:
            return run
        time.sleep(0.2)
    pytest.fail(f"run {selection_id} not terminal after {timeout}s")


def test_slow_movers_are_intermittent_and_still_get_a_champion(http):
    """The seeded slow movers (products 4, 9 and 14, sold by the unit) have mostly zero days.
    A test fold without a single sale used to make WAPE undefined for every candidate and the
    run ended without a champion; pooled metrics rank them all."""
    zero_sale_folds = 0
    for store in range(1, 6):
        for product in (4, 9, 14):
            availability = http.get("/model-selection/availability?store_id="
                                    f"{store}&product_id={product}").json()
            assert availability["demand_pattern"] in {"DEMAND_PATTERN_INTERMITTENT",
                                                      "DEMAND_PATTERN_LUMPY"}, availability
            assert availability["adi"] >= 1.32
            assert any("fragile" in w for w in availability["warnings"])
            resp = http.post("/model-selection/run", request(DEFAULT, store, product))
            assert resp.status == 200, resp
            run = resp.json()
            assert run["status"] == "RUN_STATE_COMPLETED", (store, product)
            assert run["winner"] is not None, (store, product, run["business_summary"])
            assert all(e["included"] for e in run["ranking"]), (store, product)
            assert run["ranked_by"] in {"RANKING_METRIC_WAPE", "RANKING_METRIC_MAE"}
            folds = run["ranking"][0]["fold_metrics"]
            zero_sale_folds += any(f["metrics"]["wape"] is None for f in folds)
    assert zero_sale_folds >= 1  # the case that used to end without a champion

    # The pair's own preselection adds the intermittent family, and every member runs.
    recommended = availability["recommended_candidate_model_types"]
    # ARIMA assumes demand on most days: the intermittent family takes its place.
    assert recommended == [m for m in DEFAULT if m != "auto_arima"] + ["croston", "adida", "imapa"]
    run = http.post("/model-selection/run", request(recommended, store, product)).json()
    assert run["status"] == "RUN_STATE_COMPLETED", [
        (c["model_type"], c["error"]) for c in run["candidate_progress"]]
    assert {e["model_type"] for e in run["ranking"]} == set(recommended)
    assert all(e["included"] for e in run["ranking"])


def test_sync_run_with_default_candidates(http):
    resp = http.post("/model-selection/run", request(DEFAULT, quantile_levels=[0.95, 0.05]))
    assert resp.status == 200, resp
    run = resp.json()
    # The levels asked for, increasing, around the champion's forecast.
    assert [q["level"] for q in run["forecast"]["quantiles"]] == [0.05, 0.95]
    assert run["final_model"]["model_type"] == run["winner"]["model_type"]
    assert run["status"] == "RUN_STATE_COMPLETED", [
        (c["model_type"], c["error"]) for c in run["candidate_progress"]]
    assert [e["rank"] for e in run["ranking"]] == list(range(1, len(DEFAULT) + 1))
    assert run["winner"]["model_type"] == run["ranking"][0]["model_type"]
    assert run["winner"]["params"] == run["ranking"][0]["params"]
    assert run["recommendation_confidence"] in {"CONFIDENCE_LEVEL_HIGH", "CONFIDENCE_LEVEL_MEDIUM",
                                                "CONFIDENCE_LEVEL_LOW"}
    assert len(run["confidence_reasons"]) >= 2  # the rule, then the Diebold-Mariano finding
    assert 0 <= run["significance"]["p_value"] <= 1
    charts = run["chart_data"]
    assert len(charts["wape_by_model"]) == len(DEFAULT)
    assert len(charts["actual_vs_predicted"]) == len(DEFAULT)
    assert len(charts["winner_actual_vs_predicted"]) == 5
    assert run["business_summary"]["headline"]
    assert "confidence" not in run  # the field is recommendation_confidence
    # read back: the same run, byte for byte where nothing can change
    again = http.get(f"/model-selection/{run['selection_id']}").json()
    assert again == run
    ranking = http.get(f"/model-selection/{run['selection_id']}/ranking").json()
    assert ranking["winner"] == run["winner"]
    assert ranking["entries"] == run["ranking"]


def test_bad_param_fails_only_that_candidate(http):
    run = http.post("/model-selection/run", request(
        ["naive", {"model_type": "moving_average", "params": {"window_size": 0}}])).json()
    assert run["status"] == "RUN_STATE_PARTIAL"
    excluded = run["ranking"][-1]
    assert excluded["included"] is False and excluded["rank"] is None
    assert excluded["metrics"] is None and "window_size" in excluded["exclusion_reason"]
    assert run["winner"]["model_type"] == "naive"


def test_all_candidates_failing_is_a_failed_run_without_winner(http):
    resp = http.post("/model-selection/run", request(
        [{"model_type": "moving_average", "params": {"window_size": 500}}, "lightgbm"]))
    assert resp.status == 200, resp
    run = resp.json()
    assert run["status"] == "RUN_STATE_FAILED"
    assert run["winner"] is None and run["chart_data"] is None
    assert run["recommendation_confidence"] == "CONFIDENCE_LEVEL_LOW"
    assert "no candidate" in run["confidence_reasons"][0]


@pytest.mark.parametrize("change, field", [
    ({"split_config": {"horizon": 7}}, "split_config.horizon"),
    ({"auto_predict": True}, "auto_predict"),
    ({"feature_groups": ["calendar"]}, "feature_groups"),
    ({"selection_window": {"start_date": "2026-03-01", "end_date": "2026-01-01"}},
     "selection_window.end_date"),
    ({"candidate_models": []}, "candidate_models"),
    ({"candidate_models": [{"model_type": "naive"}] * 11}, "candidate_models"),
])
def test_request_errors_are_422(http, change, field):
    body = dict(request(["naive"]), **change)
    for path in ("/model-selection/run", "/model-selection/runs"):
        resp = http.post(path, body)
        assert resp.status == 422, resp
        assert field in {e["field"] for e in resp.json()["errors"]}


def unusable_pair(http):
    for product in range(1, 21):
        a = http.get(f"/model-selection/availability?store_id=1&product_id={product}").json()
        if a["status"] == "AVAILABILITY_STATUS_UNUSABLE":
            return product
    pytest.fail("the demo data has no unusable pair for store 1")


def test_unusable_pair_is_400_and_recorded_as_failed(http):
    product = unusable_pair(http)
    resp = http.post("/model-selection/runs", request(["naive"], product=product))
    assert resp.status == 400, resp
    assert resp.headers["content-type"].startswith("application/problem+json")
    runs = http.get(f"/model-selection/runs?store_id=1&product_id={product}").json()["runs"]
    assert runs and runs[0]["status"] == "RUN_STATE_FAILED" and runs[0]["error_message"]
    assert runs[0]["progress"]["total"] == 0


def test_ranking_by_interval_coverage_prefers_the_calibrated_band(http):
    body = request(["naive", "theta", "auto_ets", "seasonal_naive"], product=5,
                   ranking_metric="RANKING_METRIC_COVERAGE")
    resp = http.post("/model-selection/run", body)
    assert resp.status == 200, resp
    run = resp.json()
    assert run["ranking_metric"] == run["ranked_by"] == "RANKING_METRIC_COVERAGE"
    distances = [abs(e["metrics"]["coverage"] - 80) for e in run["ranking"]]
    assert distances == sorted(distances)
    assert run["winner"]["model_type"] == run["ranking"][0]["model_type"]


def test_async_run_is_accepted_at_once_then_settles(http):
    started = time.time()
    resp = http.post("/model-selection/runs", request(["naive", "theta", "seasonal_naive"], product=2))
    assert resp.status == 202, resp
    run = resp.json()
    sid = run["selection_id"]
    assert resp.headers["location"] == f"/model-selection/{sid}"
    assert resp.headers["retry-after"] == "2"
    assert run["monitor_url"] == run["cancel_url"] == f"/model-selection/{sid}"
    assert run["status"] == "RUN_STATE_RUNNING" and run["started_at"]
    assert len(run["candidate_progress"]) == 3
    assert [c["ordinal"] for c in run["candidate_progress"]] == [0, 1, 2]
    settled = wait_terminal(http, sid)
    assert settled["status"] == "RUN_STATE_COMPLETED"
    assert settled["winner"]["model_type"] in {"naive", "theta", "seasonal_naive"}
    assert settled["progress"]["completed"] == 3
    assert all(c["folds_done"] == c["folds_total"] == 5 for c in settled["candidate_progress"])
    # The champion refit on the window and its forecast with P10/P50/P90, asked or not.
    assert settled["final_model"]["model_type"] == settled["winner"]["model_type"]
    forecast = settled["forecast"]
    horizon = settled["forecast_horizon"]
    assert len(forecast["dates"]) == len(forecast["values"]) == horizon
    assert forecast["dates"][0] > settled["selection_window"]["end_date"]
    # theta has its own predictive distribution; the naive models' come from backtest errors.
    expected_method = "model" if settled["winner"]["model_type"] == "theta" else "conformal"
    assert forecast["interval_method"] == expected_method
    assert [q["level"] for q in forecast["quantiles"]] == [0.1, 0.5, 0.9]
    p10, p50, p90 = (q["values"] for q in forecast["quantiles"])
    assert all(len(v) == horizon for v in (p10, p50, p90))
    assert all(0 <= lo <= mid <= hi for lo, mid, hi in zip(p10, p50, p90))
    assert any(lo < hi for lo, hi in zip(p10, p90))
    # Every ranked candidate reports how its 80% backtest interval did.
    for entry in settled["ranking"]:
        assert 0 <= entry["metrics"]["coverage"] <= 100
        assert entry["metrics"]["msis"] > 0
        assert all(0 <= f["metrics"]["coverage"] <= 100 for f in entry["fold_metrics"])
    history = http.get("/model-selection/runs?store_id=1&product_id=2&page_size=5").json()["runs"]
    mine = [r for r in history if r["selection_id"] == sid][0]
    assert mine["winner_model_type"] == settled["winner"]["model_type"]
    # The history names the pair and filters by the day the run was created (UTC).
    stores = http.get("/stores?page_size=500").json()["stores"]
    store = [s for s in stores if s["id"] == "1"][0]
    assert (mine["store_code"], mine["store_name"]) == (store["code"], store["name"])
    assert mine["product_name"] and mine["product_sku"]
    day = mine["created_at"][:10]
    same_day = http.get(f"/model-selection/runs?store_id=1&product_id=2&created_from={day}"
                        f"&created_to={day}").json()["runs"]
    assert sid in [r["selection_id"] for r in same_day]
    assert http.get("/model-selection/runs?created_to=2000-01-01").json()["runs"] == []
    bad = http.get("/model-selection/runs?created_from=2026-13-01")
    assert bad.status == 422 and "created_from" in bad.content.decode()
    assert time.time() - started < 60


def test_202_arrives_before_any_candidate_finishes(http):
    resp = http.post("/model-selection/runs", request([slow(1), slow(2)], product=3))
    assert resp.status == 202
    run = resp.json()
    assert run["progress"]["completed"] == 0 and run["progress"]["failed"] == 0
    cancelled = http.request("DELETE", f"/model-selection/{run['selection_id']}")
    assert cancelled.status == 200


def test_async_terminal_body_equals_the_sync_body(http):
    body = request(["naive", "seasonal_naive"], product=4)
    sync = http.post("/model-selection/run", body).json()
    sid = http.post("/model-selection/runs", body).json()["selection_id"]
    settled = wait_terminal(http, sid)
    volatile = {"selection_id", "created_at", "started_at", "completed_at", "candidate_progress",
                "monitor_url", "cancel_url"}
    strip = lambda r: {k: v for k, v in r.items() if k not in volatile}
    assert strip(settled) == strip(sync)


def test_cancel_stops_a_running_fit_quickly(http):
    sid = http.post("/model-selection/runs", request([slow(1), slow(2), slow(3), "naive"], product=5)).json()[
        "selection_id"]
    deadline = time.time() + 30
    while http.get(f"/model-selection/{sid}").json()["progress"]["running"] == 0:
        assert time.time() < deadline
        time.sleep(0.05)
    t0 = time.time()
    resp = http.request("DELETE", f"/model-selection/{sid}")
    drain = time.time() - t0
    assert resp.status == 200, resp
    run = resp.json()
    assert run["status"] in {"RUN_STATE_CANCELLED", "RUN_STATE_PARTIAL"}
    assert run["progress"]["running"] == 0 and run["progress"]["pending"] == 0
    assert drain < 1.0, f"cancel took {drain:.3f}s"
    print(f"cancel drain {drain * 1000:.0f} ms")
    again = http.request("DELETE", f"/model-selection/{sid}")
    assert again.status == 409 and again.json()["code"] == "FAILED_PRECONDITION"


def test_cancel_and_read_unknown_runs_are_404(http):
    for method in ("GET", "DELETE"):
        assert http.request(method, "/model-selection/" + "f" * 32).status == 404
    assert http.get("/model-selection/" + "f" * 32 + "/ranking").status == 404
    # A malformed id names no run at all: a bad request, not a missing run.
    assert http.get("/model-selection/not-an-id").status == 400


def test_idempotent_submit(http):
    key = unique_code("idem-")
    body = request(["naive"], product=6, request_id=key)
    first = http.post("/model-selection/runs", body)
    second = http.post("/model-selection/runs", body)
    assert first.status == 202 and second.status == 202
    assert first.json()["selection_id"] == second.json()["selection_id"]


def test_sse_stream_delivers_snapshot_progress_and_terminal(stack, http):
    sid = http.post("/model-selection/runs", request(["naive", "regression", "theta"], product=7)).json()[
        "selection_id"]
    url = stack["http"].base + f"/model-selection/{sid}/events"
    events, names, ids, fields = [], [], [], []
    req = urllib.request.Request(url, headers=stack["http"].auth_headers())
    with urllib.request.urlopen(req, timeout=120) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line and not line.startswith(":"):
                fields.append(line.split(":", 1)[0])
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
            elif line.startswith("event: "):
                names.append(line[7:])
            elif line.startswith("id: "):
                ids.append(line[4:])
    assert fields[0] == "retry"
    assert len(events) >= 2
    # Every event has an id and a name; the settled run is `done`, the last; no snapshot twice.
    assert len(ids) == len(names) == len(events)
    assert names[-1] == "done" and set(names[:-1]) == {"snapshot"}, names
    assert len(set(ids)) == len(ids)
    assert events[-1]["status"] in TERMINAL
    assert all(e["status"] not in TERMINAL for e in events[:-1])
    # Reconnecting with the last id: only the settled run, as `done`.
    req = urllib.request.Request(url, headers={**stack["http"].auth_headers(),
                                               "Last-Event-ID": ids[-1]})
    with urllib.request.urlopen(req, timeout=120) as stream:
        again = [raw.decode().rstrip("\n") for raw in stream]
    assert [line for line in again if line.startswith("event: ")] == ["event: done"]
    assert all(e["selection_id"] == sid for e in events)
    done = [e["progress"]["folds_done"] for e in events]
    assert done == sorted(done)  # progress only moves forward


def test_sse_client_leaving_does_not_cancel(stack, http):
    sid = http.post("/model-selection/runs", request(["naive", "theta"], product=8)).json()[
        "selection_id"]
    req = urllib.request.Request(stack["http"].base + f"/model-selection/{sid}/events",
                                 headers=stack["http"].auth_headers())
    with urllib.request.urlopen(req, timeout=30) as stream:
        stream.readline()
    assert wait_terminal(http, sid)["status"] == "RUN_STATE_COMPLETED"
