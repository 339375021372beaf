"""The worker over real gRPC: catalog and availability calls, health, reflection."""

import json
import os
import subprocess

import grpc
import pytest

from conftest import BUILD_DIR, SOURCE_DIR, grpc_channel, unique_code


@pytest.fixture(scope="module")
def channel(stack):
    with grpc_channel(stack["grpc_target"], stack["token"]) as ch:
        grpc.channel_ready_future(ch).result(timeout=30)
        yield ch


def test_reflection_lists_every_service(stack):
    tool = os.path.join(BUILD_DIR, "champion-reflection-list")
    env = dict(os.environ, CHAMPION_TOKEN=stack["token"])
    out = subprocess.run([tool, stack["grpc_target"]], capture_output=True, text=True, timeout=30,
                         env=env)
    assert out.returncode == 0, out.stderr
    services = set(out.stdout.split())
    assert {"champion.v1.ModelSelectionService", "champion.v1.CatalogService",
            "grpc.health.v1.Health"} <= services


def test_reflection_describes_with_the_proto_comments(stack):
    """The reflection client resolves a symbol to its file and the files it imports; the
    worker serves them with their comments, so the answer names the file of the service."""
    tool = os.path.join(BUILD_DIR, "champion-reflection-list")
    env = dict(os.environ, CHAMPION_TOKEN=stack["token"])
    for symbol, file in [("champion.v1.ModelSelectionService", "champion/v1/selection.proto"),
                         ("grpc.health.v1.Health", "grpc/health/v1/health.proto")]:
        out = subprocess.run([tool, stack["grpc_target"], symbol], capture_output=True,
                             text=True, timeout=30, env=env)
        assert out.returncode == 0, out.stderr
        assert file in out.stdout.split()


BUF = os.path.join(SOURCE_DIR, "tools/contract/node_modules/.bin/buf")


def buf_curl(stack, *args, token=True):
    """`buf curl` as the README shows it: gRPC over plaintext HTTP/2 on loopback, schemas
    from the worker's reflection."""
    # --reflect-header '*': reflection calls carry the token too (they need the admin scope).
    auth = (["-H", f"authorization: Bearer {stack['token']}", "--reflect-header", "*"]
            if token else [])
    return subprocess.run([BUF, "curl", "--protocol", "grpc", "--http2-prior-knowledge", *auth,
                           *args], capture_output=True, text=True, timeout=60)


def test_buf_curl_lists_services_and_methods(stack):
    base = f"http://{stack['grpc_target']}"
    out = buf_curl(stack, "--list-services", base)
    assert out.returncode == 0, out.stderr
    assert {"champion.v1.ModelSelectionService", "champion.v1.CatalogService",
            "grpc.health.v1.Health"} <= set(out.stdout.split())
    out = buf_curl(stack, "--list-methods", base)
    assert out.returncode == 0, out.stderr
    assert "champion.v1.ModelSelectionService/SubmitRun" in out.stdout.split()


def test_buf_curl_calls_the_api_and_health(stack):
    base = f"http://{stack['grpc_target']}"
    out = buf_curl(stack, "-d", '{"page_size": 2}', f"{base}/champion.v1.CatalogService/ListStores")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["stores"]) == 2
    out = buf_curl(stack, "-d", '{"store_id": 1, "product_id": 1, "forecast_horizon": 14}',
                   f"{base}/champion.v1.ModelSelectionService/GetAvailability")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["status"].startswith("AVAILABILITY_STATUS_")
    # Health needs no token; without one reflection is closed (admin scope), so the schema
    # comes from the descriptor set the build writes.
    protoset = os.path.join(BUILD_DIR, "champion.protoset")
    out = buf_curl(stack, "--schema", f"{protoset}#format=binpb", "-d", "{}",
                   f"{base}/grpc.health.v1.Health/Check", token=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"status": "SERVING"}


def test_availability_over_grpc(pb, channel):
    stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
    req = pb["selection"].GetAvailabilityRequest(store_id=1, product_id=1, forecast_horizon=14)
    resp = stub.GetAvailability(req, metadata=[("x-request-id", "grpc-sys-1")], timeout=30)
    assert resp.status == pb["selection"].AVAILABILITY_STATUS_READY


def test_invalid_argument_carries_field_violations(pb, channel):
    stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
    with pytest.raises(grpc.RpcError) as err:
        stub.GetAvailability(pb["selection"].GetAvailabilityRequest(store_id=0, product_id=1),
                             timeout=30)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = dict(err.value.trailing_metadata() or ())
    assert "grpc-status-details-bin" in details


def test_list_stores_over_grpc(pb, channel):
    stub = pb["catalog_grpc"].CatalogServiceStub(channel)
    resp = stub.ListStores(pb["catalog"].ListStoresRequest(page_size=3), timeout=30)
    assert len(resp.stores) == 3 and resp.next_page_token


def test_import_sales_client_stream(pb, channel, http):
    stub = pb["catalog_grpc"].CatalogServiceStub(channel)
    store, sku = unique_code("GS"), unique_code("GP")
    csv = f"date,store_code,product_sku,quantity\n2032-05-01,{store},{sku},3\n2032-05-02,{store},{sku},4\n"
    mid = len(csv) // 2
    chunks = [pb["catalog"].ImportSalesRequest(create_missing=True, csv_chunk=csv[:mid].encode()),
              pb["catalog"].ImportSalesRequest(csv_chunk=csv[mid:].encode())]
    resp = stub.ImportSales(iter(chunks), timeout=30)
    assert (resp.rows_total, resp.rows_inserted, resp.stores_created, resp.products_created) == \
        (2, 2, 1, 1)


def test_submit_and_watch_over_grpc(pb, channel):
    stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
    req = pb["selection"].RunSelectionRequest(store_id=1, product_id=9, forecast_horizon=14)
    req.candidate_models.add().model_type = "naive"
    req.candidate_models.add().model_type = "theta"
    run = stub.SubmitRun(req, timeout=30)
    assert run.status == pb["selection"].RUN_STATE_RUNNING
    snapshots = list(stub.WatchRun(pb["selection"].WatchRunRequest(selection_id=run.selection_id),
                                   timeout=120))
    assert snapshots[-1].status == pb["selection"].RUN_STATE_COMPLETED
    assert snapshots[-1].winner.model_type in {"naive", "theta"}
