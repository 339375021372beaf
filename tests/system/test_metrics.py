"""The metrics of the running stack, scraped as Prometheus does: the worker's plaintext port
and the gateway's /metrics (metrics:read scope), parsed with the Prometheus client library's
own parser. A run through the gateway moves the counters it should, and by how much."""

import os
import sys
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import SOURCE_DIR
from test_runs_rest import request, wait_terminal

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests/deploy"))
from metrics_table import read_metrics_table  # noqa: E402  (the docs' table, shared)


def scrape(text):
    """{(sample name, frozenset(labels)): value} of one exposition."""
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples, name, **labels):
    """Sum over every series of `name` whose labels include `labels`."""
    return sum(v for (n, ls), v in samples.items()
               if n == name and set(labels.items()) <= set(ls))


def worker_scrape(stack):
    with urllib.request.urlopen(stack["worker_metrics"], timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain")
        return scrape(resp.read().decode())


def gateway_scrape(http):
    resp = http.get("/metrics")
    assert resp.status == 200, resp
    assert resp.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return scrape(resp.content.decode())


def wait_for(what, probe, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if probe():
            return
        time.sleep(0.25)
    pytest.fail(f"{what} within {timeout}s")


def test_a_run_moves_the_worker_and_gateway_counters(stack, http):
    models = ["naive", "seasonal_naive", "moving_average"]
    w0, g0 = worker_scrape(stack), gateway_scrape(http)
    resp = http.post("/model-selection/runs", request(models, product=1))
    assert resp.status == 202, resp
    assert wait_terminal(http, resp.json()["selection_id"])["status"] == "RUN_STATE_COMPLETED"

    # The worker reports a settle and its candidates right after their commits.
    def worker_counted():
        w1 = worker_scrape(stack)
        return (value(w1, "champion_run_settles_total", state="completed")
                - value(w0, "champion_run_settles_total", state="completed") >= 1
                and total(w1, "champion_candidates_finished_total", outcome="completed")
                - total(w0, "champion_candidates_finished_total", outcome="completed") >= 3)
    wait_for("the worker counts the settle and three candidates", worker_counted)
    w1 = worker_scrape(stack)
    for model in models:
        assert (value(w1, "champion_candidate_duration_seconds_count", model=model)
                > value(w0, "champion_candidate_duration_seconds_count", model=model))
    submitted = dict(grpc_service="champion.v1.ModelSelectionService", grpc_method="SubmitRun",
                     grpc_code="OK")
    assert (value(w1, "grpc_server_handled_total", **submitted)
            - value(w0, "grpc_server_handled_total", **submitted)) == 1
    assert value(w1, "champion_database_up") == 1
    assert value(w1, "champion_db_pool_connections", state="in_use") >= 0
    assert value(w1, "champion_db_pool_connections", state="idle") >= 1
    assert value(w1, "champion_worker_draining") == 0
    # The queue is the database's, read every few seconds: the run shows as completed.
    wait_for("the sampled queue shows a completed run",
             lambda: value(worker_scrape(stack), "champion_runs", state="completed") >= 1)

    g1 = gateway_scrape(http)
    posted = dict(route="/model-selection/runs", method="POST", status="202")
    assert (value(g1, "champion_http_requests_total", **posted)
            - value(g0, "champion_http_requests_total", **posted)) == 1
    polled = dict(route="/model-selection/{selection_id}", method="GET", status="200")
    assert (value(g1, "champion_http_requests_total", **polled)
            > value(g0, "champion_http_requests_total", **polled))
    assert value(g1, "champion_http_open_connections") >= 1
    assert value(g1, "champion_gateway_draining") == 0


def test_worker_errors_are_counted_on_both_sides(stack, http):
    w0, g0 = worker_scrape(stack), gateway_scrape(http)
    missing = http.get("/model-selection/" + "0" * 32)
    assert missing.status == 404, missing
    w1, g1 = worker_scrape(stack), gateway_scrape(http)
    not_found = dict(grpc_service="champion.v1.ModelSelectionService", grpc_method="GetRun",
                     grpc_code="NOT_FOUND")
    assert (value(w1, "grpc_server_handled_total", **not_found)
            - value(w0, "grpc_server_handled_total", **not_found)) == 1
    upstream = dict(grpc_method="ModelSelectionService/GetRun", grpc_code="NOT_FOUND")
    assert (value(g1, "champion_upstream_errors_total", **upstream)
            - value(g0, "champion_upstream_errors_total", **upstream)) == 1


def test_every_documented_metric_is_served_by_its_side(stack, http):
    documented = read_metrics_table(os.path.join(SOURCE_DIR, "docs/OPERATIONS.md"))
    served = {"worker": worker_scrape(stack), "gateway": gateway_scrape(http)}
    names = {side: {n for (n, _) in samples} for side, samples in served.items()}
    for metric, side in documented.items():
        variants = {metric, metric + "_count", metric + "_total"}
        assert variants & names[side], f"{metric} is not served by the {side}"
    # And nothing undocumented of ours is served.
    for side, served_names in names.items():
        for name in served_names:
            if name.startswith(("champion_", "grpc_server_")):
                base = name
                for suffix in ("_bucket", "_count", "_sum", "_created"):
                    base = base.removesuffix(suffix)
                assert base in documented or base + "_total" in documented, (side, name)


def test_gateway_metrics_need_a_credential(http):
    anonymous = http.get("/metrics", headers={"Authorization": None})
    assert anonymous.status == 401
