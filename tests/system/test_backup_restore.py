"""Backup and restore as docs/OPERATIONS.md "Backup and restore" says: pg_dump -Fc as the
schema owner while the stack serves (a run in flight), then roles, pg_restore --no-owner
--role and roles again into a new database: the same rows, every settled run identical, and a
worker serving as the runtime role on the copy resumes the run that was in flight."""

import os
import signal
import subprocess

import grpc

from cluster import PG_SH, TERMINAL_SQL, WORKER, create_database, superuser_sql, wait_until
from conftest import SOURCE_DIR, free_port
from test_runs_rest import request, wait_terminal

TABLES = ["store", "product", "sales_daily", "model_selection_run", "model_selection_candidate"]
RESTORED = "champion_restored"
# Slow enough that a run of them is still in flight when the dump starts, quick enough that
# the restored worker finishes it in seconds.
SLOW = {"model_type": "xgboost", "params": {"n_estimators": 250, "max_depth": 8,
                                            "learning_rate": 0.05}}


def slow(variant):
    return {"model_type": "xgboost",
            "params": dict(SLOW["params"], learning_rate=0.05 + 0.001 * variant)}


def as_role(stack, role, *args):
    """A PostgreSQL client tool as `role`, its password from the stack's secrets."""
    password_file = os.path.join(stack["state"], "secrets",
                                 "db-owner.password" if role == "champion_owner"
                                 else "db-app.password")
    with open(password_file, encoding="ascii") as f:
        password = f.read().strip()
    env = dict(os.environ, PGPASSWORD=password, PGHOST="127.0.0.1",
               PGPORT=stack["env"]["CHAMPION_PG_PORT"], PGUSER=role)
    return subprocess.run(list(args), env=env, check=True, capture_output=True, text=True,
                          timeout=300).stdout.strip()


def provision_roles(stack, db):
    """db/roles.sql in `db`, as a superuser (deploy/lib/pg.sh), with the stack's passwords."""
    subprocess.run(["bash", "-c", 'source "$1"; champion_pg_provision_roles "$2" "$3" "$4" '
                    'champion_owner "$5/db-owner.password" champion_app "$5/db-app.password"',
                    "provision", PG_SH, os.path.join(stack["state"], "pg"),
                    stack["env"]["CHAMPION_PG_PORT"], db, os.path.join(stack["state"], "secrets")],
                   check=True, capture_output=True, timeout=120)


def counts(stack, db):
    return {t: superuser_sql(stack, db, f"SELECT count(*) FROM {t}") for t in TABLES}


def settled_runs(stack, db):
    """{selection_id: digest of its settled outcome and its candidates' results}."""
    rows = superuser_sql(stack, db, f"""
        SELECT r.selection_id || '|' || md5(row(r.status, r.outcome, r.ranking, r.winner,
               r.chart_data, r.settle_count, r.completed_at,
               (SELECT string_agg(c.status || coalesce(c.result::text, ''), ',' ORDER BY c.ordinal)
                FROM model_selection_candidate c WHERE c.selection_id = r.selection_id))::text)
        FROM model_selection_run r WHERE r.status IN {TERMINAL_SQL}""")
    return dict(line.split("|") for line in rows.splitlines())


def start_worker(stack, db, log_path):
    """selector-worker serve on `db` as the runtime role, with a short lease."""
    url = f"host=127.0.0.1 port={stack['env']['CHAMPION_PG_PORT']} dbname={db} user=champion_app"
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [WORKER, "serve", f"--database_url={url}",
             f"--database_password_file={stack['state']}/secrets/db-app.password",
             f"--grpc_listen=127.0.0.1:{port}", "--global_max_parallel=2",
             "--lease_duration=2s"], cwd=SOURCE_DIR, stdout=log, stderr=subprocess.STDOUT)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        grpc.channel_ready_future(channel).result(timeout=30)
    return proc


