"""PostgreSQL least privilege in the stack: the worker serves as the runtime role, passwords
live in private files and never on a command line, and the cluster takes passwords only."""

import os
import stat
import subprocess

from conftest import BUILD_DIR, SOURCE_DIR, free_port

WORKER = os.path.join(BUILD_DIR, "selector-worker/selector-worker")


def psql(stack, sql, user="postgres", env=None):
    return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p",
                           stack["env"]["CHAMPION_PG_PORT"], "-U", user, "-d", "champion",
                           "-c", sql], capture_output=True, text=True, timeout=30,
                          env=env if env is not None else stack["pg_env"])


def no_password_env():
    return {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE")}


def secret(stack, name):
    with open(os.path.join(stack["state"], "secrets", name)) as f:
        return f.read().strip()


def worker_pid(stack):
    with open(os.path.join(stack["state"], "run/worker.pid")) as f:
        return int(f.read())


def test_the_worker_serves_as_the_runtime_role(stack, http):
    assert http.get("/stores?page_size=1").status == 200  # the worker's pool is connected
    users = psql(stack, "SELECT DISTINCT usename FROM pg_stat_activity "
                        "WHERE datname = 'champion' AND backend_type = 'client backend' "
                        "AND pid <> pg_backend_pid()")
    assert users.returncode == 0, users.stderr
    assert users.stdout.split() == ["champion_app"]
    roles = psql(stack, "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                        "WHERE rolname LIKE 'champion%' ORDER BY 1")
    assert roles.stdout.split() == ["champion_app|f|f|f", "champion_owner|f|f|f"]
    owners = psql(stack, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owners.stdout.split() == ["champion_owner"]


def test_the_runtime_role_cannot_drop_a_table(stack):
    env = dict(no_password_env(), PGPASSWORD=secret(stack, "db-app.password"))
    dropped = psql(stack, "DROP TABLE sales_daily", user="champion_app", env=env)
    assert dropped.returncode != 0
    assert "must be owner of table sales_daily" in dropped.stderr
    truncated = psql(stack, "TRUNCATE model_selection_run CASCADE", user="champion_app", env=env)
    assert "permission denied" in truncated.stderr
    assert psql(stack, "SELECT count(*) FROM sales_daily").stdout.strip() != "0"


def test_passwords_are_private_files_and_on_no_command_line(stack):
    folder = os.path.join(stack["state"], "secrets")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for name in ("db-owner.password", "db-app.password"):
        path = os.path.join(folder, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
        assert len(secret(stack, name)) == 32
    passfile = stack["pg_env"]["PGPASSFILE"]
    assert stat.S_IMODE(os.stat(passfile).st_mode) == 0o600
    with open(f"/proc/{worker_pid(stack)}/cmdline", "rb") as f:
        args = f.read().decode().split("\0")
    assert "--database_password_file=" + os.path.join(folder, "db-app.password") in args
    for name in ("db-owner.password", "db-app.password"):
        password = secret(stack, name)
        assert not any(password in a for a in args)
        assert password not in stack["up_output"]
        for log in ("logs/worker.log", "pg/pg.log"):
            with open(os.path.join(stack["state"], log), errors="replace") as f:
                assert password not in f.read(), (name, log)


def test_the_cluster_takes_passwords_only(stack):
    for user in ("postgres", "champion_app", "champion_owner"):
        refused = psql(stack, "SELECT 1", user=user, env=no_password_env())
        assert refused.returncode != 0, user
        assert "password" in refused.stderr, refused.stderr
    wrong = psql(stack, "SELECT 1", user="champion_app",
                 env=dict(no_password_env(), PGPASSWORD="not-the-password"))
    assert "password authentication failed" in wrong.stderr
    hba = psql(stack, "SELECT DISTINCT auth_method FROM pg_hba_file_rules ORDER BY 1")
    assert hba.stdout.split() == ["peer", "scram-sha-256"]


def test_the_worker_refuses_a_password_in_its_database_url(stack):
    url = f"host=127.0.0.1 port={stack['env']['CHAMPION_PG_PORT']} dbname=champion " \
          "user=champion_app password=s3cret"
    for args, env in (([f"--database_url={url}"], no_password_env()),
                      ([], dict(no_password_env(), CHAMPION_DATABASE_URL=url))):
        out = subprocess.run([WORKER, "serve", f"--grpc_listen=127.0.0.1:{free_port()}", *args],
                             cwd=SOURCE_DIR, capture_output=True, text=True, timeout=30, env=env)
        assert out.returncode == 2, out
        assert "--database_url: must not hold a password" in out.stderr
        assert "--database_password_file" in out.stderr and "s3cret" not in out.stderr


def test_the_worker_reads_its_password_from_a_file_or_libpq(stack):
    url = f"host=127.0.0.1 port={stack['env']['CHAMPION_PG_PORT']} dbname=champion " \
          "user=champion_owner"
    from_file = [f"--database_password_file={stack['state']}/secrets/db-owner.password"]
    from_env = dict(no_password_env(), CHAMPION_DATABASE_PASSWORD_FILE=from_file[0].split("=")[1])
    from_libpq = dict(no_password_env(), PGPASSWORD=secret(stack, "db-owner.password"))
    for args, env in ((from_file, no_password_env()), ([], from_env), ([], from_libpq)):
        out = subprocess.run([WORKER, "migrate", "status", f"--database_url={url}", *args],
                             cwd=SOURCE_DIR, capture_output=True, text=True, timeout=30, env=env)
        assert out.returncode == 0, out
        assert "applied" in out.stdout
    missing = subprocess.run([WORKER, "migrate", "status", f"--database_url={url}",
                              "--database_password_file=/nonexistent/password"],
                             cwd=SOURCE_DIR, capture_output=True, text=True, timeout=30,
                             env=no_password_env())
    assert missing.returncode == 2
    assert "--database_password_file: cannot read /nonexistent/password" in missing.stderr
