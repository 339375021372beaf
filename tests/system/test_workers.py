"""Several worker processes on one queue: every run settles exactly once, a worker killed
with SIGKILL mid-run loses nothing, and a PostgreSQL restart leaves no run stuck.

These tests use their own database in the stack's cluster and their own worker processes
(short leases, so recovery is quick), talking to them over real gRPC."""

import os
import signal
import subprocess
import time

import grpc
import pytest

from conftest import BUILD_DIR, SOURCE_DIR, free_port

WORKER = os.path.join(BUILD_DIR, "selector-worker/selector-worker")
TERMINAL_SQL = "('completed','partial','failed','cancelled')"


class Cluster:
    def __init__(self, stack, tmp_path):
        self.pg_port = stack["env"]["CHAMPION_PG_PORT"]
        self.pg_dir = os.path.join(stack["state"], "pg")
        self.db = "champion_workers"
        self.sql("postgres", f"DROP DATABASE IF EXISTS {self.db}")
        self.sql("postgres", f"CREATE DATABASE {self.db}")
        self.url = f"host=127.0.0.1 port={self.pg_port} user=postgres dbname={self.db}"
        for cmd in (["migrate", "up"], ["seed", "--stores", "1", "--products", "3", "--days", "730"]):
            subprocess.run([WORKER, *cmd, f"--database_url={self.url}"], check=True,
                           cwd=SOURCE_DIR, capture_output=True)
        self.logs = tmp_path
        self.workers = {}

    def sql(self, db, statement):
        out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", self.pg_port,
                              "-U", "postgres", "-d", db, "-c", statement],
                             check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def query(self, statement):
        return self.sql(self.db, statement)

    def start_worker(self, name):
        port = free_port()
        log = open(os.path.join(self.logs, f"{name}.log"), "w")
        proc = subprocess.Popen([WORKER, "serve", f"--database_url={self.url}",
                                 f"--grpc_listen=127.0.0.1:{port}", "--global_max_parallel=1",
                                 "--lease_duration=2s"],
                                cwd=SOURCE_DIR, stdout=log, stderr=subprocess.STDOUT)
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=30)
        self.workers[name] = (proc, channel)
        return channel

    def stop(self):
        for proc, channel in self.workers.values():
            channel.close()
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


@pytest.fixture
def cluster(stack, tmp_path):
    c = Cluster(stack, tmp_path)
    yield c
    c.stop()


def submit(pb, channel, models, product=1):
    stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
    req = pb["selection"].RunSelectionRequest(store_id=1, product_id=product, forecast_horizon=14)
    for m in models:
        c = req.candidate_models.add()
        c.model_type = m[0]
        for k, v in m[1].items():
            c.params[k] = v
    return stub.SubmitRun(req, timeout=30).selection_id


def wait_until(predicate, timeout, what, describe=lambda: ""):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what} {describe()}")


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
    sid = submit(pb, a, [SLOW, SLOW, ("naive", {})])
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


def test_postgres_restart_mid_run_leaves_nothing_stuck(pb, cluster):
    a = cluster.start_worker("a")
    sid = submit(pb, a, [SLOW, ("naive", {}), ("theta", {})])
    wait_until(lambda: cluster.query(
        f"SELECT count(*) FROM model_selection_candidate WHERE selection_id = '{sid}' "
        f"AND status = 'running'") == "1", 60, "a running candidate")
    # The restarted server must not inherit our pipes (it would hold them open forever).
    subprocess.run(["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl",
                    "-D", os.path.join(cluster.pg_dir, "data"), "-l",
                    os.path.join(cluster.pg_dir, "pg.log"), "-m", "fast", "-w", "restart"],
                   check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60)
    wait_until(lambda: cluster.query(
        f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") in
               {"completed", "partial", "failed"}, 180, "the run to settle after the restart")
    assert cluster.query("SELECT count(*) FROM model_selection_candidate "
                         "WHERE status IN ('running', 'pending')") == "0"
    # and the worker still answers
    stub = pb["selection_grpc"].ModelSelectionServiceStub(a)
    assert stub.GetRun(pb["selection"].GetRunRequest(selection_id=sid), timeout=30).status
