"""The README's commands from any checkout folder: a clone under a 0700 parent (like root's
home on Debian), with a path too long for a unix socket, runs `deploy/stack.sh up`, answers
over REST, and `reset` deletes its PostgreSQL cluster, wherever that cluster lives."""

import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from conftest import SOURCE_DIR, Http, free_port, pg_env, read_token

PG_SH = os.path.join(SOURCE_DIR, "deploy/lib/pg.sh")


def run(args, timeout, **kw):
    """Runs a command with a time limit; never raises on a non-zero exit."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)


def private_long_dir(top):
    """A folder under the 0700 `top` whose path is longer than a unix socket path may be."""
    path = os.path.join(top, "a-checkout-folder-with-a-rather-long-name",
                        "nested-one-level-deeper-still", "and-one-more-for-good-measure",
                        "champion")
    assert len(path) > 110, path
    return path


@pytest.fixture
def private_top():
    top = tempfile.mkdtemp(prefix="chk-", dir="/tmp")  # 0700, owned by root
    assert os.stat(top).st_mode & 0o777 == 0o700
    yield top
    shutil.rmtree(top, ignore_errors=True)


def clone_source(dest):
    """A git clone of the source checkout with its uncommitted changes applied, so the clone
    runs the code under test. The dashboard is built from the source's installed packages
    (a second `npm ci` would only test npm)."""
    os.makedirs(os.path.dirname(dest))
    cloned = run(["git", "clone", "--quiet", SOURCE_DIR, dest], timeout=120)
    assert cloned.returncode == 0, cloned.stderr
    diff = subprocess.run(["git", "-C", SOURCE_DIR, "diff", "--binary", "HEAD"],
                          capture_output=True, timeout=60, check=True).stdout
    if diff:
        applied = subprocess.run(["git", "-C", dest, "apply", "--whitespace=nowarn"],
                                 input=diff, capture_output=True, timeout=60)
        assert applied.returncode == 0, applied.stderr
    if os.path.exists(os.path.join(dest, "frontend/package.json")):
        link_node_modules(os.path.join(SOURCE_DIR, "frontend/node_modules"),
                          os.path.join(dest, "frontend/node_modules"))


def link_node_modules(source, dest):
    """A node_modules folder of symlinks to the source's packages. Build caches (tsc's .tmp,
    vite's temp files) are written into `dest` itself, never into the source checkout."""
    assert os.path.isdir(source), "run deploy/install-deps.sh first (frontend/node_modules)"
    os.makedirs(dest)
    for name in os.listdir(source):
        if name not in (".tmp", ".vite", ".vite-temp", ".cache"):
            os.symlink(os.path.join(source, name), os.path.join(dest, name))


def owner(path):
    return pwd.getpwuid(os.stat(path).st_uid).pw_name


def test_stack_up_status_down_reset_from_a_private_long_checkout(private_top):
    checkout = private_long_dir(private_top)
    clone_source(checkout)
    http_port = free_port()
    env = dict(os.environ, CHAMPION_PG_PORT=str(free_port()), CHAMPION_GRPC_PORT=str(free_port()),
               CHAMPION_HTTP_PORT=str(http_port), CHAMPION_METRICS_PORT=str(free_port()),
               CHAMPION_BUILD_PRESET="dev",
               CHAMPION_SKIP_DEPS="1")
    env.pop("CHAMPION_STACK_DIR", None)  # the default state folder, inside the checkout
    stack = os.path.join(checkout, "deploy/stack.sh")
    logical_pg = os.path.join(checkout, ".local/stack/pg")
    try:
        up = run([stack, "up"], timeout=900, env=env, cwd=checkout)
        assert up.returncode == 0, f"{up.stdout}\n{up.stderr}"
        assert f"http://127.0.0.1:{http_port}" in up.stdout

        # The stack runs with authentication on and a development token only root can read.
        token_file = os.path.join(checkout, ".local/stack/dev-token")
        assert os.stat(token_file).st_mode & 0o777 == 0o600
        assert os.stat(os.path.join(checkout, ".local/stack/tokens")).st_mode & 0o777 == 0o600
        assert "dev-token" in up.stdout and "Authorization: Bearer" in up.stdout
        assert Http(f"http://127.0.0.1:{http_port}").get("/stores").status == 401
        stores = Http(f"http://127.0.0.1:{http_port}", read_token(token_file)).get(
            "/stores?page_size=100")
        assert stores.status == 200, stores
        assert len(stores.json()["stores"]) == 5 and stores.json()["total_size"] == "5"

        # The cluster lives outside the checkout, owned by postgres; the logs stay reachable
        # through the checkout's state folder.
        cluster = os.path.realpath(logical_pg)
        assert not cluster.startswith(private_top + "/"), cluster
        assert owner(cluster) == "postgres"
        assert os.path.isfile(os.path.join(cluster, "data/PG_VERSION"))
        with open(os.path.join(logical_pg, "pg.log")) as f:
            assert "database system is ready to accept connections" in f.read()

        status = run([stack, "status"], timeout=60, env=env)
        assert status.returncode == 0, status.stderr
        assert "worker: running" in status.stdout and "gateway: running" in status.stdout
        assert f"postgres: running (port {env['CHAMPION_PG_PORT']}, data {cluster})" \
            in status.stdout, status.stdout

        down = run([stack, "down"], timeout=120, env=env)
        assert down.returncode == 0, down.stderr
        status = run([stack, "status"], timeout=60, env=env).stdout
        assert "worker: stopped" in status and "gateway: stopped" in status
        assert "postgres: stopped" in status
        assert os.path.isfile(os.path.join(cluster, "data/PG_VERSION"))  # down keeps the data

        reset = run([stack, "reset"], timeout=120, env=env)
        assert reset.returncode == 0, reset.stderr
        assert not os.path.exists(cluster)
        assert not os.path.lexists(os.path.join(checkout, ".local/stack"))
    finally:
        run([stack, "reset"], timeout=120, env=env)


