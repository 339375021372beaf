"""A rolling restart of both services under load loses no accepted request and no run.

Two workers behind one gateway (plaintext on loopback, the gateway balancing over both);
client threads submit runs through the gateway, each with its own request_id, and poll them.
A request counts as *accepted* once the gateway answered it: a connection refused or reset
before any answer (the gateway between processes) is retried with the same request_id,
which makes the retry safe. While the load runs:

1. the gateway gets SIGTERM with a synchronous run and an event stream in flight: the run's
   answer still arrives (200, settled), the stream ends with the final `event: error`, the
   process exits 0, and a new gateway takes the port;
2. each worker in turn gets SIGTERM (it drains and exits 0) and comes back on its port.

Then every accepted submit has exactly one run, settled exactly once and completed, and no
answer was an error other than the documented 503 refusals of a stopping gateway."""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from cluster import WORKER, Cluster, wait_until
from conftest import BUILD_DIR, SOURCE_DIR, free_port

GATEWAY = os.path.join(BUILD_DIR, "api-gateway/api-gateway")
LOAD_THREADS = 3
LOAD_SECONDS_MAX = 120


def wait_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on {port} after {seconds}s")


class Services:
    def __init__(self, cluster, logs):
        self.cluster = cluster
        self.logs = logs
        self.worker_ports = [free_port(), free_port()]
        self.http_port = free_port()
        self.workers = [None, None]
        self.gateway = None

    def start_worker(self, i):
        port = self.worker_ports[i]
        self.workers[i] = subprocess.Popen(
            [WORKER, "serve", *self.cluster.app_flags, f"--grpc_listen=127.0.0.1:{port}",
             "--global_max_parallel=1", "--lease_duration=3s", "--shutdown_grace=20s"],
            cwd=SOURCE_DIR, stdout=open(self.logs / f"worker{i}.log", "a"),
            stderr=subprocess.STDOUT)
        wait_port(port)

    def start_gateway(self):
        targets = ",".join(f"127.0.0.1:{p}" for p in self.worker_ports)
        self.gateway = subprocess.Popen(
            [GATEWAY, f"--http_listen=127.0.0.1:{self.http_port}",
             f"--worker_target=ipv4:{targets}", "--shutdown_grace=60s"],
            cwd=SOURCE_DIR, stdout=open(self.logs / "gateway.log", "a"),
            stderr=subprocess.STDOUT)
        wait_port(self.http_port)

    def stop_all(self):
        for proc in [self.gateway, *self.workers]:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=60)


