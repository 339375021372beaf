"""The API description over the real stack: /openapi.json (the same document the build
writes to build/<preset>/openapi.json) and the Swagger UI page at /docs, both public."""

import json
import os


def test_openapi_json_is_public_and_matches_the_built_document(http):
    served = http.get("/openapi.json", headers={"Authorization": None})
    assert served.status == 200, served
    assert served.headers["content-type"].startswith("application/json")
    doc = served.json()
    assert doc["openapi"] == "3.1.0"
    assert "/model-selection/runs" in doc["paths"]
    assert doc["paths"]["/model-selection/runs"]["post"]["operationId"] == "SubmitRun"
    built = os.path.join(os.environ["CHAMPION_BUILD_DIR"], "openapi.json")
    with open(built, encoding="utf-8") as f:
        assert json.load(f) == doc


def test_docs_page_renders_the_document_with_scripts_from_files(http):
    page = http.get("/docs", headers={"Authorization": None, "Accept": "text/html"})
    assert page.status == 200, page
    assert page.headers["content-type"].startswith("text/html")
    html = page.content.decode()
    assert '<div id="swagger-ui">' in html
    assert "<script>" not in html  # the Content-Security-Policy refuses inline scripts
    init = http.get("/docs/init.js", headers={"Authorization": None})
    assert init.status == 200 and b"/openapi.json" in init.content
    bundle = http.get("/docs/swagger-ui-bundle.js", headers={"Authorization": None})
    assert bundle.status == 200 and b"SwaggerUIBundle" in bundle.content


def test_problem_answers_validate_against_the_contract(http):
    before = http.contract.checked
    missing = http.get("/model-selection/00000000-0000-0000-0000-000000000000")
    assert missing.status in (400, 404), missing
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert http.contract.checked == before + 1
