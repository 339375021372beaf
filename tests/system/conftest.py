"""System-test fixtures: one real stack (private PostgreSQL + selector-worker + api-gateway,
started with the README's own `deploy/stack.sh up`) shared by the session, plus gRPC stubs
generated from proto/ at test time."""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest

SOURCE_DIR = os.environ.get("CHAMPION_SOURCE_DIR",
                            os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BUILD_DIR = os.environ.get("CHAMPION_BUILD_DIR", os.path.join(SOURCE_DIR, "build/dev"))
GOGO = "/usr/share/gocode/src/github.com/gogo/googleapis"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """A tiny REST client that never raises on HTTP errors. With a token, every request
    carries it (`headers={"Authorization": None}` sends none)."""

    def __init__(self, base, token=None, cafile=None):
        self.base = base
        self.token = token
        # HTTPS: the CA that signed the server's certificate.
        self.context = ssl.create_default_context(cafile=cafile) if cafile else None
        # An openapi_contract.Contract: every response is checked against /openapi.json.
        self.contract = None

    def auth_headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(self.auth_headers())
        hdrs.update(headers or {})
        hdrs = {k: v for k, v in hdrs.items() if v is not None}
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=120, context=self.context) as resp:
                response = Response(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as err:
            response = Response(err.code, dict(err.headers), err.read())
        if self.contract is not None and method != "HEAD":
            self.contract.check(method, path, response)
        return response

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)


class Response:
    def __init__(self, status, headers, content):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.content = content

    def json(self):
        return json.loads(self.content)

    def __repr__(self):
        return f"<{self.status} {self.content[:300]!r}>"


def read_token(path):
    with open(path, encoding="ascii") as f:
        return f.read().strip()


def grpc_channel(target, token):
    """A channel to a loopback worker that sends `token` on every call (gRPC local
    credentials: plaintext on loopback, as the worker serves without a certificate)."""
    import grpc
    credentials = grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP)
    if token:
        credentials = grpc.composite_channel_credentials(
            credentials, grpc.access_token_call_credentials(token))
    return grpc.secure_channel(target, credentials)


def pg_env(pg_dir):
    """The environment for psql as the superuser of the cluster of deploy/lib/pg.sh's `pg_dir`:
    the cluster takes passwords only, and the superuser's is in its password file."""
    return dict(os.environ, PGPASSFILE=os.path.join(os.path.realpath(pg_dir), "superuser.pgpass"))


@pytest.fixture(scope="session")
def stack():
    state = tempfile.mkdtemp(prefix="chs-", dir="/tmp")
    os.chmod(state, 0o755)
    env = dict(os.environ,
               CHAMPION_STACK_DIR=state,
               CHAMPION_PG_PORT=str(free_port()),
               CHAMPION_GRPC_PORT=str(free_port()),
               CHAMPION_HTTP_PORT=str(free_port()),
               CHAMPION_METRICS_PORT=str(free_port()),
               CHAMPION_BUILD_PRESET=os.path.basename(BUILD_DIR),
               CHAMPION_SKIP_DEPS="1")
    script = os.path.join(SOURCE_DIR, "deploy/stack.sh")
    up = subprocess.run([script, "up"], env=env, capture_output=True, text=True, timeout=900)
    if up.returncode != 0:
        subprocess.run([script, "reset"], env=env, capture_output=True, timeout=120)
        pytest.fail(f"stack.sh up failed:\n{up.stdout}\n{up.stderr}")
    token = read_token(os.path.join(state, "dev-token"))
    info = {
        "state": state,
        "env": env,
        "token": token,
        "pg_env": pg_env(os.path.join(state, "pg")),
        "http": Http(f"http://127.0.0.1:{env['CHAMPION_HTTP_PORT']}", token),
        "grpc_target": f"127.0.0.1:{env['CHAMPION_GRPC_PORT']}",
        "worker_metrics": f"http://127.0.0.1:{env['CHAMPION_METRICS_PORT']}/metrics",
        "up_output": up.stdout,
    }
    yield info
    # reset, not down: the cluster lives outside `state` (deploy/lib/pg.sh) and must go too.
    subprocess.run([script, "reset"], env=env, capture_output=True, timeout=120)
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def pb():
    """Python modules generated from proto/ (messages and gRPC stubs)."""
    out = tempfile.mkdtemp(prefix="champion-py-")
    protos = ["champion/v1/options.proto", "champion/v1/data.proto",
              "champion/v1/catalog.proto", "champion/v1/selection.proto"]
    subprocess.run(["protoc", "-I", os.path.join(SOURCE_DIR, "proto"), "-I", GOGO,
                    "-I", "/usr/include", f"--python_out={out}", f"--grpc_out={out}",
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin", *protos,
                    "google/api/annotations.proto", "google/api/http.proto"],
                   check=True, cwd=out)
    sys.path.insert(0, out)
    from champion.v1 import catalog_pb2, catalog_pb2_grpc, selection_pb2, selection_pb2_grpc
    return {"catalog": catalog_pb2, "catalog_grpc": catalog_pb2_grpc,
            "selection": selection_pb2, "selection_grpc": selection_pb2_grpc}


@pytest.fixture(scope="session")
def http(stack):
    client = stack["http"]
    if client.contract is None:
        from openapi_contract import Contract
        served = client.get("/openapi.json", headers={"Authorization": None})
        assert served.status == 200, served
        client.contract = Contract(served.json())
    return client


def unique_code(prefix):
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"