def pg(script, *args):
    """Runs `script` in bash after sourcing pg.sh; $1, $2... are `args`."""
    return run(["bash", "-c", f'set -e; source "{PG_SH}"; {script}', "pg", *args], timeout=120)


def test_pg_helpers_keep_the_cluster_reachable_and_delete_it(private_top):
    logical = os.path.join(private_long_dir(private_top), "test-pg")
    port = str(free_port())
    try:
        started = pg('champion_pg_start "$1" "$2"; champion_pg_running "$1"; champion_pg_dir "$1"',
                     logical, port)
        assert started.returncode == 0, started.stderr
        cluster = started.stdout.strip()
        assert os.path.islink(logical) and os.path.realpath(logical) == cluster
        assert owner(cluster) == "postgres"
        # Password logins only: the superuser's password is in the cluster's password file.
        assert psql(port, "SELECT 1").returncode != 0
        query = psql(port, "SELECT 1", env=pg_env(logical))
        assert query.stdout.strip() == "1", query.stderr
        conninfo = pg('champion_pg_conninfo "$1" "$2" postgres', logical, port).stdout.strip()
        query = run(["psql", "-X", "-A", "-t", "-d", conninfo, "-c", "SELECT 1"], timeout=30)
        assert query.stdout.strip() == "1", query.stderr

        deleted = pg('champion_pg_delete "$1"; ! champion_pg_running "$1"', logical)
        assert deleted.returncode == 0, deleted.stderr
        assert not os.path.exists(cluster) and not os.path.lexists(logical)
    finally:
        pg('champion_pg_delete "$1"', logical)


def psql(port, sql, env=None):
    """psql as the superuser; without `env`, with no password (PGPASSWORD, PGPASSFILE unset)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE")}
    return run(["psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", port, "-U", "postgres",
                "-c", sql], timeout=30, env=env)


def test_a_cluster_of_the_former_layout_moves_and_keeps_its_data():
    top = tempfile.mkdtemp(prefix="chk-", dir="/tmp")
    os.chmod(top, 0o755)  # the former layout worked only where postgres could traverse
    logical, port = os.path.join(top, "pg"), str(free_port())
    bin_dir, as_pg = "/usr/lib/postgresql/15/bin", ["runuser", "-u", "postgres", "--"]
    try:
        os.mkdir(logical, 0o700)
        shutil.chown(logical, "postgres", "postgres")
        assert run([*as_pg, f"{bin_dir}/initdb", "-D", f"{logical}/data", "-U", "postgres",
                    "-A", "trust", "--no-sync"], timeout=120).returncode == 0
        started = run([*as_pg, f"{bin_dir}/pg_ctl", "-D", f"{logical}/data", "-l",
                       f"{logical}/pg.log", "-w", "-t", "30", "-o",
                       f"-p {port} -k {logical} -c listen_addresses=127.0.0.1", "start"],
                      timeout=60)
        assert started.returncode == 0, started.stderr
        assert psql(port, "CREATE TABLE kept AS SELECT 42 AS answer").returncode == 0

        moved = pg('champion_pg_start "$1" "$2"; champion_pg_dir "$1"', logical, port)
        assert moved.returncode == 0, moved.stderr
        cluster = moved.stdout.strip()
        assert os.path.islink(logical) and os.path.realpath(logical) == cluster
        # The cluster trusted everyone; it now takes passwords only.
        assert psql(port, "SELECT answer FROM kept").returncode != 0
        assert psql(port, "SELECT answer FROM kept", env=pg_env(logical)).stdout.strip() == "42"
        assert os.path.isfile(os.path.join(logical, "pg.log"))
    finally:
        deleted = pg('champion_pg_delete "$1"', logical)
        run([*as_pg, f"{bin_dir}/pg_ctl", "-D", f"{logical}/data", "-m", "immediate", "stop"],
            timeout=60)
        shutil.rmtree(top, ignore_errors=True)
    assert deleted.returncode == 0, deleted.stderr
    assert not os.path.exists(cluster)
