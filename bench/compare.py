#!/usr/bin/python3
"""Puts engine_bench's Google Benchmark JSON next to the Python peer's JSON (bench/run.sh).

Prints, and optionally writes as Markdown: per-model cost (ns per data point, ms per fit),
the backtest of every default candidate on both sides with the ratio (peer / ours) and WAPE
side by side, the whole default selection, and the verdict against the targets (selection
>= 30x, auto_ets >= 10x, our WAPE <= peer WAPE * 1.05). Standard library only.
"""

import argparse
import json
import math
import sys

SELECTION_TARGET = 30.0
AUTO_ETS_TARGET = 10.0
WAPE_TOLERANCE = 1.05
DEFAULTS = ["naive", "seasonal_naive", "moving_average", "regression", "prophet_like",
            "auto_ets", "theta", "auto_arima"]
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def load_cpp(path):
    """(context, {name: entry}, {name: error}); entry = the median aggregate when there are
    repetitions, else the single run."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    medians, singles, errors = {}, {}, {}
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"]).replace("/real_time", "")
        if b.get("error_occurred"):
            errors[name] = b.get("error_message", "error")
        elif b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b
        else:
            singles.setdefault(name, []).append(b)
    runs = {name: sorted(e, key=lambda b: b["real_time"])[len(e) // 2]
            for name, e in singles.items()}
    runs.update(medians)
    return doc.get("context", {}), runs, errors


def ms(entry):
    """Wall-clock milliseconds per iteration."""
    return entry["real_time"] * TO_MS[entry["time_unit"]]


def cpu_ms(entry):
    """Process CPU milliseconds per iteration (one thread): robust to a busy machine."""
    return entry["cpu_time"] * TO_MS[entry["time_unit"]]


def fmt(v, digits=1):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{v:,.{digits}f}"


def sig(v, digits=4):
    """`digits` significant digits in fixed notation, for values from ns to seconds."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if v == 0 or abs(v) >= 10 ** (digits - 1):
        return f"{v:,.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(v)))
    return f"{v:.{decimals}f}"


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def without_arima(cpp, peer):
    """The selection without auto_arima on either side, as the sum of the other candidates'
    backtests: the like-for-like continuation of the measurements before auto_arima was a
    default candidate, whose peer ARIMA (statsmodels, maximum likelihood throughout) costs
    far more than R's."""
    others = [m for m in DEFAULTS if m != "auto_arima"]
    ours = [cpp.get(f"BM_Backtest/{m}") for m in others]
    theirs = [peer["models"].get(m) for m in others]
    if None in ours or None in theirs:
        return "Without auto_arima: not measured (a candidate's backtest is missing)"
    ours_ms = sum(ms(b) for b in ours)
    peer_ms = sum(p["backtest_ms"] for p in theirs)
    return (f"Without auto_arima (sum of the other {len(others)} backtests on each side): ours"
            f" {fmt(ours_ms)} ms, peer {fmt(peer_ms)} ms: {fmt(peer_ms / ours_ms)}x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpp", required=True)
    parser.add_argument("--peer", required=True)
    parser.add_argument("--markdown", help="also write the report here")
    args = parser.parse_args()

    context, cpp, errors = load_cpp(args.cpp)
    with open(args.peer, encoding="utf-8") as f:
        peer = json.load(f)
    lines = []

    # Per-model cost on the 730-day series (ours: every catalog model).
    models = [n.split("/", 1)[1] for n in cpp if n.startswith("BM_FitForecast/")]
    models += [n.split("/", 1)[1] for n in errors if n.startswith("BM_FitForecast/")]
    rows = []
    for m in models:
        ff, bt = cpp.get(f"BM_FitForecast/{m}"), cpp.get(f"BM_Backtest/{m}")
        if ff is None:
            rows.append([m, "n/a: " + errors.get(f"BM_FitForecast/{m}", "missing"), "", "", "",
                         ""])
            continue
        p = peer["models"].get(m)
        rows.append([m, sig(ff["ns_per_point"]), sig(ff["ms_per_fit"]), sig(ms(bt)) if bt else "-",
                     sig(p["ns_per_point"]) if p else "", sig(p["fit_forecast_ms"]) if p else ""])
    lines.append("Per model: one fit on 716 points + 14-step forecast (730 data points), and the"
                 " 5-fold backtest (ours). Peer columns for the models it implements.")
    lines.append(table(["model", "ns/point", "ms/fit", "backtest ms", "peer ns/point",
                        "peer ms/fit"], rows))

    # Default candidates side by side.
    rows, accuracy_ok = [], True
    for m in DEFAULTS:
        bt, p = cpp.get(f"BM_Backtest/{m}"), peer["models"].get(m)
        if bt is None or p is None:
            rows.append([m, "n/a", sig(p["backtest_ms"]) if p else "-", "-", "-", "-",
                         fmt(p["wape"], 3) if p else "-", "n/a"])
            accuracy_ok = False
            continue
        ours_ms = ms(bt)
        ok = bt["wape"] <= p["wape"] * WAPE_TOLERANCE
        accuracy_ok &= ok
        rows.append([m, sig(ours_ms), sig(p["backtest_ms"]),
                     fmt(p["backtest_ms"] / ours_ms, 1) + "x",
                     fmt(p["backtest_cpu_ms"] / cpu_ms(bt), 1) + "x", fmt(bt["wape"], 3),
                     fmt(p["wape"], 3), "ok" if ok else "WORSE"])
    lines.append("")
    lines.append("Backtest per default candidate (5 folds, horizon 14), medians of wall time;"
                 " ratio = peer / ours (wall), CPU ratio = the same with process CPU time.")
    lines.append(table(["model", "ours ms", "peer ms", "ratio", "CPU ratio", "our WAPE %",
                        "peer WAPE %",
                        "WAPE <= peer x1.05"], rows))

    # Whole selection and the targets.
    sel = cpp.get("BM_DefaultSelection")
    peer_sel = peer["selection_ms"]["median"]
    verdicts = []
    lines.append("")
    if sel is None:
        lines.append("BM_DefaultSelection did not run: "
                     + errors.get("BM_DefaultSelection", "missing"))
        verdicts.append("selection: NOT MEASURED")
    else:
        ratio = peer_sel / ms(sel)
        cpu_ratio = peer["selection_ms"]["cpu_median"] / cpu_ms(sel)
        met = ratio >= SELECTION_TARGET
        lines.append(f"Default selection ({len(DEFAULTS)} candidates + settle, one thread): ours"
                     f" {fmt(ms(sel))} ms"
                     f" ({sel.get('label', '')}), peer {fmt(peer_sel)} ms (winner "
                     f"{peer.get('winner')}): {fmt(ratio)}x (CPU time {fmt(cpu_ratio)}x), target"
                     f" >= {SELECTION_TARGET:.0f}x -> {'MET' if met else 'MISSED'}")
        verdicts.append(f"selection {fmt(ratio)}x {'MET' if met else 'MISSED'}")
    lines.append(without_arima(cpp, peer))
    ets, peer_ets = cpp.get("BM_Backtest/auto_ets"), peer["models"]["auto_ets"]
    if ets is None:
        lines.append("auto_ets did not run: " + errors.get("BM_Backtest/auto_ets", "missing"))
        verdicts.append("auto_ets: NOT MEASURED")
    else:
        ratio = peer_ets["backtest_ms"] / ms(ets)
        cpu_ratio = peer_ets["backtest_cpu_ms"] / cpu_ms(ets)
        ff = cpp.get("BM_FitForecast/auto_ets")
        ff_ratio = peer_ets["fit_forecast_ms"] / ff["ms_per_fit"] if ff else float("nan")
        met = ratio >= AUTO_ETS_TARGET
        lines.append(f"auto_ets backtest: ours {fmt(ms(ets), 2)} ms, peer "
                     f"{fmt(peer_ets['backtest_ms'])} ms: {fmt(ratio)}x (CPU time {fmt(cpu_ratio)}x;"
                     f" one fit on 716 points: "
                     f"{fmt(ff_ratio)}x), target >= {AUTO_ETS_TARGET:.0f}x -> "
                     f"{'MET' if met else 'MISSED'}")
        if peer_ets.get("forms"):
            lines.append("peer auto_ets forms per fold: " + ", ".join(peer_ets["forms"]))
        verdicts.append(f"auto_ets {fmt(ratio)}x {'MET' if met else 'MISSED'}")
    peer_arima = peer["models"].get("auto_arima", {})
    if peer_arima.get("forms"):
        lines.append("peer auto_arima orders per fold: " + ", ".join(peer_arima["forms"]))
    verdicts.append("accuracy " + ("OK" if accuracy_ok else "NOT OK (see table)"))
    lines.append("Verdict: " + "; ".join(verdicts))
    lines.append("")
    lines.append(f"C++ context: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz,"
                 f" load {context.get('load_avg')}, library_build_type "
                 f"{context.get('library_build_type')}")
    env = peer["environment"]
    lines.append(f"Peer: Python {env['python']} ({env['executable']}), numpy {env['numpy']}, pandas"
                 f" {env['pandas']}, scikit-learn {env['scikit-learn']}, statsmodels "
                 f"{env['statsmodels']}; threads {env['threads_env']}; threadpoolctl {env['blas']};"
                 f" BLAS libraries mapped {env.get('blas_libraries')}")

    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
