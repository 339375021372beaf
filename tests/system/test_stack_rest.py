"""The stack over REST: data endpoints, availability, the model catalog, and bad input."""

import json
import os

from conftest import unique_code


def problem(resp, status):
    assert resp.status == status, resp
    assert resp.headers["content-type"].startswith("application/problem+json"), resp.headers
    body = resp.json()
    for key in ("type", "title", "status", "detail", "instance", "code", "request_id"):
        assert key in body, (key, body)
    assert body["status"] == status
    return body


def test_stack_prints_the_url(stack):
    port = stack["env"]["CHAMPION_HTTP_PORT"]
    assert f"http://127.0.0.1:{port}" in stack["up_output"]


def test_health_and_readiness(http):
    assert http.get("/healthz").status == 200
    assert http.get("/readyz").status == 200


def test_availability_of_the_seeded_pair_is_ready(http):
    resp = http.get("/model-selection/availability?store_id=1&product_id=1&forecast_horizon=14")
    assert resp.status == 200, resp
    body = resp.json()
    assert body["status"] == "AVAILABILITY_STATUS_READY"
    assert body["observed_days"] >= 120
    assert 0.8 <= body["coverage_ratio"] <= 1.0
    assert body["recommended_split_config"]["horizon"] == 14
    # every field is printed, even when empty
    assert "warnings" in body and "promotion_days" in body


def test_seed_has_limited_and_unusable_pairs(http):
    stores = http.get("/stores?page_size=100").json()["stores"]
    products = http.get("/products?page_size=100").json()["products"]
    seen = set()
    for s in stores[:3]:
        for p in products:
            resp = http.get(f"/model-selection/availability?store_id={s['id']}&product_id={p['id']}")
            assert resp.status == 200, resp
            seen.add(resp.json()["status"])
    assert {"AVAILABILITY_STATUS_LIMITED", "AVAILABILITY_STATUS_UNUSABLE",
            "AVAILABILITY_STATUS_READY"} <= seen


def test_store_search_and_pagination(http):
    first = http.get("/stores?page_size=2").json()
    assert len(first["stores"]) == 2
    assert int(first["total_size"]) >= 5  # int64 is a JSON string; imports may add stores
    assert first["next_page_token"]
    second = http.get(f"/stores?page_size=2&page_token={first['next_page_token']}").json()
    ids = [s["id"] for s in first["stores"] + second["stores"]]
    assert len(set(ids)) == 4
    code = first["stores"][0]["code"]
    found = http.get(f"/stores?search={code.lower()}").json()["stores"]
    assert [s["code"] for s in found] == [code]
    # Above the maximum (500) a page is the maximum, not an error (AIP-158).
    everything = http.get("/stores?page_size=100000")
    assert everything.status == 200
    assert len(everything.json()["stores"]) == int(everything.json()["total_size"])


def test_products_print_every_field(http):
    products = http.get("/products?page_size=20").json()["products"]
    assert len(products) == 20
    for p in products:
        assert set(p) >= {"id", "sku", "name", "category", "launch_date"}


def test_sales_series(http):
    resp = http.get("/sales?store_id=1&product_id=1&start_date=2026-01-01&end_date=2026-01-31")
    assert resp.status == 200, resp
    points = resp.json()["points"]
    assert 0 < len(points) <= 31
    dates = [p["date"] for p in points]
    assert dates == sorted(dates) and dates[0] >= "2026-01-01" and dates[-1] <= "2026-01-31"
    assert all(p["quantity"] >= 0 for p in points)


def test_model_catalog(http):
    body = http.get("/model-selection/models").json()
    types = {m["model_type"]: m for m in body["models"]}
    assert {"naive", "seasonal_naive", "moving_average", "regression", "prophet_like",
            "auto_ets", "theta", "lightgbm", "ensemble"} <= set(types)
    assert types["lightgbm"]["available"] is False and types["lightgbm"]["unavailable_reason"]
    assert {"naive", "seasonal_naive", "moving_average"} <= set(body["default_candidate_model_types"])
    ma = types["moving_average"]
    window = [p for p in ma["param_schema"] if p["name"] == "window_size"][0]
    assert window["minimum"] == 1 and window["maximum"] == 90 and window["default_value"] == 7


def test_request_id_is_echoed_and_reaches_the_worker_log(stack, http):
    rid = "sys-" + unique_code("rid")
    resp = http.get("/model-selection/availability?store_id=1&product_id=1",
                    headers={"X-Request-Id": rid})
    assert resp.status == 200
    assert resp.headers["x-request-id"] == rid
    generated = http.get("/stores").headers["x-request-id"]
    assert generated and generated != rid
    with open(os.path.join(stack["state"], "logs/worker.log")) as f:
        assert rid in f.read()
    with open(os.path.join(stack["state"], "logs/gateway.log")) as f:
        assert rid in f.read()


def test_validation_errors_are_422_with_fields(http):
    body = problem(http.get("/model-selection/availability?store_id=0&product_id=1&forecast_horizon=91"), 422)
    fields = {e["field"] for e in body["errors"]}
    assert {"store_id", "forecast_horizon"} <= fields
    assert body["code"] == "INVALID_ARGUMENT"


def test_unknown_store_is_404(http):
    body = problem(http.get("/model-selection/availability?store_id=99999&product_id=1"), 404)
    assert body["code"] == "NOT_FOUND"
    problem(http.get("/sales?store_id=99999&product_id=1"), 404)


