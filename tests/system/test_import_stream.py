"""ImportSales over real gRPC against the real stack: a stream that does not end with a clean
half-close writes nothing, whether the client cancels, lets its deadline pass, or dies."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import grpc
import pytest

from conftest import grpc_channel, unique_code


def store_exists(http, code):
    listed = http.get(f"/stores?search={code}").json()
    return any(s["code"] == code for s in listed["stores"])


def chunks(pb, code, complete=False):
    """A first chunk that ends mid-row (or the whole file), for a store that does not exist."""
    text = (f"date,store_code,product_sku,quantity\n2024-01-01,{code},SKU-0001,12\n"
            f"2024-01-02,{code},SKU")
    if complete:
        text += "-0001,3\n"
    yield pb["catalog"].ImportSalesRequest(create_missing=True, csv_chunk=text.encode())


@pytest.fixture(scope="module")
def stub(stack, pb):
    with grpc_channel(stack["grpc_target"], stack["token"]) as channel:
        yield pb["catalog_grpc"].CatalogServiceStub(channel)


def test_cancelled_stream_writes_nothing(pb, stub, http):
    code = unique_code("CX")

    def requests():
        yield from chunks(pb, code)
        time.sleep(30)  # never half-closes; the call is cancelled meanwhile

    future = stub.ImportSales.future(requests(), timeout=60)
    time.sleep(1)
    future.cancel()
    with pytest.raises(grpc.FutureCancelledError):
        future.result()
    time.sleep(1)
    assert not store_exists(http, code)


def test_stream_past_its_deadline_writes_nothing(pb, stub, http):
    code = unique_code("DL")

    def requests():
        yield from chunks(pb, code)
        time.sleep(5)

    with pytest.raises(grpc.RpcError) as err:
        stub.ImportSales(requests(), timeout=1)
    assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    time.sleep(1)
    assert not store_exists(http, code)


CHILD = textwrap.dedent("""
    import sys, time, grpc
    sys.path.insert(0, sys.argv[3])
    from champion.v1 import catalog_pb2, catalog_pb2_grpc
    code = sys.argv[2]
    text = ("date,store_code,product_sku,quantity\\n2024-01-01," + code +
            ",SKU-0001,12\\n2024-01-02," + code + ",SKU")
    def requests():
        yield catalog_pb2.ImportSalesRequest(create_missing=True, csv_chunk=text.encode())
        print("sent", flush=True)
        time.sleep(60)
    with grpc.insecure_channel(sys.argv[1]) as channel:
        catalog_pb2_grpc.CatalogServiceStub(channel).ImportSales(
            requests(), timeout=120, metadata=[("authorization", "Bearer " + sys.argv[4])])
""")


def test_killed_client_writes_nothing(stack, pb, http):
    code = unique_code("KL")
    gen_dir = os.path.dirname(os.path.dirname(os.path.dirname(pb["catalog"].__file__)))
    child = subprocess.Popen([sys.executable, "-c", CHILD, stack["grpc_target"], code, gen_dir,
                              stack["token"]],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "sent"
        time.sleep(0.5)  # the chunk reaches the worker
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    time.sleep(1)
    assert not store_exists(http, code)


def test_clean_close_commits_a_complete_file_only(pb, stub, http):
    code = unique_code("OK")
    with pytest.raises(grpc.RpcError) as err:  # cleanly closed, but its last row is cut
        stub.ImportSales(chunks(pb, code), timeout=30)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "line 3" in err.value.details()
    assert not store_exists(http, code)
    response = stub.ImportSales(chunks(pb, code, complete=True), timeout=30)
    assert response.stores_created == 1
    assert response.rows_inserted == 2
    assert store_exists(http, code)
