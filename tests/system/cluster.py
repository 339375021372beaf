"""A worker cluster for system tests: its own database in the stack's PostgreSQL, worker
processes with short leases, and helpers to submit runs over gRPC and wait for conditions."""

import os
import signal
import subprocess
import time

import grpc
import pytest

from conftest import BUILD_DIR, SOURCE_DIR, free_port

WORKER = os.path.join(BUILD_DIR, "selector-worker/selector-worker")
PG_SH = os.path.join(SOURCE_DIR, "deploy/lib/pg.sh")
TERMINAL_SQL = "('completed','partial','failed','cancelled')"


def superuser_sql(stack, db, statement):
    """psql as the superuser of the stack's cluster."""
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-h", "127.0.0.1",
                          "-p", stack["env"]["CHAMPION_PG_PORT"], "-U", "postgres", "-d", db,
                          "-c", statement],
                         check=True, capture_output=True, text=True, env=stack["pg_env"])
    return out.stdout.strip()


def create_database(stack, db):
    """A fresh database `db` in the stack's PostgreSQL with the stack's two roles, as deployed:
    migrations and the seed run as the schema owner, workers serve as the runtime role (DML
    only). Returns the conninfo without a user and the folder of the role password files
    (db-owner.password, db-app.password)."""
    superuser_sql(stack, "postgres", f"DROP DATABASE IF EXISTS {db}")
    superuser_sql(stack, "postgres", f"CREATE DATABASE {db}")
    secrets = os.path.join(stack["state"], "secrets")
    subprocess.run(["bash", "-c", 'source "$1"; champion_pg_provision_roles "$2" "$3" "$4" '
                    'champion_owner "$5/db-owner.password" champion_app "$5/db-app.password"',
                    "provision", PG_SH, os.path.join(stack["state"], "pg"),
                    stack["env"]["CHAMPION_PG_PORT"], db, secrets],
                   check=True, capture_output=True, timeout=120)
    return f"host=127.0.0.1 port={stack['env']['CHAMPION_PG_PORT']} dbname={db}", secrets


class Cluster:
    def __init__(self, stack, tmp_path):
        self.stack = stack
        self.pg_port = stack["env"]["CHAMPION_PG_PORT"]
        self.pg_dir = os.path.join(stack["state"], "pg")
        self.db = "champion_workers"
        url, secrets = create_database(stack, self.db)
        self.owner_flags = [f"--database_url={url} user=champion_owner",
                            f"--database_password_file={secrets}/db-owner.password"]
        self.app_flags = [f"--database_url={url} user=champion_app",
                          f"--database_password_file={secrets}/db-app.password"]
        for cmd in (["migrate", "up"], ["seed", "--stores", "1", "--products", "3", "--days", "730"]):
            subprocess.run([WORKER, *cmd, *self.owner_flags], check=True,
                           cwd=SOURCE_DIR, capture_output=True)
        self.logs = tmp_path
        self.workers = {}

    def sql(self, db, statement):
        """psql as the superuser."""
        return superuser_sql(self.stack, db, statement)

    def query(self, statement):
        return self.sql(self.db, statement)

    def pg_ctl(self, *args):
        """pg_ctl on the stack's cluster, e.g. ("-m", "immediate", "stop"). A `restart` of a
        stopped server starts it with its previous options (postmaster.opts)."""
        real = os.path.realpath(self.pg_dir)
        # The server must not inherit our pipes (it would hold them open forever).
        subprocess.run(["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl",
                        "-D", os.path.join(real, "data"), "-l", os.path.join(real, "pg.log"),
                        "-w", "-t", "60", *args],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=90)

    def start_worker(self, name, parallel=1, lease="2s"):
        port = free_port()
        log = open(os.path.join(self.logs, f"{name}.log"), "w")
        proc = subprocess.Popen([WORKER, "serve", *self.app_flags,
                                 f"--grpc_listen=127.0.0.1:{port}",
                                 f"--global_max_parallel={parallel}", f"--lease_duration={lease}"],
                                cwd=SOURCE_DIR, stdout=log, stderr=subprocess.STDOUT)
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=30)
        self.workers[name] = (proc, channel)
        return channel

    def stop(self):
        for proc, channel in self.workers.values():
            channel.close()
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


@pytest.fixture
def cluster(stack, tmp_path):
    c = Cluster(stack, tmp_path)
    yield c
    c.stop()


def submit(pb, channel, models, product=1):
    stub = pb["selection_grpc"].ModelSelectionServiceStub(channel)
    req = pb["selection"].RunSelectionRequest(store_id=1, product_id=product, forecast_horizon=14)
    for m in models:
        c = req.candidate_models.add()
        c.model_type = m[0]
        for k, v in m[1].items():
            c.params[k] = v
    return stub.SubmitRun(req, timeout=30).selection_id


def wait_until(predicate, timeout, what, describe=lambda: ""):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what} {describe()}")
