"""The services as separate hosts: PostgreSQL, two workers and the gateway each in a network
namespace of their own, joined by a switch (tests/system/netns.py), with TLS on the workers'
gRPC ports and the gateway's HTTPS, and an API token on every call. The test's client is a
host too: only addresses inside these namespaces and their loopbacks are used.

One worker's cable is pulled while it computes a long candidate: the other worker takes that
candidate over once the lease has expired. The cable goes back in while the cut-off worker's
attempt still computes: its writes match no row (the attempt number fences them) and it
stops, the other worker finishes the run, which settles once, and the cut-off worker's
health turns SERVING again and it works on the next run, leaving the settled one untouched.

An audit trigger (installed by the test as the superuser) records every change of a run or
candidate row, so "written once, by the current attempt" and "nothing changed afterwards"
are read from PostgreSQL itself rather than inferred from final values."""

import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time

import pytest

from cluster import PG_SH, WORKER
from conftest import SOURCE_DIR, pg_env
from netns import Network
from test_tls_stack import GATEWAY, issue, openssl

PG_PORT, GRPC_PORT, HEALTH_PORT, HTTPS_PORT = 5432, 50051, 50052, 8443
LEASE = 2  # seconds: short, so the surviving worker takes over quickly
TOKEN = "several-hosts-" + os.urandom(16).hex()
HOSTS = {"pg": 1, "w1": 11, "w2": 12, "gw": 20, "client": 30}
SLOW = {"model_type": "xgboost", "params": {"n_estimators": 250, "max_depth": 8,
                                            "learning_rate": 0.05}}
# Long enough (several times the outage) that worker 1's attempt still computes when its
# link returns: it must then be stopped by the fence, not by its own clock.
LONG = {"model_type": "xgboost", "params": {"n_estimators": 1000, "max_depth": 12,
                                            "learning_rate": 0.01}}
TERMINAL = {"RUN_STATE_COMPLETED", "RUN_STATE_PARTIAL", "RUN_STATE_FAILED", "RUN_STATE_CANCELLED"}
# What a stale attempt logs when PostgreSQL refuses its writes (runs/candidate_executor.cpp).
REFUSED = ("lease lost, stopped", "lease lost before the terminal write, discarded")
# grpc.health.v1 Check on a worker's plaintext health port (its host's loopback, which still
# answers while the host's cable is out); prints the status name.
HEALTH_CHECK = """
import sys, grpc
with grpc.insecure_channel(sys.argv[1]) as channel:
    try:
        answer = channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=3)
        print({b"\\x08\\x01": "SERVING", b"\\x08\\x02": "NOT_SERVING"}.get(answer, answer.hex()))
    except grpc.RpcError as err:
        print(err.code().name)
"""

AUDIT_SQL = """
CREATE TABLE row_audit (
  id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
  tbl text NOT NULL, selection_id text NOT NULL, candidate_id uuid, status text,
  attempt int, lease_owner text, lease_expires_at timestamptz, has_result boolean,
  settle_count int);
CREATE FUNCTION row_audit_candidate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO row_audit (tbl, selection_id, candidate_id, status, attempt, lease_owner,
                         lease_expires_at, has_result)
  VALUES ('candidate', NEW.selection_id, NEW.candidate_id, NEW.status, NEW.attempt,
          NEW.lease_owner, NEW.lease_expires_at, NEW.result IS NOT NULL);
  RETURN NEW;
END $$;
CREATE FUNCTION row_audit_run() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO row_audit (tbl, selection_id, status, settle_count)
  VALUES ('run', NEW.selection_id, NEW.status, NEW.settle_count);
  RETURN NEW;
END $$;
CREATE TRIGGER row_audit_candidate AFTER INSERT OR UPDATE ON model_selection_candidate
  FOR EACH ROW EXECUTE FUNCTION row_audit_candidate();
CREATE TRIGGER row_audit_run AFTER INSERT OR UPDATE ON model_selection_run
  FOR EACH ROW EXECUTE FUNCTION row_audit_run();
"""


def slow(variant):
    """SLOW with another learning rate: distinct candidates of one run."""
    return {"model_type": "xgboost",
            "params": dict(SLOW["params"], learning_rate=0.05 + 0.001 * variant)}


def wait_for(predicate, timeout, what, describe=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what} {describe()}")


