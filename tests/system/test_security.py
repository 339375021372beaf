"""Authentication and the browser-facing checks of the local stack (which runs with
authentication on): every route refuses missing and insufficient credentials over REST and
straight to the worker over gRPC; credentials edited in the tokens file take effect without a
restart; forged Host headers and cross-site requests are refused."""

import hashlib
import os
import re
import secrets
import signal
import time

import grpc
import pytest

from conftest import Http, grpc_channel

READER = secrets.token_hex(32)


def http_routes(pb):
    """(method, path) of every REST route, from the protos' google.api.http annotations."""
    from google.api import annotations_pb2
    routes = []
    for module in (pb["catalog"], pb["selection"]):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                rule = method.GetOptions().Extensions[annotations_pb2.http]
                verb = rule.WhichOneof("pattern")
                path = re.sub(r"\{[^}]*\}", "0123456789abcdef0123456789abcdef",
                              getattr(rule, verb))
                routes.append((verb.upper(), path, method.full_name))
    assert len(routes) == 13
    return routes


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds}s")


@pytest.fixture(scope="module")
def reader(stack):
    """A read-only token, added to the running stack's tokens file: both services pick the
    edit up without a restart."""
    path = os.path.join(stack["state"], "tokens")
    with open(path, encoding="ascii") as f:
        original = f.read()
    digest = hashlib.sha256(READER.encode()).hexdigest()
    tmp = path + ".edit"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(original + f"reader {digest} data:read,runs:read\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    client = Http(stack["http"].base, READER)
    wait_for(lambda: client.get("/stores?page_size=1").status == 200, 15, "the gateway re-read")
    yield client
    with open(tmp, "w", encoding="ascii") as f:
        f.write(original)
    os.replace(tmp, path)


def test_every_route_needs_a_token(stack, pb):
    anonymous = Http(stack["http"].base)
    for method, path, name in http_routes(pb):
        body = {} if method == "POST" else None
        resp = anonymous.request(method, path, body=body)
        assert resp.status == 401, (name, resp)
        assert resp.headers["www-authenticate"].startswith("Bearer"), name
        assert resp.headers["content-type"].startswith("application/problem+json")
        forged = Http(stack["http"].base, "not-a-real-token").request(method, path, body=body)
        assert forged.status == 401, (name, forged)
        assert "invalid_token" in forged.headers["www-authenticate"]
    # Probes and the dashboard's files need none.
    assert anonymous.get("/healthz").status == 200
    assert anonymous.get("/readyz").status == 200
    assert anonymous.get("/").status == 200


def test_a_read_only_token_reads_and_cannot_write(reader, pb):
    denied = []
    for method, path, name in http_routes(pb):
        resp = reader.request(method, path, body={} if method == "POST" else None)
        assert resp.status != 401, (name, resp)
        if resp.status == 403:
            assert resp.json()["code"] == "PERMISSION_DENIED"
            assert "insufficient_scope" in resp.headers["www-authenticate"]
            denied.append(name.split(".")[-1])
    assert sorted(denied) == ["CancelRun", "ImportSales", "RunSync", "SubmitRun"]
    assert reader.get("/whoami").json()["identity"] == "token:reader"


def test_the_worker_checks_tokens_itself(stack, pb, reader):
    request = pb["selection"].RunSelectionRequest(
        store_id=1, product_id=1, forecast_horizon=7,
        candidate_models=[pb["selection"].CandidateModel(model_type="naive")])
    for token, code in ((None, grpc.StatusCode.UNAUTHENTICATED),
                        ("wrong", grpc.StatusCode.UNAUTHENTICATED),
                        (READER, grpc.StatusCode.PERMISSION_DENIED)):
        with grpc_channel(stack["grpc_target"], token) as channel:
            stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
            with pytest.raises(grpc.RpcError) as err:
                stub.SubmitRun(request, timeout=30)
            assert err.value.code() == code, token
    with grpc_channel(stack["grpc_target"], READER) as channel:
        stub = pb["catalog_grpc"].CatalogServiceStub(channel)
        assert len(stub.ListStores(pb["catalog"].ListStoresRequest(page_size=2),
                                   timeout=30).stores) == 2
        # Reflection needs admin.
        reflect = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=lambda b: b, response_deserializer=lambda b: b)
        with pytest.raises(grpc.RpcError) as err:
            list(reflect(iter([b"\x3a\x01*"]), timeout=30))
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # Health checks need no token.
    with grpc.insecure_channel(stack["grpc_target"]) as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                    request_serializer=lambda b: b,
                                    response_deserializer=lambda b: b)
        assert check(b"", timeout=30) == b"\x08\x01"  # SERVING


def test_sighup_rereads_the_tokens(stack):
    log = os.path.join(stack["state"], "logs/worker.log")
    with open(os.path.join(stack["state"], "run/worker.pid"), encoding="ascii") as f:
        pid = int(f.read())
    os.kill(pid, signal.SIGHUP)
    wait_for(lambda: "credentials re-read (SIGHUP)" in open(log, encoding="utf-8").read(), 10,
             "the worker logged the re-read")
    assert stack["http"].get("/stores?page_size=1").status == 200


def test_forged_host_and_cross_site_requests_are_refused(stack):
    http = stack["http"]
    run = {"store_id": 1, "product_id": 1, "forecast_horizon": 7,
           "candidate_models": [{"model_type": "naive"}]}
    # DNS rebinding: a name that resolves to 127.0.0.1 but is not ours.
    rebound = http.get("/stores", headers={"Host": "rebind.attacker.example"})
    assert rebound.status == 421
    # A no-cors POST from another site: Origin set, no Content-Type.
    import json
    cross = http.request("POST", "/model-selection/runs", raw=json.dumps(run).encode(),
                         headers={"Origin": "https://evil.example"})
    assert cross.status == 403
    assert cross.json()["code"] == "CROSS_ORIGIN_REFUSED"
    # Without an Origin (an old browser, a form), the missing Content-Type alone refuses it.
    untyped = http.request("POST", "/model-selection/runs", raw=json.dumps(run).encode())
    assert untyped.status == 415
    plain = http.request("POST", "/model-selection/runs", raw=json.dumps(run).encode(),
                         headers={"Content-Type": "text/plain"})
    assert plain.status == 415
    dashboard = Http(http.base).get("/")
    for header in ("content-security-policy", "x-content-type-options", "referrer-policy",
                   "x-frame-options"):
        assert header in dashboard.headers, header
    assert "frame-ancestors 'none'" in dashboard.headers["content-security-policy"]
