#!/usr/bin/python3
"""Load benchmark of the asynchronous run path, through the api-gateway's REST API.

Started by bench/async_load.sh against a private stack (docs/BENCHMARKS.md, "Asynchronous
runs"); it can also be pointed at any running stack on the loopback interface. It measures:

  (a) submit-to-terminal latency of the default selection (POST /model-selection/runs, then
      GET /model-selection/{id} every 20 ms until the run is terminal), N times, sequentially;
  (b) the same request through the legacy POST /model-selection/run (RunSync), N times,
      interleaved with (a) so both see the same machine state; the ratio async / sync;
  (c) sustained throughput: M runs of a light selection submitted as fast as possible,
      completed runs per second until all are terminal (median of --bursts such bursts), with
      the stack's one worker and then with a second worker process started against the same
      database;
  (d) cancel-to-settled latency: a run with a long XGBoost fit, DELETE once the fit runs,
      N times.

Standard library only (urllib); every loop is bounded and the whole run has a deadline. The
second worker is started and stopped by this script (by its own pid).
"""

import argparse
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

DEFAULT = ["naive", "seasonal_naive", "moving_average", "regression", "prophet_like",
           "auto_ets", "theta"]
LIGHT = ["naive", "seasonal_naive", "moving_average", "theta", "ses"]
SLOW = {"model_type": "xgboost",
        "params": {"n_estimators": 1000, "max_depth": 12, "learning_rate": 0.01}}
TERMINAL = {"RUN_STATE_COMPLETED", "RUN_STATE_PARTIAL", "RUN_STATE_FAILED", "RUN_STATE_CANCELLED"}
CANCEL_TARGET_MS = 200.0


class Deadline(Exception):
    pass


