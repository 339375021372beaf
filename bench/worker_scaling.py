#!/usr/bin/python3
"""Throughput of the default selection with 1, 2, 3 ... selector-worker processes.

Started by bench/worker_scaling.sh (docs/BENCHMARKS.md, "Worker scaling") against a private,
migrated and seeded PostgreSQL cluster. For each worker count N it starts N `selector-worker
serve` processes on loopback (one database, one shared queue), waits until every one
answers gRPC, submits one unreported warm-up batch, then --reps measured batches. A batch is
--runs SubmitRun calls, each the full default selection (ListModels'
default_candidate_model_types) for the next of --pairs READY store/product pairs, sent round
robin to the N workers from one client thread; it ends when every run is terminal in
model_selection_run (polled every 50 ms through one psql session). Per batch it records the
wall time from the first submit to the poll that saw the last run settle, the workers' CPU
time (/proc/<pid>/stat utime + stime, all threads) and PostgreSQL's (the postmaster, its
children and the children it reaped), then deletes the batch's runs, so every batch starts
on an empty queue. The workers are stopped (SIGTERM) before the next N.

Reported per N, medians over the batches: runs/s and candidates/s (wall), candidates per
worker CPU-second (the per-core throughput: what one busy core of worker time settles),
PostgreSQL CPU per candidate, and how many cores the workers and PostgreSQL kept busy.

Standard library plus python3-grpcio (stubs generated with protoc, as tests/system does);
every wait is bounded and the whole run has a deadline (--max_seconds).
"""

import argparse
import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

GOGO = "/usr/share/gocode/src/github.com/gogo/googleapis"
TERMINAL = "('completed','partial','failed','cancelled')"
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Deadline(Exception):
    pass