def test_wrong_types_are_400(http):
    problem(http.get("/model-selection/availability?store_id=abc&product_id=1"), 400)
    problem(http.get("/stores?page_size=x"), 400)
    problem(http.get("/stores?page_token=not-a-token"), 400)


def test_responses_are_compressed_when_the_client_accepts_it(http):
    import gzip
    plain = http.get("/model-selection/models")
    assert plain.status == 200 and "content-encoding" not in plain.headers
    packed = http.get("/model-selection/models", headers={"Accept-Encoding": "gzip"})
    assert packed.status == 200
    assert packed.headers.get("content-encoding") == "gzip", packed.headers
    assert "Accept-Encoding" in packed.headers.get("vary", "")
    assert len(packed.content) < len(plain.content) / 3
    # Compared as JSON: a Struct's keys (default_params) come in no fixed order.
    assert json.loads(gzip.decompress(packed.content)) == plain.json()


def test_enums_take_the_short_names_users_type(http):
    listed = http.get("/model-selection/runs?status=completed&page_size=5")
    assert listed.status == 200, listed
    assert all(r["status"] == "RUN_STATE_COMPLETED" for r in listed.json()["runs"])
    body = problem(http.get("/model-selection/runs?status=done"), 400)
    assert "(expected one of: pending, running, completed, partial, failed, cancelled)" in \
        body["detail"], body


def test_malformed_and_unknown_json_is_400(http):
    problem(http.request("POST", "/model-selection/run", raw=b"{not json",
                         headers={"Content-Type": "application/json"}), 400)
    problem(http.post("/model-selection/runs", {"store_id": 1, "bogus": 2}), 400)
    problem(http.post("/model-selection/runs", {"store_id": "one"}), 400)


def test_unknown_route_and_method(http):
    problem(http.get("/no/such/route"), 404)
    resp = http.request("PUT", "/stores")
    problem(resp, 405)


def test_oversized_body_is_413(http):
    big = b"date,store_code,product_sku,quantity\n" + b"2026-01-01,S001,P0001,1\n" * 800_000
    resp = http.request("POST", "/sales:import", raw=big, headers={"Content-Type": "text/csv"})
    problem(resp, 413)


def fresh_pair(http):
    """A new store and product made by an import, so tests never touch the demo pairs."""
    store, sku = unique_code("TS"), unique_code("TP")
    csv = f"date,store_code,product_sku,quantity\n2031-01-01,{store},{sku},1\n".encode()
    resp = http.request("POST", "/sales:import?create_missing=true", raw=csv,
                        headers={"Content-Type": "text/csv"})
    assert resp.status == 200, resp
    store_id = http.get(f"/stores?search={store}").json()["stores"][0]["id"]
    product_id = http.get(f"/products?search={sku}").json()["products"][0]["id"]
    return store, sku, store_id, product_id


def test_csv_import_bad_row_changes_nothing(http):
    store, sku, store_id, product_id = fresh_pair(http)
    series = f"/sales?store_id={store_id}&product_id={product_id}"
    before = http.get(series).json()["points"]
    csv = (f"date,store_code,product_sku,quantity,unit_price\n"
           f"2030-01-01,{store},{sku},5,1.99\n"
           f"2030-01-02,{store},{sku},-3,1.99\n").encode()
    resp = http.request("POST", "/sales:import", raw=csv, headers={"Content-Type": "text/csv"})
    body = problem(resp, 400)
    assert "line 3" in body["detail"]
    assert http.get(series).json()["points"] == before


def test_csv_import_inserts_then_updates(http):
    store, sku, store_id, product_id = fresh_pair(http)
    csv = (f"date,store_code,product_sku,quantity,unit_price\n"
           f"2031-03-01,{store},{sku},5.5,2.00\n").encode()
    hdr = {"Content-Type": "text/csv"}
    first = http.request("POST", "/sales:import", raw=csv, headers=hdr)
    assert first.status == 200, first
    assert first.json()["rows_inserted"] == "1"
    second = http.request("POST", "/sales:import", raw=csv.replace(b"5.5", b"6.5"), headers=hdr)
    assert second.json()["rows_updated"] == "1" and second.json()["rows_inserted"] == "0"
    points = http.get(f"/sales?store_id={store_id}&product_id={product_id}"
                      f"&start_date=2031-03-01&end_date=2031-03-01").json()["points"]
    assert points == [{"date": "2031-03-01", "quantity": 6.5, "unit_price": 2.0,
                       "promo_active": False}]


def test_csv_import_unknown_code_and_create_missing(http):
    store_code = unique_code("ZS")
    csv = f"date,store_code,product_sku,quantity\n2031-01-01,{store_code},NEWSKU{store_code},1\n"
    hdr = {"Content-Type": "text/csv"}
    body = problem(http.request("POST", "/sales:import", raw=csv.encode(), headers=hdr), 400)
    assert store_code in body["detail"]
    assert http.get(f"/stores?search={store_code}").json()["stores"] == []
    ok = http.request("POST", "/sales:import?create_missing=true", raw=csv.encode(), headers=hdr)
    assert ok.status == 200, ok
    assert ok.json()["stores_created"] == "1" and ok.json()["products_created"] == "1"
    assert len(http.get(f"/stores?search={store_code}").json()["stores"]) == 1


def test_csv_import_wrong_content_type_is_415(http):
    resp = http.request("POST", "/sales:import", raw=b"{}",
                        headers={"Content-Type": "application/json"})
    problem(resp, 415)
