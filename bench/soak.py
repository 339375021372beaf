#!/usr/bin/python3
"""Soak run of the whole stack through the api-gateway's REST API (docs/BENCHMARKS.md,
"Soak"). Started by bench/soak.sh against a private stack on loopback.

For --seconds (default 600) it sends a steady mix of operations at --rate per second: submits
of a light selection, reads (run, run list, stores, availability), server-sent-event watchers
that follow a run to its end, and cancels of recent runs. A third of the way in, the worker is
stopped (SIGTERM) and started again; two thirds in, PostgreSQL is restarted. At the end it
waits for every submitted run to settle and checks each settled exactly once.

It reports the rate held, p50/p99 latency per operation, every status by operation, the
5xx answers inside and outside the restart windows (outside: unexpected), and the RSS of both
services at start and end. Standard library only; every loop is bounded in count and time.
"""

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

LIGHT = ["naive", "seasonal_naive", "theta", "ses"]
TERMINAL = {"RUN_STATE_COMPLETED", "RUN_STATE_PARTIAL", "RUN_STATE_FAILED", "RUN_STATE_CANCELLED"}
MIX = [("submit", 0.2), ("get_run", 0.25), ("list_runs", 0.1), ("stores", 0.1),
       ("availability", 0.15), ("watch", 0.1), ("cancel", 0.1)]
WINDOW_S = 20.0  # 5xx this long after a restart began are expected


def add_token(req):
    """The stack's API token (CHAMPION_TOKEN, set by bench/lib/private_stack.sh)."""
    if os.environ.get("CHAMPION_TOKEN"):
        req.add_header("Authorization", "Bearer " + os.environ["CHAMPION_TOKEN"])