# ---- small helpers ----------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def proc_stat(pid):
    """The fields of /proc/<pid>/stat after the command name (field 3, state, is index 0)."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(pid, children=False):
    """utime + stime of every thread of `pid` (and of its reaped children when asked)."""
    f = proc_stat(pid)
    ticks = int(f[11]) + int(f[12])
    if children:
        ticks += int(f[13]) + int(f[14])
    return ticks / CLK_TCK


def postgres_cpu_seconds(postmaster):
    """The cluster's CPU so far: the postmaster with the children it reaped, plus every live
    child (backends, checkpointer, walwriter, ...)."""
    total = cpu_seconds(postmaster, children=True)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            f = proc_stat(name)
            if int(f[1]) == postmaster:
                total += (int(f[11]) + int(f[12])) / CLK_TCK
        except (OSError, ValueError, IndexError):
            pass  # gone meanwhile
    return total


def generate_stubs(source_dir, out):
    protos = ["champion/v1/options.proto", "champion/v1/data.proto",
              "champion/v1/catalog.proto", "champion/v1/selection.proto"]
    subprocess.run(["protoc", "-I", os.path.join(source_dir, "proto"), "-I", GOGO,
                    "-I", "/usr/include", f"--python_out={out}", f"--grpc_out={out}",
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin", *protos,
                    "google/api/annotations.proto", "google/api/http.proto"],
                   check=True, cwd=out, timeout=120)
    sys.path.insert(0, out)
    from champion.v1 import selection_pb2, selection_pb2_grpc  # noqa: E402
    return selection_pb2, selection_pb2_grpc


class Psql:
    """One psql session as the superuser (PGPASSFILE from the environment): cheap to poll."""

    MARK = "__worker_scaling_end__"

    def __init__(self, port, db):
        self.proc = subprocess.Popen(
            ["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-h", "127.0.0.1", "-p", str(port),
             "-U", "postgres", "-d", db],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            bufsize=1)

    def rows(self, sql):
        self.proc.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo " + self.MARK + "\n")
        self.proc.stdin.flush()
        out = []
        while True:
            line = self.proc.stdout.readline()
            if line == "":
                raise RuntimeError("psql exited: " + self.proc.stderr.read())
            line = line.rstrip("\n")
            if line == self.MARK:
                return [r.split("\t") for r in out if r]
            out.append(line)

    def value(self, sql):
        rows = self.rows(sql)
        if not rows:
            raise RuntimeError(f"no result for {sql!r}: {self.proc.stderr.readline()}")
        return rows[0][0]

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.SubprocessError):
            self.proc.kill()


# ---- the benchmark ----------------------------------------------------------------------------
class Bench:
    def __init__(self, args):
        self.args = args
        self.end = time.monotonic() + args.max_seconds
        import grpc  # python3-grpcio
        self.grpc = grpc
        self.pb, self.pb_grpc = generate_stubs(args.source_dir,
                                               tempfile.mkdtemp(prefix="py-", dir=args.state_dir))
        self.psql = Psql(args.pg_port, "champion")
        with open(os.path.join(args.pg_data, "postmaster.pid")) as f:
            self.postmaster = int(f.readline())
        self.workers = []  # (proc, channel, stub, log path)
        self.models = None
        self.pairs = None

    def check_deadline(self):
        if time.monotonic() > self.end:
            raise Deadline(f"gave up after --max_seconds={self.args.max_seconds}")

    # -- workers --
    def start_workers(self, n):
        url = f"host=127.0.0.1 port={self.args.pg_port} dbname=champion user=champion_app"
        for i in range(n):
            port = free_port()
            log_path = os.path.join(self.args.state_dir, f"worker-{n}-{i + 1}.log")
            cmd = [self.args.worker_bin, "serve", f"--database_url={url}",
                   f"--database_password_file={self.args.app_password_file}",
                   f"--grpc_listen=127.0.0.1:{port}"]
            if self.args.parallel > 0:
                cmd.append(f"--global_max_parallel={self.args.parallel}")
            with open(log_path, "ab") as log:
                proc = subprocess.Popen(cmd, cwd=self.args.source_dir, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            with open(os.path.join(self.args.state_dir, "worker.pids"), "a") as f:
                f.write(f"{proc.pid}\n")
            channel = self.grpc.insecure_channel(f"127.0.0.1:{port}")
            self.workers.append((proc, channel, self.pb_grpc.ModelSelectionServiceStub(channel),
                                 log_path))
            try:
                self.grpc.channel_ready_future(channel).result(timeout=60)
            except self.grpc.FutureTimeoutError:
                raise RuntimeError(f"worker {i + 1} of {n} did not answer within 60 s "
                                   f"(exit {proc.poll()}), see {log_path}")
        time.sleep(1.0)  # let the last one finish its start-up (LISTEN, reaper) before a batch

    def stop_workers(self):
        for proc, channel, _, _ in self.workers:
            channel.close()
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc, _, _, log_path in self.workers:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
                print(f"[scaling] worker {proc.pid} did not stop in 60 s, killed ({log_path})",
                      flush=True)
        self.workers = []

    # -- the batch --
    def choose_inputs(self):
        stub = self.workers[0][2]
        self.models = list(stub.ListModels(self.pb.ListModelsRequest(), timeout=30)
                           .default_candidate_model_types)
        ready = []
        stores = [int(r[0]) for r in self.psql.rows("SELECT id FROM store ORDER BY id")]
        products = [int(r[0]) for r in self.psql.rows("SELECT id FROM product ORDER BY id")]
        # Products outer, stores inner: the chosen pairs spread over the stores.
        for product in products:
            for store in stores:
                a = stub.GetAvailability(self.pb.GetAvailabilityRequest(
                    store_id=store, product_id=product, forecast_horizon=14), timeout=30)
                if a.status == self.pb.AVAILABILITY_STATUS_READY:
                    ready.append((store, product, a.observed_days))
                if len(ready) == self.args.pairs:
                    break
            if len(ready) == self.args.pairs:
                break
        if len(ready) < self.args.pairs:
            raise RuntimeError(f"only {len(ready)} READY pairs, --pairs={self.args.pairs}")
        self.pairs = ready

    def request(self, store, product):
        req = self.pb.RunSelectionRequest(store_id=store, product_id=product,
                                          forecast_horizon=14)
        for m in self.models:
            req.candidate_models.add().model_type = m
        return req

    def clear_queue(self):
        self.psql.rows("DELETE FROM model_selection_run")  # candidates cascade

    def batch(self):
        args = self.args
        self.clear_queue()
        stubs = [w[2] for w in self.workers]
        pids = [w[0].pid for w in self.workers]
        requests = [self.request(*self.pairs[i % len(self.pairs)][:2]) for i in range(args.runs)]
        cpu0 = [cpu_seconds(p) for p in pids]
        pg0 = postgres_cpu_seconds(self.postmaster)
        me0 = os.times()
        t0 = time.perf_counter()
        for i, req in enumerate(requests):
            stubs[i % len(stubs)].SubmitRun(req, timeout=60)
        t_submitted = time.perf_counter()
        limit = time.monotonic() + args.batch_timeout
        while True:
            done = int(self.psql.value(
                f"SELECT count(*) FROM model_selection_run WHERE status IN {TERMINAL}"))
            if done >= args.runs:
                break
            if time.monotonic() > limit:
                raise RuntimeError(f"{args.runs - done} of {args.runs} runs not settled after "
                                   f"{args.batch_timeout} s")
            self.check_deadline()
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        cpu1 = [cpu_seconds(p) for p in pids]
        pg1 = postgres_cpu_seconds(self.postmaster)
        me1 = os.times()

        span = float(self.psql.value(
            "SELECT extract(epoch FROM max(completed_at) - min(created_at)) "
            "FROM model_selection_run"))
        run_status = dict((s, int(c)) for s, c in self.psql.rows(
            "SELECT status, count(*) FROM model_selection_run GROUP BY 1 ORDER BY 1"))
        cand_status = dict((s, int(c)) for s, c in self.psql.rows(
            "SELECT status, count(*) FROM model_selection_candidate GROUP BY 1 ORDER BY 1"))
        owners = sorted((int(c) for _, c in self.psql.rows(
            "SELECT split_part(lease_owner, '/', 1), count(*) FROM model_selection_candidate "
            "WHERE lease_owner IS NOT NULL GROUP BY 1")), reverse=True)
        engine_ms = float(self.psql.value(
            "SELECT coalesce(sum(duration_ms), 0) FROM model_selection_candidate"))
        self.clear_queue()

        candidates = sum(cand_status.values())
        worker_cpu = [b - a for a, b in zip(cpu0, cpu1)]
        wcpu = sum(worker_cpu)
        pg_cpu = pg1 - pg0
        return {
            "runs": args.runs, "candidates": candidates, "wall_s": wall,
            "submit_s": t_submitted - t0, "server_span_s": span,
            "runs_per_s": args.runs / wall, "candidates_per_s": candidates / wall,
            "worker_cpu_s": wcpu, "worker_cpu_s_each": worker_cpu,
            "candidates_per_worker_cpu_s": candidates / wcpu if wcpu > 0 else float("nan"),
            "pg_cpu_s": pg_cpu, "pg_cpu_ms_per_candidate": pg_cpu * 1000.0 / candidates,
            "client_cpu_s": (me1.user - me0.user) + (me1.system - me0.system),
            "cores_busy": (wcpu + pg_cpu) / wall,
            "candidate_duration_ms_sum": engine_ms,
            "run_status": run_status, "candidate_status": cand_status,
            "candidates_per_process": owners, "load1": loadavg(),
        }

    def measure(self, n):
        print(f"[scaling] {n} worker process{'es' if n > 1 else ''}: starting", flush=True)
        self.start_workers(n)
        try:
            if self.pairs is None:
                self.choose_inputs()
                print(f"[scaling] default selection: {', '.join(self.models)}; pairs "
                      f"(store, product, observed days): {self.pairs}", flush=True)
            warm = self.batch()
            print(f"[scaling]   warm-up batch: {warm['runs_per_s']:.2f} runs/s (not reported)",
                  flush=True)
            reps = []
            for r in range(self.args.reps):
                self.check_deadline()
                b = self.batch()
                reps.append(b)
                print(f"[scaling]   batch {r + 1}/{self.args.reps}: {b['wall_s']:.2f} s, "
                      f"{b['runs_per_s']:.2f} runs/s, {b['candidates_per_s']:.1f} candidates/s, "
                      f"worker CPU {b['worker_cpu_s']:.2f} s "
                      f"({b['candidates_per_worker_cpu_s']:.1f} candidates/CPU-s), "
                      f"PostgreSQL CPU {b['pg_cpu_s']:.2f} s, load {b['load1']}", flush=True)
        finally:
            self.stop_workers()
        left = int(self.psql.value("SELECT count(*) FROM model_selection_run"))
        if left:
            self.clear_queue()
        return {"workers": n, "warmup": warm, "batches": reps}


# ---- the report -------------------------------------------------------------------------------
def med(batches, key):
    return statistics.median(b[key] for b in batches)


def report(args, meta, results):
    threads = f"{args.parallel}" if args.parallel > 0 else f"{meta['nproc']} (default)"
    base = med(results[0]["batches"], "candidates_per_s")
    base_n = results[0]["workers"]
    lines = []
    add = lines.append
    add(f"Worker scaling, {meta['started']} .. {meta['finished']}, {meta['revision']}, "
        f"nproc {meta['nproc']}; batches of {args.runs} runs x {len(meta['models'])} default "
        f"candidates over {len(meta['pairs'])} pairs; medians of {args.reps} batches per row")
    add("")
    add(f"| worker processes | backtest threads each | runs/s | candidates/s | vs {base_n} "
        f"process{'es' if base_n > 1 else ''} | worker CPU-s per batch | candidates per worker "
        f"CPU-second | PostgreSQL CPU ms per candidate | cores busy (workers + PostgreSQL) |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for res in results:
        b = res["batches"]
        add(f"| {res['workers']} | {threads} | {med(b, 'runs_per_s'):.2f} | "
            f"{med(b, 'candidates_per_s'):.1f} | {med(b, 'candidates_per_s') / base:.2f}x | "
            f"{med(b, 'worker_cpu_s'):.2f} | **{med(b, 'candidates_per_worker_cpu_s'):.1f}** | "
            f"{med(b, 'pg_cpu_ms_per_candidate'):.1f} | {med(b, 'cores_busy'):.2f} |")
    add("")
    for res in results:
        b = res["batches"]
        statuses = {}
        for x in b:
            for k, v in x["candidate_status"].items():
                statuses[k] = statuses.get(k, 0) + v
        rates = ", ".join(f"{x['runs_per_s']:.2f}" for x in b)
        walls = ", ".join(f"{x['wall_s']:.2f}" for x in b)
        add(f"- {res['workers']} process{'es' if res['workers'] > 1 else ''}: runs/s per batch "
            f"{rates}; wall {walls} s (submits "
            f"{med(b, 'submit_s'):.2f} s); candidates per process "
            f"{' / '.join(str(v) for v in b[len(b) // 2]['candidates_per_process'])}; "
            f"candidates {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}; "
            f"1-min load {', '.join(x['load1'] for x in b)}")
    add("")
    add(f"Pairs (store, product): {', '.join(f'({s}, {p})' for s, p, _ in meta['pairs'])}. "
        f"Default selection: {', '.join(meta['models'])}. Per-core throughput = candidates / "
        f"the workers' CPU seconds (utime + stime); PostgreSQL, the client and anything else on "
        f"the machine share the same {meta['nproc']} cores.")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--worker_bin", required=True)
    p.add_argument("--source_dir", required=True, help="checkout (the workers' cwd, proto/)")
    p.add_argument("--state_dir", required=True, help="worker logs, pid list, stubs")
    p.add_argument("--pg_port", type=int, required=True)
    p.add_argument("--pg_data", required=True, help="the cluster's data folder (postmaster.pid)")
    p.add_argument("--app_password_file", required=True, help="champion_app's password")
    p.add_argument("--workers", default="1 2 3", help="worker counts, space separated")
    p.add_argument("--reps", type=int, default=3, help="measured batches per worker count")
    p.add_argument("--runs", type=int, default=30, help="runs per batch")
    p.add_argument("--pairs", type=int, default=6, help="READY store/product pairs to cycle")
    p.add_argument("--parallel", type=int, default=0,
                   help="--global_max_parallel per worker (0: the worker's default, cores)")
    p.add_argument("--batch_timeout", type=int, default=600, help="seconds per batch at most")
    p.add_argument("--max_seconds", type=int, default=1800, help="give up after this long")
    p.add_argument("--json", help="write every batch's numbers here")
    p.add_argument("--markdown", help="write the report here")
    args = p.parse_args()
    counts = [int(x) for x in args.workers.split()]
    if not counts or min(counts) < 1 or max(counts) > 16:
        sys.exit("worker_scaling: --workers takes counts from 1 to 16")
    if args.reps < 1 or not 1 <= args.runs <= 10000 or args.pairs < 1 or args.parallel < 0:
        sys.exit("worker_scaling: bad --reps/--runs/--pairs/--parallel")

    revision = subprocess.run(["git", "-C", args.source_dir, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "unknown"
    meta = {"started": datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S UTC"), "nproc": os.cpu_count(), "revision": revision}
    # SIGTERM (bench/worker_scaling.sh's trap) unwinds like Ctrl-C: the workers get stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench = Bench(args)
    results = []
    try:
        for n in counts:
            results.append(bench.measure(n))
    except Deadline as e:
        sys.exit(f"worker_scaling: {e}")
    finally:
        bench.stop_workers()
        bench.psql.close()
    meta["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S UTC")
    meta["models"] = bench.models
    meta["pairs"] = bench.pairs
    text = report(args, meta, results)
    print()
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "args": vars(args), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
