"""The contract check: every JSON response the system tests receive from the gateway must
validate against the operation's response schema in the served /openapi.json (problem+json
answers against the Problem schema). The gateway's own endpoints (/healthz, /readyz, /whoami)
are described and checked too; static files and non-JSON bodies (event streams, metrics) are
not."""

import json
import re

import jsonschema


class Contract:
    def __init__(self, document):
        self.document = document
        self.checked = 0
        # Most specific template first: fewer variables, then longer literal text.
        self.routes = []
        for path, item in document["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
            specificity = (-path.count("{"), len(path))
            self.routes.append((specificity, re.compile(pattern), item))
        self.routes.sort(key=lambda r: r[0], reverse=True)
        self.validators = {}

    def _resolve(self, node):
        while "$ref" in node and node["$ref"].startswith("#/"):
            ref = node["$ref"]
            node = self.document
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        if key not in self.validators:
            root = dict(schema)
            root["components"] = self.document["components"]
            self.validators[key] = jsonschema.Draft202012Validator(root)
        return self.validators[key]

    def check(self, method, path, response):
        path = path.split("?", 1)[0]
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type not in ("application/json", "application/problem+json"):
            return
        if response.headers.get("content-encoding", "identity") != "identity":
            return  # the compression tests read compressed bodies; the rest cover the shapes
        operation = None
        for _, pattern, item in self.routes:
            if pattern.match(path):
                operation = item.get(method.lower())
                break
        if operation is None:
            return
        responses = operation["responses"]
        described = responses.get(str(response.status), responses.get("default"))
        assert described is not None, f"{method} {path}: status {response.status} is not described"
        described = self._resolve(described)
        media = described.get("content", {}).get(content_type)
        assert media is not None, (
            f"{method} {path}: {content_type} is not described for {response.status}")
        body = json.loads(response.content)
        errors = sorted(self._validator(media["schema"]).iter_errors(body), key=str)
        assert not errors, (
            f"{method} {path} -> {response.status} breaks the OpenAPI contract: "
            + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]))
        self.checked += 1