class Soak:
    def __init__(self, args):
        if not args.base.startswith("http://127.0.0.1:"):
            sys.exit("soak: --base must be a loopback URL")
        self.args = args
        self.lock = threading.Lock()
        self.samples = []  # (op, status, ms, t)
        self.runs = []
        self.windows = []  # (start, end) of restarts, monotonic
        self.rng = random.Random(42)
        self.t0 = time.monotonic()

    def call(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.args.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
        add_token(req)
        start = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, content = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, content = err.code, err.read()
        except OSError:
            status, content = 0, b""  # refused or reset: the gateway itself was away
        return status, content, (time.monotonic() - start) * 1000

    def record(self, op, status, ms):
        with self.lock:
            self.samples.append((op, status, ms, time.monotonic() - self.t0))

    def recent_run(self):
        with self.lock:
            return self.rng.choice(self.runs[-20:]) if self.runs else None

    def op(self, name):
        if name == "submit":
            models = self.rng.sample(LIGHT, 3)
            body = {"store_id": 1 + self.rng.randrange(5), "product_id": 1 + self.rng.randrange(20),
                    "forecast_horizon": 14,
                    "candidate_models": [{"model_type": m} for m in models]}
            status, content, ms = self.call("POST", "/model-selection/runs", body)
            if status == 202:
                with self.lock:
                    self.runs.append(json.loads(content)["selection_id"])
        elif name == "get_run":
            sid = self.recent_run()
            if sid is None:
                return
            status, _, ms = self.call("GET", f"/model-selection/{sid}")
        elif name == "list_runs":
            status, _, ms = self.call("GET", "/model-selection/runs?page_size=20")
        elif name == "stores":
            status, _, ms = self.call("GET", "/stores?page_size=10")
        elif name == "availability":
            status, _, ms = self.call(
                "GET", f"/model-selection/availability?store_id={1 + self.rng.randrange(5)}"
                f"&product_id={1 + self.rng.randrange(20)}&forecast_horizon=14")
        elif name == "cancel":
            sid = self.recent_run()
            if sid is None:
                return
            status, _, ms = self.call("DELETE", f"/model-selection/{sid}")
        elif name == "watch":
            sid = self.recent_run()
            if sid is None:
                return
            status, ms = self.watch(sid)
        self.record(name, status, ms)

    def watch(self, sid):
        """Follows the run's event stream to its end (at most 60 s)."""
        start = time.monotonic()
        req = urllib.request.Request(f"{self.args.base}/model-selection/{sid}/events")
        add_token(req)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status = resp.status
                while time.monotonic() - start < 60:
                    line = resp.readline()
                    if not line:
                        break
        except urllib.error.HTTPError as err:
            status = err.code
        except OSError:
            status = 0
        return status, (time.monotonic() - start) * 1000

    def restart_worker(self):
        self.windows.append((time.monotonic() - self.t0, None))
        pid = int(open(os.path.join(self.args.run_dir, "worker.pid")).read())
        os.kill(pid, 15)
        for _ in range(300):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
        subprocess.run([self.args.stack_sh, "up"], check=True, capture_output=True, timeout=300)

    def restart_postgres(self):
        self.windows.append((time.monotonic() - self.t0, None))
        real = os.path.realpath(self.args.pg_dir)
        subprocess.run(["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl",
                        "-D", os.path.join(real, "data"), "-l", os.path.join(real, "pg.log"),
                        "-m", "fast", "-w", "-t", "60", "restart"], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=90)

    def rss_kib(self, name):
        try:
            pid = int(open(os.path.join(self.args.run_dir, f"{name}.pid")).read())
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except (OSError, ValueError):
            return None
        return None

    def run(self):
        ops, weights = zip(*MIX)
        work = queue.Queue(maxsize=256)
        stop = threading.Event()

        def worker():
            while not stop.is_set():
                try:
                    name = work.get(timeout=0.5)
                except queue.Empty:
                    continue
                self.op(name)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(24)]
        for t in threads:
            t.start()
        rss_start = {"worker": self.rss_kib("worker"), "gateway": self.rss_kib("gateway")}
        duration, interval = self.args.seconds, 1.0 / self.args.rate
        events = {duration / 3: self.restart_worker, 2 * duration / 3: self.restart_postgres}
        dropped, sent, next_t = 0, 0, time.monotonic()
        while time.monotonic() - self.t0 < duration:
            elapsed = time.monotonic() - self.t0
            for at in list(events):
                if elapsed >= at:
                    threading.Thread(target=events.pop(at), daemon=True).start()
            try:
                work.put_nowait(self.rng.choices(ops, weights)[0])
                sent += 1
            except queue.Full:
                dropped += 1
            next_t += interval
            time.sleep(max(0.0, next_t - time.monotonic()))
        stop.set()
        for t in threads:
            t.join(timeout=70)
        rss_end = {"worker": self.rss_kib("worker"), "gateway": self.rss_kib("gateway")}
        return {"sent": sent, "dropped": dropped, "rss_start": rss_start, "rss_end": rss_end,
                "settle": self.check_settled()}

    def check_settled(self):
        ids = list(self.runs)
        deadline = time.monotonic() + 300
        pending = set(ids)
        while pending and time.monotonic() < deadline:
            for sid in list(pending):
                status, content, _ = self.call("GET", f"/model-selection/{sid}")
                if status == 200 and json.loads(content)["status"] in TERMINAL:
                    pending.discard(sid)
            time.sleep(1)
        in_list = ",".join(f"'{i}'" for i in ids) or "''"
        out = subprocess.run(
            ["psql", "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", str(self.args.pg_port),
             "-U", "postgres", "-d", "champion", "-c",
             f"SELECT count(*) FILTER (WHERE settle_count = 1), "
             f"count(*) FILTER (WHERE settle_count <> 1) FROM model_selection_run "
             f"WHERE selection_id IN ({in_list})"],
            check=True, capture_output=True, text=True, timeout=60).stdout.strip().split("|")
        return {"submitted": len(ids), "unsettled": len(pending), "settled_once": int(out[0]),
                "settled_otherwise": int(out[1])}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(soak, result):
    windows = [start for start, _ in soak.windows]
    lines = ["| operation | count | p50 ms | p99 ms | statuses |", "|---|---|---|---|---|"]
    unexpected = []
    for op, _ in MIX:
        rows = [s for s in soak.samples if s[0] == op]
        ok = [ms for _, st, ms, _ in rows if 200 <= st < 300]
        counts = {}
        for _, st, _, t in rows:
            counts[st] = counts.get(st, 0) + 1
            in_window = any(w <= t <= w + WINDOW_S for w in windows)
            if (st >= 500 or st == 0) and not in_window:
                unexpected.append((op, st, round(t, 1)))
        lines.append(f"| {op} | {len(rows)} | {pct(ok, 0.5):.0f} | {pct(ok, 0.99):.0f} | "
                     + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + " |")
    total = len(soak.samples)
    lines += ["", f"operations: {total} in {soak.args.seconds} s = "
              f"{total / soak.args.seconds:.2f}/s (target {soak.args.rate}/s, "
              f"{result['dropped']} not sent: queue full)",
              f"restarts at: {', '.join(f'{w:.0f} s' for w in windows)} "
              f"(5xx within {WINDOW_S:.0f} s after one are expected)",
              f"unexpected 5xx or refused: {len(unexpected)} {unexpected[:10]}",
              f"RSS KiB start: {result['rss_start']}, end: {result['rss_end']} "
              "(the worker restarted in between)",
              f"runs: {json.dumps(result['settle'])}"]
    return "\n".join(lines), unexpected


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--seconds", type=float, default=600)
    p.add_argument("--rate", type=float, default=8)
    p.add_argument("--run_dir", required=True)
    p.add_argument("--pg_dir", required=True)
    p.add_argument("--pg_port", required=True)
    p.add_argument("--stack_sh", required=True)
    p.add_argument("--markdown")
    args = p.parse_args()
    soak = Soak(args)
    result = soak.run()
    text, unexpected = report(soak, result)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    settle = result["settle"]
    ok = not unexpected and settle["unsettled"] == 0 and settle["settled_otherwise"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
