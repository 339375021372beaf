"""deploy/k8s/overlays/local run for real with `podman kube play` (deploy/k8s/local.sh):
PostgreSQL, two worker pods and the gateway on loopback, TLS on every hop, tokens on every
call. Runs submitted through the gateway settle exactly once when a worker pod is killed
mid-run, and again while the workers are replaced by pods of a new image tag (a rolling
update: new pods first, then each old one stopped with SIGTERM, which drains it)."""

import json
import os
import subprocess
import tempfile

import pytest
import yaml

from cluster import wait_until
from conftest import SOURCE_DIR, Http

LOCAL_SH = os.path.join(SOURCE_DIR, "deploy/k8s/local.sh")
STATE = "/var/lib/champion/k8s-local"
SLOW = {"model_type": "xgboost", "params": {"n_estimators": 250, "max_depth": 8,
                                             "learning_rate": 0.05}}
ROLLED_TAG = "rolled"


def podman(*args, check=True, timeout=120):
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout,
                          check=check)


def sql(statement):
    with open(os.path.join(STATE, "secrets/db-init/superuser.password"), encoding="ascii") as f:
        password = f.read().strip()
    out = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", "15432", "-U", "postgres",
                          "-d", "champion", "-c", statement], capture_output=True, text=True,
                         check=True, timeout=30, env=dict(os.environ, PGPASSWORD=password))
    return out.stdout.strip()


def rolled_deployment():
    """The worker Deployment of the rendered overlay under another name and a new image tag,
    with the ConfigMaps it reads (what a rollout of a new version starts)."""
    with open(os.path.join(STATE, "rendered.yaml"), encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    keep = [d for d in docs if d["kind"] == "ConfigMap"]
    worker = next(d for d in docs if d["kind"] == "Deployment"
                  and d["metadata"]["name"] == "selector-worker")
    worker["metadata"]["name"] = "selector-worker-rolled"
    container = worker["spec"]["template"]["spec"]["containers"][0]
    container["image"] = container["image"].rsplit(":", 1)[0] + ":" + ROLLED_TAG
    path = tempfile.mktemp(prefix="champion-rolled-", suffix=".yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump_all(keep + [worker], f, sort_keys=False)
    return path


@pytest.fixture(scope="module")
def local():
    up = subprocess.run([LOCAL_SH, "up"], capture_output=True, text=True, timeout=1800)
    rolled = None
    try:
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        with open(os.path.join(STATE, "dev-token"), encoding="ascii") as f:
            token = f.read().strip()
        state = {"http": Http("https://localhost:18443", token,
                              cafile=os.path.join(STATE, "secrets/ca/ca.crt"))}
        yield state
        rolled = state.get("rolled")
    finally:
        if rolled:
            podman("kube", "down", rolled, check=False)
            os.unlink(rolled)
        subprocess.run([LOCAL_SH, "down"], capture_output=True, timeout=300)
        podman("rmi", "--force", f"localhost/champion/selector-worker:{ROLLED_TAG}", check=False)


def submit_runs(http, count):
    ids = []
    for _ in range(count):
        # The seed's first pair has the full history (some later ones are intermittent).
        created = http.post("/model-selection/runs", {
            "store_id": 1, "product_id": 1, "forecast_horizon": 14,
            "candidate_models": [SLOW, {"model_type": "naive"}, {"model_type": "theta"}]})
        assert created.status == 202, created
        ids.append(created.json()["selection_id"])
    return ids


def in_list(ids):
    return ",".join(f"'{i}'" for i in ids)


def wait_settled_once(ids, timeout=300):
    wait_until(lambda: sql(f"SELECT count(*) FROM model_selection_run WHERE selection_id IN "
                           f"({in_list(ids)}) AND status IN ('completed', 'partial')")
               == str(len(ids)), timeout, f"{len(ids)} runs to settle",
               lambda: sql("SELECT string_agg(status || ' ' || coalesce(lease_owner, '-'), '; ') "
                           "FROM model_selection_candidate WHERE status <> 'completed'"))
    assert sql(f"SELECT sum(settle_count) FROM model_selection_run "
               f"WHERE selection_id IN ({in_list(ids)})") == str(len(ids))
    assert sql("SELECT count(*) FROM model_selection_candidate WHERE status = 'running'") == "0"


def running_on(pod):
    return sql(f"SELECT count(*) FROM model_selection_candidate WHERE status = 'running' "
               f"AND lease_owner LIKE '{pod}:%'")


def test_the_local_overlay_serves_with_tls_and_tokens(local):
    http = local["http"]
    assert http.get("/readyz").status == 200
    assert http.get("/stores", headers={"Authorization": None}).status == 401
    stores = http.get("/stores")
    assert stores.status == 200 and len(stores.json()["stores"]) == 2
    pods = podman("pod", "ps", "--format", "{{.Name}} {{.Status}}").stdout
    for pod in ("postgres-pod-0", "selector-worker-pod-0", "selector-worker-pod-1",
                "api-gateway-pod-0"):
        assert f"{pod} Running" in pods, pods


def test_a_killed_worker_pod_loses_no_run(local):
    http = local["http"]
    ids = submit_runs(http, 4)
    wait_until(lambda: running_on("selector-worker-pod-1") != "0", 120,
               "worker pod 1 to run a candidate")
    podman("pod", "kill", "selector-worker-pod-1")
    wait_settled_once(ids)
    # Its candidate was taken over after the lease expired: a second attempt.
    assert sql(f"SELECT max(attempt) FROM model_selection_candidate "
               f"WHERE selection_id IN ({in_list(ids)})") >= "2"


def test_a_rolling_update_under_load_settles_every_run_once(local):
    http = local["http"]
    podman("tag", "localhost/champion/selector-worker:local",
           f"localhost/champion/selector-worker:{ROLLED_TAG}")
    ids = submit_runs(http, 4)
    wait_until(lambda: running_on("selector-worker-pod-0") != "0", 120,
               "worker pod 0 to run a candidate")
    # New pods first (maxSurge), then the old ones stop, each with SIGTERM (a drain).
    local["rolled"] = rolled_deployment()
    podman("kube", "play", local["rolled"])
    old = [p for p in ("selector-worker-pod-0", "selector-worker-pod-1")
           if f"{p} Running" in podman("pod", "ps", "--format", "{{.Name}} {{.Status}}").stdout]
    assert "selector-worker-pod-0" in old
    for pod in old:
        podman("pod", "stop", "--time", "40", pod, timeout=90)
        state = json.loads(podman("inspect", f"{pod}-selector-worker").stdout)[0]["State"]
        assert state["ExitCode"] == 0, state
    wait_settled_once(ids)
    # The new version did the rest of the work, and the old pods left nothing half done.
    assert sql(f"SELECT count(*) FROM model_selection_candidate WHERE selection_id IN "
               f"({in_list(ids)}) AND lease_owner LIKE 'selector-worker-rolled-pod-%'") != "0"
    assert http.get(f"/model-selection/{ids[0]}").json()["winner"]["model_type"]