def call(port, method, path, body=None, timeout=60):
    """(status, json or None); raises OSError when no answer arrived."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def run_body(models, request_id):
    return {"store_id": 1, "product_id": 1, "forecast_horizon": 14, "request_id": request_id,
            "candidate_models": [m if isinstance(m, dict) else {"model_type": m} for m in models]}


class Load:
    """Client threads submitting and polling runs until stopped; every answer is recorded."""

    def __init__(self, port):
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.accepted = {}      # request_id -> selection_id
        self.unexpected = []    # answers no client should see
        self.refusals = 0       # 503 from a stopping gateway, connections refused or reset
        self.threads = [threading.Thread(target=self.client, daemon=True)
                        for _ in range(LOAD_THREADS)]

    def submit(self, request_id):
        """Until answered (bounded): retries the same request_id after a refusal."""
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, body = call(self.port, "POST", "/model-selection/runs",
                                    run_body(["naive", "seasonal_naive"], request_id))
            except OSError:
                with self.lock:
                    self.refusals += 1
                time.sleep(0.05)
                continue
            if status == 503:
                with self.lock:
                    self.refusals += 1
                time.sleep(0.05)
                continue
            return status, body
        return None, None

    def client(self):
        while not self.stop.is_set():
            request_id = str(uuid.uuid4())
            status, body = self.submit(request_id)
            with self.lock:
                if status in (200, 202):
                    self.accepted[request_id] = body["selection_id"]
                else:
                    self.unexpected.append((request_id, status, body))
            if status in (200, 202):
                try:
                    status, _ = call(self.port, "GET", f"/model-selection/{body['selection_id']}")
                    if status not in (200, 503):
                        with self.lock:
                            self.unexpected.append(("GET", status))
                except OSError:
                    with self.lock:
                        self.refusals += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=90)


def read_events(port, path, out):
    """Reads an event stream to its end into out["text"]; sets out["open"] at its first
    event."""
    lines = []
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as resp:
            out["status"] = resp.status
            for line in resp:
                lines.append(line.decode())
                if line.startswith(b"event:"):
                    out["open"].set()
    except Exception as e:  # pylint: disable=broad-except
        out["error"] = repr(e)
    out["text"] = "".join(lines)


@pytest.fixture
def services(stack, tmp_path):
    s = Services(Cluster(stack, tmp_path), tmp_path)
    try:
        s.start_worker(0)
        s.start_worker(1)
        s.start_gateway()
        yield s
    finally:
        s.stop_all()


def test_a_rolling_restart_of_both_services_loses_nothing_accepted(services):
    port = services.http_port
    started = time.time()
    with Load(port) as load:
        wait_until(lambda: len(load.accepted) >= 5, 60, "the load to get going")
        # In flight when the gateway stops: a synchronous run, and an event stream on it.
        sync = {}
        sync_request_id = str(uuid.uuid4())
        # A few seconds of backtest: in flight at SIGTERM, done well within the grace.
        medium = {"model_type": "xgboost",
                  "params": {"n_estimators": 200, "max_depth": 6, "learning_rate": 0.05}}
        syncer = threading.Thread(target=lambda: sync.update(answer=call(
            port, "POST", "/model-selection/run", run_body([medium], sync_request_id),
            timeout=90)), daemon=True)
        syncer.start()
        cluster = services.cluster
        running = ("SELECT r.selection_id FROM model_selection_candidate c "
                   "JOIN model_selection_run r USING (selection_id) WHERE c.status = 'running' "
                   f"AND r.request_id = '{sync_request_id}'")
        wait_until(lambda: cluster.query(running) != "", 60,
                   "the synchronous run's candidate to run")
        sync_sid = cluster.query(running)
        stream = {"open": threading.Event()}
        reader = threading.Thread(target=read_events, daemon=True,
                                  args=(port, f"/model-selection/{sync_sid}/events", stream))
        reader.start()
        assert stream["open"].wait(30), stream

        services.gateway.send_signal(signal.SIGTERM)
        assert services.gateway.wait(timeout=60) == 0
        syncer.join(timeout=60)
        reader.join(timeout=60)
        # The synchronous run was answered in full by the stopping gateway.
        status, body = sync["answer"]
        assert status == 200, body
        assert body["status"] == "RUN_STATE_COMPLETED"
        # The event stream ended with the final event, not a cut connection.
        assert stream.get("status") == 200, stream
        assert "event: error" in stream["text"] and "shutting down" in stream["text"], stream
        services.start_gateway()

        for i in (0, 1):
            accepted_before = len(load.accepted)
            services.workers[i].send_signal(signal.SIGTERM)
            assert services.workers[i].wait(timeout=60) == 0
            services.start_worker(i)
            wait_until(lambda: len(load.accepted) >= accepted_before + 3, 60,
                       f"runs accepted after worker {i} came back")
        assert time.time() - started < LOAD_SECONDS_MAX
    assert load.unexpected == []
    accepted = dict(load.accepted)
    assert len(accepted) >= 10

    cluster = services.cluster
    ids = ",".join(f"'{sid}'" for sid in [*accepted.values(), sync_sid])
    wait_until(lambda: cluster.query(
        f"SELECT count(*) FROM model_selection_run WHERE selection_id IN ({ids}) "
        f"AND status = 'completed'") == str(len(accepted) + 1), 180,
        "every accepted run to complete")
    assert cluster.query(f"SELECT count(*) FROM model_selection_run WHERE selection_id IN ({ids}) "
                         f"AND settle_count <> 1") == "0"
    # One run per request_id, retries included.
    request_ids = ",".join(f"'{r}'" for r in accepted)
    assert cluster.query(f"SELECT count(*) FROM model_selection_run "
                         f"WHERE request_id IN ({request_ids})") == str(len(accepted))
    assert len(set(accepted.values())) == len(accepted)
