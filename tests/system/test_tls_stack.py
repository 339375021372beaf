"""The whole stack with TLS on every hop: HTTPS into the gateway, mTLS from the gateway to the
worker, bearer credentials on every call (API tokens and JWTs signed here with PyJWT, an
implementation independent of the services' libjwt). Certificates and keys are made by the
test with the openssl command line."""

import http.client
import json
import os
import signal
import ssl
import subprocess
import time

import grpc
import jwt
import pytest

from cluster import WORKER, Cluster
from conftest import BUILD_DIR, SOURCE_DIR, free_port

GATEWAY = os.path.join(BUILD_DIR, "api-gateway/api-gateway")
TOKEN = "tls-test-token-" + os.urandom(16).hex()
ISSUER, AUDIENCE = "https://id.champion.test", "champion"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def issue(pki, name, subject, extensions):
    """A P-256 key and a certificate signed by the test CA."""
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-out", f"{name}.key", cwd=pki)
    openssl("req", "-new", "-key", f"{name}.key", "-subj", subject, "-out", f"{name}.csr", cwd=pki)
    with open(os.path.join(pki, f"{name}.ext"), "w", encoding="ascii") as f:
        f.write(f"[v3]\nbasicConstraints=CA:FALSE\n{extensions}\n")
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-out", f"{name}.crt", "-extfile", f"{name}.ext",
            "-extensions", "v3", cwd=pki)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("pki"))
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-subj", "/CN=Champion test CA", "-days", "2",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt", cwd=d)
    server = "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1"
    issue(d, "worker", "/CN=selector-worker", server)
    issue(d, "gateway", "/CN=api-gateway", server)
    issue(d, "gateway-client", "/CN=api-gateway", "extendedKeyUsage=clientAuth")
    # JWT signing keys of an identity provider: ES256 and RS256.
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-out", "idp-ec.key", cwd=d)
    openssl("pkey", "-in", "idp-ec.key", "-pubout", "-out", "idp-ec.pub", cwd=d)
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
            "-out", "idp-rsa.key", cwd=d)
    openssl("pkey", "-in", "idp-rsa.key", "-pubout", "-out", "idp-rsa.pub", cwd=d)
    with open(os.path.join(d, "jwt-keys.pem"), "w", encoding="ascii") as out:
        for name in ("idp-ec.pub", "idp-rsa.pub"):
            with open(os.path.join(d, name), encoding="ascii") as f:
                out.write(f.read())
    digest = subprocess.run(["sha256sum"], input=TOKEN, capture_output=True, text=True,
                            check=True).stdout.split()[0]
    with open(os.path.join(d, "tokens"), "w", encoding="ascii") as f:
        f.write(f"operator {digest} data:read,data:write,runs:read,runs:write,admin\n")
    return d


def path(pki, name):
    return os.path.join(pki, name)


def auth_flags(pki):
    return [f"--tokens_file={path(pki, 'tokens')}", f"--jwt_keys_file={path(pki, 'jwt-keys.pem')}",
            f"--jwt_issuer={ISSUER}", f"--jwt_audience={AUDIENCE}"]


def wait_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            import socket
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def tls_stack(stack, pki, tmp_path_factory):
    logs = tmp_path_factory.mktemp("tls-logs")
    db = Cluster(stack, logs)
    worker_port, http_port = free_port(), free_port()
    procs = []
    try:
        procs.append(subprocess.Popen(
            [WORKER, "serve", *db.app_flags, f"--grpc_listen=127.0.0.1:{worker_port}",
             f"--tls_cert={path(pki, 'worker.crt')}", f"--tls_key={path(pki, 'worker.key')}",
             f"--tls_client_ca={path(pki, 'ca.crt')}", "--tls_require_client_cert",
             "--global_max_parallel=2", *auth_flags(pki)],
            cwd=SOURCE_DIR, stdout=open(logs / "worker.log", "w"), stderr=subprocess.STDOUT))
        wait_port(worker_port)
        procs.append(subprocess.Popen(
            [GATEWAY, f"--http_listen=127.0.0.1:{http_port}",
             f"--worker_target=127.0.0.1:{worker_port}",
             f"--tls_cert={path(pki, 'gateway.crt')}", f"--tls_key={path(pki, 'gateway.key')}",
             f"--worker_tls_ca={path(pki, 'ca.crt')}",
             f"--worker_tls_cert={path(pki, 'gateway-client.crt')}",
             f"--worker_tls_key={path(pki, 'gateway-client.key')}",
             f"--static_dir={os.path.join(SOURCE_DIR, 'frontend/dist')}", *auth_flags(pki)],
            cwd=SOURCE_DIR, stdout=open(logs / "gateway.log", "w"), stderr=subprocess.STDOUT))
        wait_port(http_port)
        yield {"http_port": http_port, "worker_port": worker_port, "logs": logs}
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


