"""Backup and restore as docs/OPERATIONS.md "Backup and restore" says: pg_dump -Fc as the
schema owner while the stack serves, then roles, pg_restore --no-owner --role and roles again
into a new database: the same rows, the same settled outcome, and the runtime role can work."""

import os
import subprocess

from cluster import PG_SH, create_database, superuser_sql
from test_runs_rest import request, wait_terminal

TABLES = ["store", "product", "sales_daily", "model_selection_run", "model_selection_candidate"]


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


def counts(stack, db):
    return {t: superuser_sql(stack, db, f"SELECT count(*) FROM {t}") for t in TABLES}


def test_a_dump_restores_into_a_new_database_that_serves(stack, http, tmp_path):
    resp = http.post("/model-selection/runs", request(["naive", "seasonal_naive"]))
    assert resp.status == 202, resp
    sid = resp.json()["selection_id"]
    assert wait_terminal(http, sid)["status"] == "RUN_STATE_COMPLETED"

    dump = str(tmp_path / "champion.dump")
    as_role(stack, "champion_owner", "pg_dump", "-Fc", "--no-owner", "-d", "champion", "-f", dump)
    before = counts(stack, "champion")

    create_database(stack, "champion_restored")  # roles and rights, as db/roles.sql gives them
    as_role(stack, "champion_owner", "pg_restore", "--no-owner", "--role=champion_owner",
            "-d", "champion_restored", dump)
    subprocess.run(["bash", "-c", 'source "$1"; champion_pg_provision_roles "$2" "$3" "$4" '
                    'champion_owner "$5/db-owner.password" champion_app "$5/db-app.password"',
                    "provision", PG_SH, os.path.join(stack["state"], "pg"),
                    stack["env"]["CHAMPION_PG_PORT"], "champion_restored",
                    os.path.join(stack["state"], "secrets")],
                   check=True, capture_output=True, timeout=120)

    try:
        after = counts(stack, "champion_restored")
        # The source kept serving; this test's rows were all there at dump time.
        assert after["sales_daily"] == before["sales_daily"]
        assert after["store"] == before["store"] and after["product"] == before["product"]
        outcome = ("SELECT md5(outcome::text) || settle_count FROM model_selection_run "
                   f"WHERE selection_id = '{sid}'")
        assert superuser_sql(stack, "champion_restored", outcome) == \
            superuser_sql(stack, "champion", outcome)
        # The runtime role reads and writes rows there, and still cannot change the schema.
        app = ["psql", "-X", "-q", "-t", "-A", "-d", "champion_restored", "-c"]
        assert as_role(stack, "champion_app", *app,
                       f"SELECT status FROM model_selection_run WHERE selection_id = '{sid}'") \
            == "completed"
        as_role(stack, "champion_app", *app,
                f"UPDATE model_selection_run SET updated_at = updated_at "
                f"WHERE selection_id = '{sid}'")
        refused = subprocess.run(
            ["bash", "-c", "PGPASSWORD=$(cat \"$1\") psql -X -h 127.0.0.1 -p \"$2\" -U champion_app "
             "-d champion_restored -c 'DROP TABLE model_selection_candidate'", "drop",
             os.path.join(stack["state"], "secrets", "db-app.password"),
             stack["env"]["CHAMPION_PG_PORT"]], capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "must be owner" in refused.stderr
        versions = "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"
        assert superuser_sql(stack, "champion_restored", versions) == \
            superuser_sql(stack, "champion", versions)
    finally:
        superuser_sql(stack, "postgres", "DROP DATABASE IF EXISTS champion_restored")