def make_pki(d, net):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-subj", "/CN=Champion several-hosts CA", "-days", "2",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt", cwd=d)
    for name in ("w1", "w2"):
        issue(d, name, f"/CN=selector-worker {name}",
              f"extendedKeyUsage=serverAuth\nsubjectAltName=IP:{net.address(name)}")
    issue(d, "gateway", "/CN=api-gateway",
          f"extendedKeyUsage=serverAuth\nsubjectAltName=IP:{net.address('gw')}")
    issue(d, "gateway-client", "/CN=api-gateway", "extendedKeyUsage=clientAuth")
    digest = subprocess.run(["sha256sum"], input=TOKEN, capture_output=True, text=True,
                            check=True).stdout.split()[0]
    with open(os.path.join(d, "tokens"), "w", encoding="ascii") as f:
        f.write(f"operator {digest} data:read,data:write,runs:read,runs:write,admin\n")


class Hosts:
    """The five hosts and what runs on them."""

    def __init__(self, net):
        self.net = net
        for host, number in HOSTS.items():
            net.add_host(host, number)
        self.dir = net.state
        self.pki = os.path.join(self.dir, "pki")
        self.logs = os.path.join(self.dir, "logs")
        self.secrets = os.path.join(self.dir, "secrets")
        for d in (self.pki, self.logs, self.secrets):
            os.makedirs(d, mode=0o700)
        make_pki(self.pki, net)
        # deploy/lib/pg.sh keeps the cluster under its state root: ours goes with net.state.
        self.pg_dir = os.path.join(self.dir, "pg")
        self.pg_env = dict(pg_env(self.pg_dir),
                           CHAMPION_PG_STATE_ROOT=os.path.join(self.dir, "pgs"))
        self.procs = {}

    def file(self, name):
        return os.path.join(self.pki, name)

    # PostgreSQL ---------------------------------------------------------------------------

    def pg_sh(self, script, *args):
        """deploy/lib/pg.sh's functions, run on the database host."""
        subprocess.run(self.net.command("pg", ["bash", "-c", f'source "$0"; {script}', PG_SH,
                                               *args]),
                       check=True, capture_output=True, timeout=180, env=self.pg_env,
                       stdin=subprocess.DEVNULL)

    def pg_ctl(self, *args):
        real = subprocess.run(["bash", "-c", 'source "$0"; champion_pg_dir "$1"', PG_SH,
                               self.pg_dir], check=True, capture_output=True, text=True,
                              env=self.pg_env).stdout.strip()
        # The server must not inherit our pipes (it would hold them open).
        subprocess.run(self.net.command("pg", [
            "runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl",
            "-D", os.path.join(real, "data"), "-l", os.path.join(real, "pg.log"), "-w",
            "-t", "60", *args]), check=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=90)
        return real

    def start_postgres(self):
        """A private cluster made by pg.sh on the host's loopback, then restarted to listen
        on its network address too, taking scram passwords from the switch's subnet."""
        self.pg_sh('champion_pg_start "$1" "$2"', self.pg_dir, str(PG_PORT))
        real = self.pg_ctl("-m", "fast", "stop")
        subnet = self.net.address("pg").rsplit(".", 1)[0] + ".0/24"
        with open(os.path.join(real, "data", "pg_hba.conf"), "a", encoding="ascii") as f:
            f.write(f"host    all       all       {subnet}  scram-sha-256\n")
        self.pg_ctl("-o", f"-p {PG_PORT} -k {real} "
                    f"-c listen_addresses=127.0.0.1,{self.net.address('pg')} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off", "start")
        owner, app = (os.path.join(self.secrets, f"db-{r}.password") for r in ("owner", "app"))
        self.pg_sh('champion_pg_ensure_database "$1" "$2" champion && '
                   'champion_pg_new_password "$3" && champion_pg_new_password "$4" && '
                   'champion_pg_provision_roles "$1" "$2" champion champion_owner "$3" '
                   'champion_app "$4"', self.pg_dir, str(PG_PORT), owner, app)
        url = f"host={self.net.address('pg')} port={PG_PORT} dbname=champion"
        self.owner_flags = [f"--database_url={url} user=champion_owner",
                            f"--database_password_file={owner}"]
        self.app_flags = [f"--database_url={url} user=champion_app",
                          f"--database_password_file={app}"]

    def stop_postgres(self):
        subprocess.run(self.net.command("pg", ["bash", "-c", 'source "$0"; '
                                               'champion_pg_delete "$1"', PG_SH, self.pg_dir]),
                       capture_output=True, timeout=120, env=self.pg_env,
                       stdin=subprocess.DEVNULL)

    def sql(self, statement):
        """psql as the superuser, on the database host's loopback (works while any cable is
        out)."""
        out = subprocess.run(self.net.command("pg", [
            "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
            "-p", str(PG_PORT), "-U", "postgres", "-d", "champion", "-c", statement]),
            check=True, capture_output=True, text=True, env=self.pg_env, timeout=60,
            stdin=subprocess.DEVNULL)
        return out.stdout.strip()

    # Services -----------------------------------------------------------------------------

    def auth_flags(self):
        return [f"--tokens_file={self.file('tokens')}"]

    def worker_command(self, *args):
        """The worker binary's one-shot commands (migrate, seed) from worker 1's host."""
        subprocess.run(self.net.command("w1", [WORKER, *args, *self.owner_flags]),
                       check=True, cwd=SOURCE_DIR, capture_output=True, timeout=300,
                       stdin=subprocess.DEVNULL)

    def start_worker(self, name):
        address = self.net.address(name)
        self.procs[name] = self.net.run(name, [
            WORKER, "serve", *self.app_flags, f"--grpc_listen={address}:{GRPC_PORT}",
            f"--tls_cert={self.file(name + '.crt')}", f"--tls_key={self.file(name + '.key')}",
            f"--tls_client_ca={self.file('ca.crt')}", "--tls_require_client_cert",
            f"--health_listen=127.0.0.1:{HEALTH_PORT}", "--global_max_parallel=1",
            f"--lease_duration={LEASE}s", *self.auth_flags()],
            self.log(name), cwd=SOURCE_DIR)
        self.wait_port(address, GRPC_PORT)

    def start_gateway(self, upstream):
        address = self.net.address("gw")
        self.procs["gw"] = self.net.run("gw", [
            GATEWAY, f"--http_listen={address}:{HTTPS_PORT}",
            f"--worker_target={self.net.address(upstream)}:{GRPC_PORT}",
            f"--public_hosts={address}",
            f"--tls_cert={self.file('gateway.crt')}", f"--tls_key={self.file('gateway.key')}",
            f"--worker_tls_ca={self.file('ca.crt')}",
            f"--worker_tls_cert={self.file('gateway-client.crt')}",
            f"--worker_tls_key={self.file('gateway-client.key')}",
            f"--static_dir={os.path.join(SOURCE_DIR, 'frontend/dist')}", *self.auth_flags()],
            self.log("gw"), cwd=SOURCE_DIR)
        self.wait_port(address, HTTPS_PORT)

    def log(self, name):
        return os.path.join(self.logs, f"{name}.log")

    def read_log(self, name):
        with open(self.log(name), encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_port(self, address, port):
        def reachable():
            try:
                with socket.create_connection((address, port), timeout=1):
                    return True
            except OSError:
                return False
        wait_for(lambda: self.net.call("client", reachable), 60,
                 f"{address}:{port} to accept connections")

    def health(self, name):
        """The worker's gRPC health, asked on its own host's loopback."""
        return subprocess.run(self.net.command(name, ["/usr/bin/python3", "-c", HEALTH_CHECK,
                                                      f"127.0.0.1:{HEALTH_PORT}"]),
                              check=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()

    def listening(self, host):
        """The local addresses of the host's listening TCP sockets (IPv4-mapped ones as
        IPv4: gRPC listens that way)."""
        out = subprocess.run(self.net.command(host, ["ss", "-ltnH"]), check=True,
                             capture_output=True, text=True, timeout=30).stdout
        addresses = (line.split()[3].rsplit(":", 1)[0] for line in out.splitlines() if line)
        return {re.sub(r"^\[(::ffff:)?(.*)\]$", r"\2", a) for a in addresses}

    # The client host ---------------------------------------------------------------------

    def https(self, method, target, body=None, token=TOKEN):
        """A request to the gateway from the client host, verified against the test CA."""
        def call():
            context = ssl.create_default_context(cafile=self.file("ca.crt"))
            conn = http.client.HTTPSConnection(self.net.address("gw"), HTTPS_PORT,
                                               context=context, timeout=60)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            try:
                conn.request(method, target, body=data, headers=headers)
                resp = conn.getresponse()
                return resp.status, resp.read()
            finally:
                conn.close()
        return self.net.call("client", call, timeout=90)

    def submit(self, models):
        status, body = self.https("POST", "/model-selection/runs",
                                  {"store_id": 1, "product_id": 1, "forecast_horizon": 14,
                                   "candidate_models": models})
        assert status == 202, body
        return json.loads(body)["selection_id"]

    def run_status(self, sid):
        status, body = self.https("GET", f"/model-selection/{sid}")
        assert status == 200, body
        return json.loads(body)["status"]

    def wait_settled(self, sid, timeout):
        """The run's terminal state, read through the gateway."""
        def settled():
            status = self.run_status(sid)
            return status if status in TERMINAL else None
        return wait_for(settled, timeout, f"run {sid} to settle", lambda: self.candidates(sid))

    def candidates(self, sid):
        return self.sql("SELECT string_agg(model_type || ' ' || params::text || ' ' || status || "
                        "' attempt ' || attempt || ' ' || coalesce(lease_owner, '-'), '; ' "
                        f"ORDER BY ordinal) FROM model_selection_candidate "
                        f"WHERE selection_id = '{sid}'")


@pytest.fixture
def hosts():
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    net = Network()
    h = None
    try:
        h = Hosts(net)
        h.start_postgres()
        h.worker_command("migrate", "up")
        h.worker_command("seed", "--stores", "1", "--products", "3", "--days", "730")
        h.sql(AUDIT_SQL)
        h.start_worker("w1")
        h.start_worker("w2")
        # The gateway's one upstream is worker 2, the one that stays connected.
        h.start_gateway("w2")
        yield h
    finally:
        for proc in (h.procs.values() if h else []):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if h is not None:
            h.stop_postgres()
        net.close()


def owner_of(proc):
    """The lease_owner pattern of a worker process (host:pid/random)."""
    return f"%:{proc.pid}/%"


def long_model(variant):
    return {"model_type": "xgboost",
            "params": dict(LONG["params"], learning_rate=0.01 + 0.001 * variant)}


def submit_with_worker_1_on_the_long_one(hosts, w1):
    """Submits a run of a slow candidate (ordinal 0) and a long one, and has worker 1 run the
    long one without a race: worker 1 is frozen (SIGSTOP; it holds nothing, so no lease runs
    out) while worker 2, the only claimer left, takes the oldest candidate, the slow one;
    thawed, worker 1 reads the queued NOTIFY and claims the other, the long one."""
    models = [slow(0), long_model(0)]
    sid = None
    os.kill(w1.pid, signal.SIGSTOP)
    try:
        sid = hosts.submit(models)
        wait_for(lambda: hosts.sql(
            f"SELECT 1 FROM model_selection_candidate WHERE selection_id = '{sid}' "
            f"AND ordinal = 0 AND status = 'running'"), 60, "worker 2 to take the slow one",
            lambda: hosts.candidates(sid))
    finally:
        os.kill(w1.pid, signal.SIGCONT)
    row = wait_for(lambda: hosts.sql(
        f"SELECT candidate_id || ' ' || attempt || ' ' || (lease_owner LIKE '{owner_of(w1)}') "
        f"FROM model_selection_candidate WHERE selection_id = '{sid}' AND ordinal = 1 "
        f"AND status = 'running'"), 60, "worker 1 to take the long one",
        lambda: hosts.candidates(sid))
    candidate, attempt, mine = row.split()
    assert mine == "true", hosts.candidates(sid)
    return sid, candidate, attempt


def test_a_worker_cut_off_from_postgres_rejoins_without_stale_writes(hosts):
    started = time.monotonic()
    w1, w2 = hosts.procs["w1"], hosts.procs["w2"]
    status, body = hosts.https("GET", "/readyz", token=None)
    assert status == 200, body  # the gateway reaches worker 2 over mTLS
    status, _ = hosts.https("GET", "/stores?page_size=1", token=None)
    assert status == 401  # and every call needs the token
    for host in ("pg", "w1", "w2", "gw"):
        local = {hosts.net.address(host), "127.0.0.1"}
        assert hosts.listening(host) <= local, (host, hosts.listening(host))

    # Run 1: worker 2 takes a slow candidate, worker 1 a long one; worker 1's cable is pulled.
    sid, candidate, attempt = submit_with_worker_1_on_the_long_one(hosts, w1)
    hosts.net.link("w1", up=False)
    cut = time.monotonic()
    # Its health follows the database it cannot reach (RELIABILITY.md: within about a second).
    wait_for(lambda: hosts.health("w1") == "NOT_SERVING", 10,
             "worker 1's health to turn NOT_SERVING", lambda: hosts.health("w1"))
    assert hosts.health("w2") == "SERVING"

    # Worker 2 takes the long candidate over, only once worker 1's lease has expired.
    taken = (f"SELECT attempt FROM model_selection_candidate WHERE candidate_id = '{candidate}' "
             f"AND status = 'running' AND lease_owner LIKE '{owner_of(w2)}'")
    wait_for(lambda: hosts.sql(taken), 60, "worker 2 to take the long candidate over",
             lambda: hosts.candidates(sid))
    assert hosts.sql(taken) == str(int(attempt) + 1)
    assert hosts.sql(
        f"SELECT started_at >= (SELECT max(lease_expires_at) FROM row_audit "
        f"WHERE candidate_id = '{candidate}' AND attempt = {attempt}) "
        f"FROM model_selection_candidate WHERE candidate_id = '{candidate}'") == "t"
    mark = hosts.sql("SELECT max(id) FROM row_audit")

    # The cable goes back in while worker 1's stale attempt still computes: its next write
    # (lease renewal, progress or result) matches no row, and it stops.
    hosts.net.link("w1", up=True)
    outage = time.monotonic() - cut
    back = time.monotonic()
    refused = re.compile(rf"candidate {candidate} of run {sid} \(attempt {attempt}\): "
                         rf"({'|'.join(map(re.escape, REFUSED))})")
    wait_for(lambda: refused.search(hosts.read_log("w1")), 120,
             "worker 1 to find its attempt fenced off", lambda: hosts.read_log("w1")[-3000:])
    fenced = time.monotonic() - back
    wait_for(lambda: hosts.health("w1") == "SERVING", 60, "worker 1's health to recover")

    # Worker 2 finishes the run: settled once, each candidate written once, by its current
    # attempt; after the link returned, only worker 2's current attempt changed any row.
    assert hosts.wait_settled(sid, 300) == "RUN_STATE_COMPLETED"
    run = hosts.sql(f"SELECT settle_count, settled_by FROM model_selection_run "
                    f"WHERE selection_id = '{sid}'").split("|")
    assert run[0] == "1"
    assert run[1].endswith(f":{w2.pid}"), run
    writes = hosts.sql(
        "SELECT a.candidate_id || ' ' || count(*) || ' ' || bool_and(a.attempt = c.attempt) "
        "|| ' ' || bool_and(a.has_result) FROM row_audit a JOIN model_selection_candidate c "
        "USING (candidate_id) WHERE a.tbl = 'candidate' AND a.status = 'completed' "
        f"AND a.selection_id = '{sid}' GROUP BY a.candidate_id").splitlines()
    assert len(writes) == 2 and all(w.endswith(" 1 true true") for w in writes), writes
    assert hosts.sql(f"SELECT count(*) FROM row_audit WHERE tbl = 'run' AND selection_id = "
                     f"'{sid}' AND settle_count > 0") == "1"
    assert hosts.sql(f"SELECT count(*) FROM row_audit WHERE id > {mark} AND tbl = 'candidate' "
                     f"AND selection_id = '{sid}' AND (attempt <> {int(attempt) + 1} "
                     f"OR lease_owner NOT LIKE '{owner_of(w2)}')") == "0"

    # Run 2: worker 1 works again.
    mark = hosts.sql("SELECT max(id) FROM row_audit")
    sid2 = hosts.submit([slow(4), slow(5), slow(6), slow(7)])
    assert hosts.wait_settled(sid2, 240) == "RUN_STATE_COMPLETED"
    assert hosts.sql(f"SELECT count(*) FROM model_selection_candidate WHERE selection_id = "
                     f"'{sid2}' AND lease_owner LIKE '{owner_of(w1)}'") != "0", \
        hosts.candidates(sid2)
    assert hosts.sql(f"SELECT settle_count FROM model_selection_run "
                     f"WHERE selection_id = '{sid2}'") == "1"
    # The settled run 1 stayed as it was.
    assert hosts.sql(f"SELECT count(*) FROM row_audit WHERE id > {mark} "
                     f"AND selection_id = '{sid}'") == "0"
    assert hosts.sql("SELECT count(*) FROM model_selection_candidate "
                     "WHERE status IN ('pending', 'running')") == "0"
    assert w1.poll() is None and w2.poll() is None
    durations = hosts.sql(f"SELECT string_agg(duration_ms::text, ' ' ORDER BY ordinal) "
                          f"FROM model_selection_candidate WHERE selection_id = '{sid}'")
    print(f"outage {outage:.1f}s, worker 1 fenced off {fenced:.1f}s after the link returned, "
          f"run 1 candidates {durations} ms, test {time.monotonic() - started:.1f}s")
