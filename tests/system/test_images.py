"""The runtime images (deploy/images), assembled from this machine's release build and run with
podman as a deployment would: read-only root filesystem, the unprivileged user, secrets
mounted read-only, host networking on loopback only. The worker image migrates and seeds a
database of its own in the stack's PostgreSQL, serves, and the gateway image answers REST and
the dashboard; a run submitted through it completes."""

import io
import json
import os
import shutil
import subprocess
import tarfile
import time
import uuid

import pytest

from cluster import create_database, wait_until
from conftest import SOURCE_DIR, Http, free_port

TAG = f"test-{uuid.uuid4().hex[:8]}"
WORKER_IMAGE = f"localhost/champion/selector-worker:{TAG}"
GATEWAY_IMAGE = f"localhost/champion/api-gateway:{TAG}"
TOKEN = "image-test-" + uuid.uuid4().hex


def podman(*args, timeout=120, check=True):
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout,
                          check=check)


@pytest.fixture(scope="module")
def images():
    build = subprocess.run([os.path.join(SOURCE_DIR, "deploy/images/build.sh"), "--from-host",
                            "--tag", TAG], capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout + build.stderr
    yield build.stdout
    podman("rmi", "--force", WORKER_IMAGE, GATEWAY_IMAGE, check=False)


@pytest.fixture(scope="module")
def secrets(stack, tmp_path_factory):
    """The role passwords and a tokens file, readable by the images' user (65532) only."""
    url, folder = create_database(stack, "champion_images")
    out = tmp_path_factory.mktemp("image-secrets")
    shutil.copy(os.path.join(folder, "db-owner.password"), out / "db-owner.password")
    shutil.copy(os.path.join(folder, "db-app.password"), out / "db-app.password")
    digest = subprocess.run(["sha256sum"], input=TOKEN, capture_output=True, text=True,
                            check=True).stdout.split()[0]
    (out / "tokens").write_text(f"images {digest} data:read,runs:read,runs:write\n")
    os.chmod(out, 0o755)
    for f in out.iterdir():
        os.chown(f, 65532, 65532)
        os.chmod(f, 0o400)
    return url, str(out)


def run_args(secrets_dir):
    # What a Kubernetes pod spec of deploy/k8s sets too: no writable root, no privileges.
    return ["--network=host", "--read-only", "--tmpfs", "/tmp", "--cap-drop=all",
            "--security-opt=no-new-privileges", "-v", f"{secrets_dir}:/run/secrets:ro"]


def file_list(image):
    container = podman("create", image).stdout.strip()
    try:
        exported = subprocess.run(["podman", "export", container], capture_output=True,
                                  timeout=120, check=True).stdout
    finally:
        podman("rm", container, check=False)
    with tarfile.open(fileobj=io.BytesIO(exported)) as tar:
        return {m.name.lstrip("./") for m in tar.getmembers()}


def test_images_are_minimal_labelled_and_unprivileged(images):
    revision = subprocess.run(["git", "rev-parse", "HEAD"], cwd=SOURCE_DIR, capture_output=True,
                              text=True, check=True).stdout.strip()
    for image, binary in ((WORKER_IMAGE, "selector-worker"), (GATEWAY_IMAGE, "api-gateway")):
        config = json.loads(podman("image", "inspect", image).stdout)[0]["Config"]
        assert config["User"] == "65532:65532"
        labels = config["Labels"]
        assert labels["org.opencontainers.image.revision"] == revision
        assert labels["org.opencontainers.image.version"]
        assert "org.opencontainers.image.source" in labels
        files = file_list(image)
        assert f"usr/local/bin/{binary}" in files
        for absent in ("bin/sh", "bin/bash", "usr/bin/dash", "usr/bin/apt", "usr/bin/dpkg"):
            assert absent not in files, f"{image} ships {absent}"
        assert "etc/ssl/certs/ca-certificates.crt" in files
    # The build prints each image's size (recorded in docs/BENCHMARKS.md).
    assert images.count(" MB") == 2, images
    no_shell = podman("run", "--rm", "--network=host", "--entrypoint", "/bin/sh", WORKER_IMAGE,
                      "-c", "true", check=False)
    assert no_shell.returncode != 0


def test_images_migrate_seed_serve_and_complete_a_run(stack, images, secrets):
    url, secrets_dir = secrets
    owner = [f"--database_url={url} user=champion_owner",
             "--database_password_file=/run/secrets/db-owner.password"]
    # The migration job, then a small seed, both with the worker image.
    for command in (["migrate", "up"], ["seed", "--stores", "1", "--products", "2", "--days", "400"]):
        job = podman("run", "--rm", *run_args(secrets_dir), WORKER_IMAGE, *command, *owner,
                     timeout=300, check=False)
        assert job.returncode == 0, job.stderr

    grpc_port, http_port = free_port(), free_port()
    name = f"champion-images-{TAG}"
    worker = podman("run", "-d", "--name", f"{name}-worker", *run_args(secrets_dir), WORKER_IMAGE,
                    "serve", f"--database_url={url} user=champion_app",
                    "--database_password_file=/run/secrets/db-app.password",
                    f"--grpc_listen=127.0.0.1:{grpc_port}", "--tokens_file=/run/secrets/tokens")
    gateway = podman("run", "-d", "--name", f"{name}-gateway", *run_args(secrets_dir),
                     GATEWAY_IMAGE, f"--http_listen=127.0.0.1:{http_port}",
                     f"--worker_target=127.0.0.1:{grpc_port}", "--tokens_file=/run/secrets/tokens")
    try:
        assert worker.returncode == 0 and gateway.returncode == 0
        http = Http(f"http://127.0.0.1:{http_port}", TOKEN)

        def ready():
            try:
                return http.get("/readyz").status == 200
            except OSError:
                return False
        wait_until(ready, 60, "the gateway container to be ready",
                   lambda: podman("logs", f"{name}-gateway", check=False).stderr[-2000:])
        # Both processes run as the unprivileged user.
        for container in (f"{name}-worker", f"{name}-gateway"):
            users = podman("top", container, "huser").stdout.split()[1:]
            assert users and all(u == "65532" for u in users), users
        page = http.get("/", headers={"Authorization": None})
        assert page.status == 200 and b"<html" in page.content.lower()
        assert http.get("/stores", headers={"Authorization": None}).status == 401

        created = http.post("/model-selection/runs", {
            "store_id": 1, "product_id": 1, "forecast_horizon": 14,
            "candidate_models": [{"model_type": "naive"}, {"model_type": "seasonal_naive"}]})
        assert created.status == 202, created
        selection_id = created.json()["selection_id"]
        deadline = time.monotonic() + 120
        run = {}
        while time.monotonic() < deadline:
            run = http.get(f"/model-selection/{selection_id}").json()
            if run["status"] in ("RUN_STATE_COMPLETED", "RUN_STATE_PARTIAL", "RUN_STATE_FAILED"):
                break
            time.sleep(0.5)
        assert run["status"] == "RUN_STATE_COMPLETED", run
        assert run["winner"]["model_type"] in ("naive", "seasonal_naive")

        # Retention, as the CronJob runs it: the runtime role deletes settled runs.
        purge = podman("run", "--rm", *run_args(secrets_dir), WORKER_IMAGE, "purge",
                       "--older_than=0d", f"--database_url={url} user=champion_app",
                       "--database_password_file=/run/secrets/db-app.password", check=False)
        assert purge.returncode == 0, purge.stderr
        assert "1 settled run(s)" in purge.stderr
        assert http.get(f"/model-selection/{selection_id}").status == 404

        # As PID 1 without an init wrapper, both handle SIGTERM themselves: they exit 0, not
        # 137 after podman's SIGKILL at the end of the grace period.
        for container in (f"{name}-gateway", f"{name}-worker"):
            podman("stop", "--time", "60", container, timeout=90)
            state = json.loads(podman("inspect", container).stdout)[0]["State"]
            assert state["ExitCode"] == 0, (container, state)
    finally:
        podman("rm", "--force", "--time", "5", f"{name}-worker", f"{name}-gateway", check=False)