def https(pki, port, method, target, token=None, body=None, verify=True):
    context = ssl.create_default_context(cafile=path(pki, "ca.crt"))
    if not verify:
        context = ssl.create_default_context()  # the system roots: our CA is unknown there
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60)
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, target, body=data, headers=headers)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def signed(pki, key="idp-ec", alg="ES256", **overrides):
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "svc-replenishment",
              "exp": int(time.time()) + 300, "scope": "data:read runs:read runs:write"}
    claims.update(overrides)
    with open(path(pki, f"{key}.key"), encoding="ascii") as f:
        return jwt.encode(claims, f.read(), algorithm=alg)


def test_a_run_through_tls_on_every_hop(pki, tls_stack):
    port = tls_stack["http_port"]
    status, headers, _ = https(pki, port, "GET", "/readyz")
    assert status == 200  # the gateway reached the worker over mTLS
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    status, _, body = https(pki, port, "POST", "/model-selection/runs", TOKEN,
                            {"store_id": 1, "product_id": 1, "forecast_horizon": 7,
                             "candidate_models": [{"model_type": "naive"},
                                                  {"model_type": "seasonal_naive"}]})
    assert status == 202, body
    sid = json.loads(body)["selection_id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, _, body = https(pki, port, "GET", f"/model-selection/{sid}", TOKEN)
        assert status == 200, body
        if json.loads(body)["status"] == "RUN_STATE_COMPLETED":
            break
        time.sleep(0.3)
    else:
        pytest.fail("the run did not complete over TLS")


def test_jwts_from_an_independent_signer(pki, tls_stack):
    port = tls_stack["http_port"]
    for token in (signed(pki), signed(pki, key="idp-rsa", alg="RS256")):
        status, _, body = https(pki, port, "GET", "/whoami", token)
        assert status == 200, body
        assert json.loads(body)["identity"] == "jwt:svc-replenishment"
        status, _, body = https(pki, port, "GET", "/stores?page_size=1", token)
        assert status == 200, body
    refused = {
        "expired": signed(pki, exp=int(time.time()) - 3600),
        "wrong audience": signed(pki, aud="another-service"),
        "wrong issuer": signed(pki, iss="https://evil.example"),
        "not valid yet": signed(pki, nbf=int(time.time()) + 3600),
        "signature": signed(pki, key="gateway"),  # a key the services do not trust
    }
    for why, token in refused.items():
        status, headers, body = https(pki, port, "GET", "/stores", token)
        assert status == 401, (why, body)
        assert why in json.loads(body)["detail"], (why, body)
        assert headers["WWW-Authenticate"].startswith("Bearer")
    # A JWT's scopes are enforced: this one has no data:write.
    status, _, _ = https(pki, port, "POST", "/sales:import", signed(pki))
    assert status in (403, 415)


def test_the_gateway_port_speaks_only_tls(pki, tls_stack):
    port = tls_stack["http_port"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    with pytest.raises((http.client.HTTPException, ConnectionError, OSError)):
        conn.request("GET", "/healthz")
        conn.getresponse().read()
    conn.close()
    with pytest.raises(ssl.SSLError):
        https(pki, port, "GET", "/healthz", verify=False)  # the client does not trust our CA


def test_the_worker_demands_a_client_certificate(pki, tls_stack, pb):
    target = f"127.0.0.1:{tls_stack['worker_port']}"
    with open(path(pki, "ca.crt"), "rb") as f:
        roots = f.read()
    with open(path(pki, "gateway-client.key"), "rb") as f:
        key = f.read()
    with open(path(pki, "gateway-client.crt"), "rb") as f:
        chain = f.read()
    request = pb["catalog"].ListStoresRequest(page_size=1)
    metadata = [("authorization", f"Bearer {TOKEN}")]
    anonymous = grpc.ssl_channel_credentials(root_certificates=roots)
    with grpc.secure_channel(target, anonymous) as channel:
        with pytest.raises(grpc.RpcError) as err:
            pb["catalog_grpc"].CatalogServiceStub(channel).ListStores(request, timeout=10,
                                                                      metadata=metadata)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    with grpc.insecure_channel(target) as channel:
        with pytest.raises(grpc.RpcError) as err:
            pb["catalog_grpc"].CatalogServiceStub(channel).ListStores(request, timeout=10,
                                                                      metadata=metadata)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    mutual = grpc.ssl_channel_credentials(root_certificates=roots, private_key=key,
                                          certificate_chain=chain)
    with grpc.secure_channel(target, mutual) as channel:
        stub = pb["catalog_grpc"].CatalogServiceStub(channel)
        assert len(stub.ListStores(request, timeout=10, metadata=metadata).stores) == 1
        with pytest.raises(grpc.RpcError) as err:
            stub.ListStores(request, timeout=10)  # TLS is not a credential
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