def test_a_dump_taken_while_serving_restores_into_a_database_that_serves(stack, http, tmp_path):
    resp = http.post("/model-selection/runs", request(["naive", "seasonal_naive"]))
    assert resp.status == 202, resp
    settled = resp.json()["selection_id"]
    assert wait_terminal(http, settled)["status"] == "RUN_STATE_COMPLETED"

    # A run in flight at dump time: some of its candidates done, one running, the rest waiting.
    resp = http.post("/model-selection/runs",
                     request([slow(0), slow(1), slow(2), slow(3), "naive", "theta"], product=2))
    assert resp.status == 202, resp
    in_flight = resp.json()["selection_id"]
    candidates = (f"SELECT count(*) FILTER (WHERE status = 'running') || ' ' || "
                  f"count(*) FILTER (WHERE status = 'pending') FROM model_selection_candidate "
                  f"WHERE selection_id = '{in_flight}'")
    wait_until(lambda: superuser_sql(stack, "champion", candidates).split()[0] != "0", 60,
               "a candidate of the run to be running")

    dump = str(tmp_path / "champion.dump")
    as_role(stack, "champion_owner", "pg_dump", "-Fc", "--no-owner", "-d", "champion", "-f", dump)
    before = counts(stack, "champion")
    # The source goes on without it; the copy must finish it by itself.
    assert http.request("DELETE", f"/model-selection/{in_flight}").status in (200, 409)
    wait_terminal(http, in_flight)

    create_database(stack, RESTORED)  # roles and rights, as db/roles.sql gives them
    worker = None
    try:
        as_role(stack, "champion_owner", "pg_restore", "--no-owner", "--role=champion_owner",
                "-d", RESTORED, dump)
        provision_roles(stack, RESTORED)  # rights on the restored tables

        after = counts(stack, RESTORED)
        # The source kept serving; the catalog and the sales did not change meanwhile.
        for table in ("store", "product", "sales_daily"):
            assert after[table] == before[table], table
        assert 0 < int(after["model_selection_run"]) <= int(before["model_selection_run"])
        # Every run settled in the copy is the source's, unchanged (settled runs never change).
        restored_settled = settled_runs(stack, RESTORED)
        assert settled in restored_settled and in_flight not in restored_settled
        source_settled = settled_runs(stack, "champion")
        for sid, digest in restored_settled.items():
            assert source_settled.get(sid) == digest, sid
        versions = "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"
        assert superuser_sql(stack, RESTORED, versions) == superuser_sql(stack, "champion", versions)

        # The runtime role reads and writes rows there, and still cannot change the schema.
        app = ["psql", "-X", "-q", "-t", "-A", "-d", RESTORED, "-c"]
        assert as_role(stack, "champion_app", *app,
                       f"SELECT status FROM model_selection_run WHERE selection_id = '{settled}'") \
            == "completed"
        refused = subprocess.run(
            ["bash", "-c", "PGPASSWORD=$(cat \"$1\") psql -X -h 127.0.0.1 -p \"$2\" -U champion_app "
             "-d \"$3\" -c 'DROP TABLE model_selection_candidate'", "drop",
             os.path.join(stack["state"], "secrets", "db-app.password"),
             stack["env"]["CHAMPION_PG_PORT"], RESTORED], capture_output=True, text=True,
            timeout=60)
        assert refused.returncode != 0 and "must be owner" in refused.stderr

        # "Roll the workers": one serving the copy as the runtime role resumes the run that was
        # in flight. Its running candidates' leases (held by the source's worker) expire and
        # are reaped; the waiting ones are claimed; the run settles once.
        running_at_dump = superuser_sql(
            stack, RESTORED, f"SELECT string_agg(candidate_id::text || ':' || attempt, ' ') "
                             f"FROM model_selection_candidate "
                             f"WHERE selection_id = '{in_flight}' AND status = 'running'")
        assert running_at_dump, "the dump holds no running candidate of the run in flight"
        worker = start_worker(stack, RESTORED, tmp_path / "restored-worker.log")
        status = f"SELECT status FROM model_selection_run WHERE selection_id = '{in_flight}'"
        wait_until(lambda: superuser_sql(stack, RESTORED, status) == "completed", 180,
                   "the restored run to complete",
                   lambda: superuser_sql(stack, RESTORED, candidates))
        assert superuser_sql(stack, RESTORED, "SELECT settle_count FROM model_selection_run "
                                              f"WHERE selection_id = '{in_flight}'") == "1"
        assert superuser_sql(stack, RESTORED, "SELECT string_agg(DISTINCT status, ',') FROM "
                                              "model_selection_candidate "
                                              f"WHERE selection_id = '{in_flight}'") == "completed"
        for entry in running_at_dump.split():
            candidate, attempt = entry.split(":")
            assert int(superuser_sql(stack, RESTORED, "SELECT attempt FROM "
                                     f"model_selection_candidate WHERE candidate_id = "
                                     f"'{candidate}'")) > int(attempt), "not taken over"
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        superuser_sql(stack, "postgres", f"DROP DATABASE IF EXISTS {RESTORED}")