class Bench:
    def __init__(self, args):
        self.args = args
        if not args.base.startswith(("http://127.0.0.1:", "http://localhost:")):
            sys.exit("async_load: --base must be a loopback URL")
        self.base = args.base.rstrip("/")
        self.end = time.monotonic() + args.max_seconds

    # ---- HTTP -------------------------------------------------------------------------
    def check_deadline(self):
        if time.monotonic() > self.end:
            raise Deadline(f"gave up after --max_seconds={self.args.max_seconds}")

    def call(self, method, path, body=None, timeout=120):
        self.check_deadline()
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if os.environ.get("CHAMPION_TOKEN"):
            req.add_header("Authorization", "Bearer " + os.environ["CHAMPION_TOKEN"])
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            payload = e.read()
            try:
                return e.code, json.loads(payload or b"null")
            except ValueError:
                return e.code, {"raw": payload.decode(errors="replace")}

    def body(self, models):
        return {"store_id": self.args.store_id, "product_id": self.args.product_id,
                "forecast_horizon": 14,
                "candidate_models": [m if isinstance(m, dict) else {"model_type": m}
                                     for m in models]}

    def submit(self, models):
        status, run = self.call("POST", "/model-selection/runs", self.body(models))
        if status != 202:
            raise RuntimeError(f"submit answered {status}: {run}")
        return run

    def get(self, sid):
        status, run = self.call("GET", f"/model-selection/{sid}")
        if status != 200:
            raise RuntimeError(f"GET {sid} answered {status}: {run}")
        return run

    def wait_terminal(self, sid, poll, timeout=300):
        limit = time.monotonic() + timeout
        while True:
            run = self.get(sid)
            if run["status"] in TERMINAL:
                return run
            if time.monotonic() > limit:
                raise RuntimeError(f"run {sid} not terminal after {timeout}s")
            time.sleep(poll)

    # ---- the measurements -------------------------------------------------------------
    def async_once(self):
        t0 = time.perf_counter()
        run = self.submit(DEFAULT)
        settled = self.wait_terminal(run["selection_id"], self.args.poll_ms / 1000.0)
        wall = (time.perf_counter() - t0) * 1000.0
        return wall, server_span_ms(settled), settled

    def sync_once(self):
        t0 = time.perf_counter()
        status, run = self.call("POST", "/model-selection/run", self.body(DEFAULT))
        wall = (time.perf_counter() - t0) * 1000.0
        if status != 200:
            raise RuntimeError(f"RunSync answered {status}: {run}")
        return wall, server_span_ms(run), run

    def latency(self):
        """(a) and (b), interleaved: async, sync, async, sync, ..."""
        for _ in range(self.args.warmup):
            self.async_once()
            self.sync_once()
        a_wall, a_srv, s_wall, s_srv, statuses = [], [], [], [], {}
        for i in range(self.args.n):
            first, second = (self.async_once, self.sync_once) if i % 2 == 0 else \
                (self.sync_once, self.async_once)
            for fn in (first, second):
                wall, srv, run = fn()
                key = "async" if fn == self.async_once else "sync"
                (a_wall if key == "async" else s_wall).append(wall)
                (a_srv if key == "async" else s_srv).append(srv)
                statuses.setdefault(key, {}).setdefault(run["status"], 0)
                statuses[key][run["status"]] += 1
        return {"async_ms": a_wall, "async_server_ms": a_srv, "sync_ms": s_wall,
                "sync_server_ms": s_srv, "statuses": statuses}

    def throughput(self, label):
        """(c): M light runs submitted back to back; runs/s until all are terminal."""
        m = self.args.m
        ids = []
        t0 = time.perf_counter()
        for _ in range(m):
            ids.append(self.submit(LIGHT)["selection_id"])
        t_submitted = time.perf_counter()
        pending = set(ids)
        settled = {}
        limit = time.monotonic() + 600
        while pending:
            status, page = self.call("GET", f"/model-selection/runs?store_id={self.args.store_id}"
                                     f"&product_id={self.args.product_id}&page_size=100")
            if status != 200:
                raise RuntimeError(f"ListRuns answered {status}: {page}")
            for r in page.get("runs", []):
                if r["selection_id"] in pending and r["status"] in TERMINAL:
                    pending.discard(r["selection_id"])
                    settled[r["selection_id"]] = r
            if not pending:
                break
            if time.monotonic() > limit:
                raise RuntimeError(f"{len(pending)} of {m} runs not terminal after 600s")
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        created = [parse_ts(r["created_at"]) for r in settled.values()]
        completed = [parse_ts(r["completed_at"]) for r in settled.values()]
        server_span = (max(completed) - min(created)).total_seconds()
        statuses = {}
        for r in settled.values():
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        return {"label": label, "runs": m, "wall_s": wall,
                "submit_s": t_submitted - t0, "runs_per_s": m / wall,
                "server_span_s": server_span, "server_runs_per_s": m / server_span,
                "statuses": statuses, "ids": ids, "owners": self.lease_owners(ids)}

    def bursts(self, label):
        """(c) repeated: --bursts bursts of M runs, one after the other; the median burst."""
        runs = [self.throughput(label) for _ in range(self.args.bursts)]
        runs.sort(key=lambda r: r["runs_per_s"])
        best = dict(runs[len(runs) // 2])
        best["all_runs_per_s"] = [r["runs_per_s"] for r in runs]
        best["all_server_runs_per_s"] = sorted(r["server_runs_per_s"] for r in runs)
        best["bursts"] = runs
        return best

    def cancel_once(self):
        run = self.submit([SLOW, "naive"])
        sid = run["selection_id"]
        limit = time.monotonic() + 60
        while True:
            run = self.get(sid)
            xgb = [c for c in run.get("candidate_progress", []) if c["model_type"] == "xgboost"]
            if run["progress"].get("running", 0) >= 1 and xgb and \
                    xgb[0]["status"] == "CANDIDATE_STATE_RUNNING":
                break
            if run["status"] in TERMINAL:
                raise RuntimeError(f"run {sid} settled before the fit started: {run['status']}")
            if time.monotonic() > limit:
                raise RuntimeError(f"the xgboost candidate of {sid} did not start within 60s")
            time.sleep(self.args.poll_ms / 1000.0)
        # Let the fit get past loading the series and building the feature frame.
        time.sleep(self.args.cancel_delay_ms / 1000.0)
        t0 = time.perf_counter()
        status, settled = self.call("DELETE", f"/model-selection/{sid}")
        ms = (time.perf_counter() - t0) * 1000.0
        if status != 200:
            raise RuntimeError(f"DELETE {sid} answered {status}: {settled}")
        prog = settled["progress"]
        if prog.get("running", 0) or prog.get("pending", 0):
            raise RuntimeError(f"DELETE {sid} answered a run that is not settled: {prog}")
        xgb = [c for c in settled["candidate_progress"] if c["model_type"] == "xgboost"][0]
        return ms, settled["status"], xgb["status"]

    def cancel(self):
        """(d)"""
        self.cancel_once()  # warm-up
        ms, statuses, xgb = [], {}, {}
        for _ in range(self.args.n):
            t, status, xgb_status = self.cancel_once()
            ms.append(t)
            statuses[status] = statuses.get(status, 0) + 1
            xgb[xgb_status] = xgb.get(xgb_status, 0) + 1
        return {"ms": ms, "statuses": statuses, "xgboost": xgb}

    # ---- the second worker ------------------------------------------------------------
    def start_worker(self):
        port = free_port()
        url = (f"host=127.0.0.1 port={self.args.pg_port} user=postgres "
               f"dbname={self.args.dbname}")
        log = open(self.args.worker_log, "ab")
        proc = subprocess.Popen(
            [self.args.worker_bin, "serve", f"--database_url={url}",
             f"--grpc_listen=127.0.0.1:{port}"],
            cwd=self.args.source_dir, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        log.close()
        limit = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the second worker exited with {proc.returncode}, "
                                   f"see {self.args.worker_log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                pass
            if time.monotonic() > limit:
                stop(proc)
                raise RuntimeError("the second worker did not listen within 30s")
            time.sleep(0.1)
        return proc

    def lease_owners(self, ids):
        """Candidates per worker process (lease_owner host:pid), when psql is at hand."""
        if not self.args.pg_port:
            return None
        in_list = ",".join(f"'{i}'" for i in ids)
        sql = (f"SELECT split_part(lease_owner, '/', 1), count(*) FROM model_selection_candidate "
               f"WHERE selection_id IN ({in_list}) GROUP BY 1 ORDER BY 1")
        try:
            out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", " ", "-h", "127.0.0.1",
                                  "-p", str(self.args.pg_port), "-U", "postgres", "-d",
                                  self.args.dbname, "-c", sql], capture_output=True, text=True,
                                 timeout=30, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
        return [line.split(" ") for line in out.stdout.strip().splitlines() if line]


# ---- helpers ------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def parse_ts(text):
    """RFC 3339 with up to nanoseconds and a Z, as the gateway writes Timestamps."""
    date, _, rest = text.partition("T")
    rest = rest.rstrip("Z")
    clock, _, frac = rest.partition(".")
    base = datetime.datetime.fromisoformat(f"{date}T{clock}+00:00")
    return base + datetime.timedelta(microseconds=int((frac + "000000")[:6]) if frac else 0)


def server_span_ms(run):
    if not run.get("created_at") or not run.get("completed_at"):
        return float("nan")
    return (parse_ts(run["completed_at"]) - parse_ts(run["created_at"])).total_seconds() * 1000


def pct(values, q):
    """Percentile with linear interpolation between order statistics (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def report(args, meta, lat, tp1, tp2, can):
    lines = []
    add = lines.append
    a50, a99 = pct(lat["async_ms"], 50), pct(lat["async_ms"], 99)
    s50, s99 = pct(lat["sync_ms"], 50), pct(lat["sync_ms"], 99)
    c50, c99 = pct(can["ms"], 50), pct(can["ms"], 99)
    add(f"Champion async load benchmark, {meta['started']} .. {meta['finished']} "
        f"(1-min load: {', '.join(meta['loads'])})")
    add("")
    add("| measurement | n | p50 | p99 | max | notes |")
    add("|---|---:|---:|---:|---:|---|")
    add(f"| (a) async submit-to-terminal, default selection (poll {args.poll_ms} ms) | "
        f"{len(lat['async_ms'])} | {fmt(a50)} ms | {fmt(a99)} ms | {fmt(max(lat['async_ms']))} ms | "
        f"server created->completed p50 {fmt(pct(lat['async_server_ms'], 50))} ms, "
        f"p99 {fmt(pct(lat['async_server_ms'], 99))} ms; {status_text(lat['statuses']['async'])} |")
    add(f"| (b) RunSync, same request | {len(lat['sync_ms'])} | {fmt(s50)} ms | {fmt(s99)} ms | "
        f"{fmt(max(lat['sync_ms']))} ms | server p50 {fmt(pct(lat['sync_server_ms'], 50))} ms; "
        f"{status_text(lat['statuses']['sync'])} |")
    add(f"| async / sync (overhead) | | {a50 / s50:.2f}x | {a99 / s99:.2f}x | | "
        f"p50 difference {fmt(a50 - s50)} ms |")
    for tp, workers in ((tp1, 1), (tp2, 2)):
        owners = ""
        if tp["owners"] is not None:
            owners = "; candidates per worker: " + ", ".join(
                f"{n}" for _, n in tp["owners"]) + f" ({len(tp['owners'])} processes)"
        add(f"| (c) throughput, {workers} worker{'s' if workers > 1 else ''}, bursts of "
            f"{tp['runs']} runs of {'/'.join(LIGHT)} | {len(tp['bursts'])} x {tp['runs']} | "
            f"**{tp['runs_per_s']:.1f} runs/s** (median burst) | | | all bursts "
            f"{', '.join(f'{x:.1f}' for x in tp['all_runs_per_s'])} runs/s; median burst: first "
            f"submit to all terminal {tp['wall_s']:.2f} s (submits took {tp['submit_s']:.2f} s), "
            f"server created->completed span {tp['server_span_s']:.2f} s = "
            f"{tp['server_runs_per_s']:.1f} runs/s; {status_text(tp['statuses'])}{owners} |")
    add(f"| (d) cancel-to-settled (DELETE), xgboost 1000 x depth 12 in flight | {len(can['ms'])} | "
        f"{fmt(c50)} ms | {fmt(c99)} ms | {fmt(max(can['ms']))} ms | target p99 < "
        f"{CANCEL_TARGET_MS:.0f} ms: **{'met' if c99 < CANCEL_TARGET_MS else 'missed'}**; runs "
        f"{status_text(can['statuses'])}; xgboost {status_text(can['xgboost'])} |")
    add("")
    add(f"Two workers / one worker: {tp2['runs_per_s'] / tp1['runs_per_s']:.2f}x "
        f"(server spans: {tp2['server_runs_per_s'] / tp1['server_runs_per_s']:.2f}x). "
        f"nproc = {meta['nproc']}; each worker runs --global_max_parallel = cores = "
        f"{meta['nproc']} backtest threads, so two workers share the same {meta['nproc']} cores "
        f"with PostgreSQL, the gateway and this client.")
    add("")
    add("Raw samples (ms):")
    for name, xs in (("async", lat["async_ms"]), ("sync", lat["sync_ms"]),
                     ("cancel", can["ms"])):
        add(f"- {name}: " + " ".join(f"{x:.0f}" for x in xs))
    return "\n".join(lines)


def status_text(counts):
    return ", ".join(f"{k.split('_STATE_')[-1].lower()} {v}" for k, v in sorted(counts.items()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", required=True, help="gateway URL, http://127.0.0.1:PORT")
    p.add_argument("--pg_port", type=int, default=0, help="the stack's PostgreSQL port")
    p.add_argument("--dbname", default="champion")
    p.add_argument("--worker_bin", required=True, help="selector-worker for the second worker")
    p.add_argument("--worker_log", default="/dev/null")
    p.add_argument("--source_dir", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    p.add_argument("--store_id", type=int, default=1)
    p.add_argument("--product_id", type=int, default=1)
    p.add_argument("-n", "--n", type=int, default=20, help="samples for (a), (b), (d)")
    p.add_argument("-m", "--m", type=int, default=40, help="runs per throughput burst (c)")
    p.add_argument("--bursts", type=int, default=3, help="throughput bursts per worker count")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--poll_ms", type=int, default=20)
    p.add_argument("--cancel_delay_ms", type=int, default=100)
    p.add_argument("--max_seconds", type=int, default=900, help="give up after this long")
    p.add_argument("--json", help="write the raw results here")
    p.add_argument("--markdown", help="write the report here")
    args = p.parse_args()

    bench = Bench(args)
    meta = {"started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "nproc": os.cpu_count(), "host": platform.node(), "loads": []}
    second = None
    try:
        meta["loads"].append(f"{loadavg()} before")
        print(f"[load] (a)+(b) latency, n={args.n} each, interleaved", flush=True)
        lat = bench.latency()
        meta["loads"].append(f"{loadavg()} after (a)+(b)")
        print(f"[load] (d) cancel, n={args.n}", flush=True)
        can = bench.cancel()
        meta["loads"].append(f"{loadavg()} after (d)")
        print(f"[load] (c) throughput, {args.bursts} x {args.m} runs, 1 worker", flush=True)
        bench.throughput("warm-up")  # not reported: the first burst after start-up
        tp1 = bench.bursts("1 worker")
        meta["loads"].append(f"{loadavg()} after (c) 1 worker")
        print(f"[load] (c) throughput, {args.bursts} x {args.m} runs, 2 workers", flush=True)
        second = bench.start_worker()
        time.sleep(1.0)  # let it finish its start-up before the burst
        tp2 = bench.bursts("2 workers")
        meta["loads"].append(f"{loadavg()} after (c) 2 workers")
    except Deadline as e:
        sys.exit(f"async_load: {e}")
    finally:
        if second is not None:
            stop(second)
    meta["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S UTC")
    text = report(args, meta, lat, tp1, tp2, can)
    print()
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "latency": lat, "throughput": [tp1, tp2], "cancel": can},
                      f, indent=1)


if __name__ == "__main__":
    main()
