"""deploy/k8s: every overlay renders with `kubectl kustomize`, and what it renders keeps the
promises docs/OPERATIONS.md makes: unprivileged pods with read-only roots, probes, resources,
a grace period longer than the drain, NetworkPolicies that only let the gateway reach the
workers and only the workers reach PostgreSQL, and the scaling rules."""

import os
import subprocess

import pytest
import yaml

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
K8S = os.path.join(SOURCE_DIR, "deploy/k8s")
OVERLAYS = sorted(os.listdir(os.path.join(K8S, "overlays")))


def render(path):
    out = subprocess.run(["kubectl", "kustomize", path], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def pod_specs(docs):
    for d in docs:
        if d["kind"] in ("Deployment", "Job"):
            yield d["metadata"]["name"], d["spec"]["template"]["spec"]
        elif d["kind"] == "CronJob":
            yield d["metadata"]["name"], d["spec"]["jobTemplate"]["spec"]["template"]["spec"]


# What a cluster runs. The local overlay (podman kube play) has its own checks below and runs
# for real in tests/system/test_k8s_local.py.
@pytest.fixture(scope="module", params=["base", "overlays/production"])
def rendered(request):
    return request.param, render(os.path.join(K8S, request.param))


def test_the_overlays_are_local_and_production():
    assert OVERLAYS == ["local", "production"]


def test_the_local_overlay_stays_on_loopback_and_keeps_pods_unprivileged():
    docs = render(os.path.join(K8S, "overlays/local"))
    for name, spec in pod_specs(docs):
        assert spec["hostNetwork"] is True, name
        for c in spec["containers"]:
            assert "ports" not in c, name  # podman cannot map ports with host networking
            assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
            if name != "postgres":
                assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
        for volume in spec["volumes"]:
            assert "secret" not in volume, name  # podman 4.3 cannot mount Secret volumes
            if "hostPath" in volume:
                assert volume["hostPath"]["path"].startswith("/var/lib/champion/k8s-local/")
    for config in by_kind(docs, "ConfigMap").values():
        for key, value in config["data"].items():
            if key.endswith(("_LISTEN", "_TARGET")):
                # Empty: that server is off (the workers' metrics, which two pods on one
                # loopback could not share).
                assert value == "" or value.startswith("127.0.0.1:"), (key, value)
            if key == "CHAMPION_DATABASE_URL":
                assert "host=127.0.0.1 " in value
    worker = by_kind(docs, "Deployment")["selector-worker"]
    assert worker["spec"]["replicas"] == 2
    # Two workers on one loopback cannot share an HTTP port: their metrics are off, and
    # nothing asks a scraper to look for them.
    assert by_kind(docs, "ConfigMap")["selector-worker"]["data"]["CHAMPION_METRICS_LISTEN"] == ""
    annotations = worker["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "false"


def test_every_resource_is_in_the_namespace_and_labelled(rendered):
    _, docs = rendered
    for d in docs:
        if d["kind"] == "Namespace":
            assert d["metadata"]["name"] == "champion"
            assert d["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
            continue
        assert d["metadata"].get("namespace") == "champion", d["metadata"]["name"]
        assert d["metadata"]["labels"]["app.kubernetes.io/part-of"] == "champion"


def test_pods_run_unprivileged_with_read_only_roots_and_limits(rendered):
    _, docs = rendered
    specs = dict(pod_specs(docs))
    assert {"selector-worker", "api-gateway", "champion-migrate", "champion-purge"} <= specs.keys()
    for name, spec in specs.items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] == 65532, name
        assert spec["automountServiceAccountToken"] is False, name
        for c in spec["containers"]:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, name
            assert sc["allowPrivilegeEscalation"] is False, name
            assert sc["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= c["resources"]["requests"].keys(), name
            assert {"cpu", "memory"} <= c["resources"]["limits"].keys(), name
            # /tmp is the only writable place, and it is bounded.
            tmp = [m for m in c["volumeMounts"] if m["mountPath"] == "/tmp"]
            assert tmp, name
            volume = next(v for v in spec["volumes"] if v["name"] == tmp[0]["name"])
            assert volume["emptyDir"]["sizeLimit"], name
            # Every other mount is a read-only secret.
            for m in c["volumeMounts"]:
                if m["mountPath"] != "/tmp":
                    assert m["readOnly"] is True and m["mountPath"].startswith("/run/secrets/")


def test_the_worker_is_probed_on_its_health_port_and_drains_before_it_is_killed(rendered):
    _, docs = rendered
    worker = by_kind(docs, "Deployment")["selector-worker"]
    spec = worker["spec"]["template"]["spec"]
    container = spec["containers"][0]
    config = by_kind(docs, "ConfigMap")["selector-worker"]["data"]
    health_port = int(config["CHAMPION_HEALTH_LISTEN"].rsplit(":", 1)[1])
    assert container["readinessProbe"]["grpc"]["port"] == health_port
    assert container["livenessProbe"]["grpc"]["port"] == health_port
    assert container["args"] == ["serve"]
    # The worker's own drain: its shutdown grace, then 5 s for calls in flight.
    grace = config["CHAMPION_SHUTDOWN_GRACE"]
    assert grace.endswith("s")
    assert spec["terminationGracePeriodSeconds"] > int(grace[:-1]) + 5
    assert worker["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    env = {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}
    assert env["PGUSER"] == "champion_app"


def test_the_migration_job_runs_as_the_schema_owner(rendered):
    _, docs = rendered
    job = by_kind(docs, "Job")["champion-migrate"]
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["migrate", "up"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["PGUSER"] == "champion_owner"
    mounted = {m["name"] for m in container["volumeMounts"]}
    secrets = {v["name"]: v["secret"]["secretName"]
               for v in job["spec"]["template"]["spec"]["volumes"] if "secret" in v}
    assert secrets["db-owner"] == "champion-db-owner" and "db-owner" in mounted


def test_old_runs_are_purged_nightly_by_the_runtime_role(rendered):
    _, docs = rendered
    cron = by_kind(docs, "CronJob")["champion-purge"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    container = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][0] == "purge"
    assert any(a.startswith("--older_than=") for a in container["args"])
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["PGUSER"] == "champion_app"


def test_services_serve_tls_and_tokens(rendered):
    _, docs = rendered
    configs = by_kind(docs, "ConfigMap")
    for name in ("selector-worker", "api-gateway"):
        data = configs[name]["data"]
        assert data["CHAMPION_TLS_CERT"] and data["CHAMPION_TLS_KEY"], name
        assert data["CHAMPION_TOKENS_FILE"], name
    assert configs["api-gateway"]["data"]["CHAMPION_WORKER_TLS_CA"]
    assert "password" not in configs["selector-worker"]["data"]["CHAMPION_DATABASE_URL"]


def test_network_policies_let_only_the_gateway_reach_workers_and_only_workers_reach_postgres(
        rendered):
    _, docs = rendered
    policies = by_kind(docs, "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    worker = policies["selector-worker"]["spec"]
    api_rules = [r for r in worker["ingress"] if {"port": 50051, "protocol": "TCP"} in r["ports"]]
    assert len(api_rules) == 1
    (source,) = api_rules[0]["from"]
    assert source.keys() == {"podSelector"}
    assert source["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == "api-gateway"
    # Nobody but the workers and the migration may leave for port 5432.
    for name, policy in policies.items():
        for rule in policy["spec"].get("egress", []):
            if any(p.get("port") == 5432 for p in rule.get("ports", [])):
                # champion-migrate's policy also covers the purge CronJob.
                assert name in ("selector-worker", "champion-migrate"), name
    gateway_egress = policies["api-gateway"]["spec"]["egress"]
    assert all(p["port"] != 5432 for r in gateway_egress for p in r["ports"])


def test_worker_metrics_are_served_and_reachable_only_from_monitoring(rendered):
    _, docs = rendered
    worker = by_kind(docs, "Deployment")["selector-worker"]["spec"]["template"]
    (container,) = worker["spec"]["containers"]
    assert {"name": "metrics", "containerPort": 9090} in container["ports"]
    assert worker["metadata"]["annotations"]["prometheus.io/port"] == "9090"
    config = by_kind(docs, "ConfigMap")["selector-worker"]["data"]
    assert config["CHAMPION_METRICS_LISTEN"] == "0.0.0.0:9090"
    # Prometheus finds the pods through headless Services.
    services = by_kind(docs, "Service")
    assert services["selector-worker"]["spec"]["clusterIP"] == "None"
    assert any(p["port"] == 9090 for p in services["selector-worker"]["spec"]["ports"])
    assert services["api-gateway-pods"]["spec"]["clusterIP"] == "None"
    rules = [r for r in by_kind(docs, "NetworkPolicy")["selector-worker"]["spec"]["ingress"]
             if {"port": 9090, "protocol": "TCP"} in r["ports"]]
    assert len(rules) == 1
    (source,) = rules[0]["from"]
    assert source == {"namespaceSelector": {
        "matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    # The gateway's /metrics is on its API port (a metrics:read token), open to every
    # namespace, the monitoring one included.
    gateway_ingress = by_kind(docs, "NetworkPolicy")["api-gateway"]["spec"]["ingress"]
    assert any("from" not in r and {"port": 8443, "protocol": "TCP"} in r["ports"]
               for r in gateway_ingress)


def test_disruption_budgets_keep_serving_through_a_drain(rendered):
    _, docs = rendered
    budgets = by_kind(docs, "PodDisruptionBudget")
    assert budgets["selector-worker"]["spec"]["maxUnavailable"] == 1
    assert budgets["api-gateway"]["spec"]["minAvailable"] == 1


def test_scaling(rendered):
    where, docs = rendered
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    gateway = hpas["api-gateway"]["spec"]
    assert gateway["metrics"][0]["resource"]["name"] == "cpu"
    assert gateway["minReplicas"] >= 2
    # Workers never have a CPU HPA: KEDA would fight it for the same Deployment.
    assert "selector-worker" not in hpas
    scaled = by_kind(docs, "ScaledObject")
    if where == "overlays/production":
        spec = scaled["selector-worker"]["spec"]
        trigger = spec["triggers"][0]
        assert trigger["type"] == "postgresql"
        assert "status = 'pending'" in trigger["metadata"]["query"]
        assert spec["scaleTargetRef"]["name"] == "selector-worker"
        assert spec["minReplicaCount"] >= 2
    else:
        assert not scaled


def test_production_uses_registry_images_and_a_verified_database():
    docs = render(os.path.join(K8S, "overlays/production"))
    for _, spec in pod_specs(docs):
        for c in spec["containers"]:
            assert c["image"].startswith("registry.example.com/champion/"), c["image"]
            assert not c["image"].endswith(":latest")
    url = by_kind(docs, "ConfigMap")["selector-worker"]["data"]["CHAMPION_DATABASE_URL"]
    assert "sslmode=verify-full" in url
    ingress = by_kind(docs, "Ingress")["champion"]
    assert ingress["spec"]["tls"]
