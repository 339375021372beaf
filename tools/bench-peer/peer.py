#!/usr/bin/python3
"""The Python peer of bench/engine_bench: the default selection as a Python team would write it.

Same data (the CSV engine_bench writes with --series_csv), same folds (docs/ENGINE.md section 2:
expanding, min_train 30, 5 folds, horizon 14, gap 0; checked against engine_bench's
--folds_csv when given), same feature frame (checked cell by cell against --features_csv when
given), the same eight candidates with the engine's default params:

  naive, seasonal_naive (m=7), moving_average (window 7)   numpy
  regression    sklearn HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05,
                max_depth=6) over the feature frame (NaN lags handled natively)
  prophet_like  sklearn Ridge(alpha=1) over [trend index + feature frame], median imputation
  auto_ets      statsmodels ETSModel, AICc search as R's ets(): error A/M (M only for
                positive data), trend N/A/Ad, season N/A/M with period 7 (seasons only with
                two full seasons), excluding A-error with M-season (R's restrict=TRUE)
  theta         statsmodels ThetaModel(period=7) (seasonality test, multiplicative adjust)
  auto_arima    pmdarima.auto_arima's stepwise search (R's auto.arima, Hyndman-Khandakar)
                re-written on statsmodels SARIMAX, since pmdarima is not packaged in Debian:
                D by R's seasonal strength (STL, > 0.64), d by KPSS, start models and
                neighbour moves as R, AICc, period 7; every candidate fitted by maximum
                likelihood as pmdarima does (L-BFGS, 50 iterations), where R and the engine
                rank CSS fits on long series

It times every candidate's backtest, the whole selection (all eight backtests plus the ranking
by WAPE) and one fit + forecast per model on the first n-14 points, over --repetitions runs,
and prints WAPE per model. Run it with Debian's interpreter (/usr/bin/python3; pyenv's python3
cannot see dist-packages) pinned to one thread: bench/run.sh does both.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
import statsmodels
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.seasonal import STL
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.stattools import kpss

SEED = 42
SEASON = 7
LAGS = (1, 7, 14, 28)
FEATURES = [
    "lag_1", "lag_7", "lag_14", "lag_28", "dow_sin", "dow_cos", "month_sin", "month_cos",
    "is_weekend", "is_month_end", "price_factor", "promo_active", "is_holiday",
    "days_since_launch",
]
DEFAULT_SELECTION = [
    "naive", "seasonal_naive", "moving_average", "regression", "prophet_like", "auto_ets",
    "theta", "auto_arima",
]
FEATURE_AWARE = {"regression", "prophet_like"}
SEARCHED = {"auto_ets", "auto_arima"}  # record the form each fold's search chose


# ---------------------------------------------------------------------------------------------
# Data, folds, features


class Data:
    """The series as arrays (positional, one row per observed day)."""

    def __init__(self, frame):
        self.dates = pd.DatetimeIndex(frame["date"])
        self.y = frame["quantity"].to_numpy(dtype=float)
        self.price = frame["unit_price"].to_numpy(dtype=float)  # NaN = unknown
        self.promo = frame["promo_active"].to_numpy(dtype=float)
        self.holiday = frame["is_holiday"].to_numpy(dtype=float)
        launch = frame["launch_date"].iloc[0]
        self.launch = None if pd.isna(launch) else pd.Timestamp(launch)
        positive = np.sort(self.price[np.isfinite(self.price) & (self.price > 0)])
        # Upper median of the positive prices of the whole window (docs/ENGINE.md section 4).
        self.ref_price = positive[positive.size // 2] if positive.size else None

    @property
    def n(self):
        return self.y.size


def load_series(path):
    frame = pd.read_csv(path, parse_dates=["date", "launch_date"])
    return Data(frame)


def make_folds(n, n_splits=5, min_train=30, gap=0, horizon=14):
    """docs/ENGINE.md section 2, expanding strategy: (train_begin, train_end, test_begin, test_end)."""
    if n < min_train + gap + horizon:
        raise ValueError(f"series has {n} points but needs {min_train + gap + horizon}")
    folds = n_splits
    if n < min_train + gap + n_splits * horizon:
        folds = min(n_splits, max(1, (n - min_train - gap) // horizon))
    step = max(1, (n - min_train - gap - horizon) // (folds - 1)) if folds > 1 else horizon
    out = []
    for i in range(folds):
        train_end = min_train + i * step
        test_begin = train_end + gap
        test_end = test_begin + horizon
        if test_end > n:
            break
        out.append((0, train_end, test_begin, test_end))
    return out


def feature_frame(data, begin, end, known_end):
    """Rows [begin, end); a lag is filled only when its source row is < known_end."""
    rows = np.arange(begin, end)
    cols = {}
    for k in LAGS:
        src = rows - k
        ok = (src >= 0) & (src < known_end)
        lag = np.full(rows.size, np.nan)
        lag[ok] = data.y[src[ok]]
        cols[f"lag_{k}"] = lag
    dates = data.dates[begin:end]
    dow = dates.dayofweek.to_numpy()  # Monday = 0
    month0 = dates.month.to_numpy() - 1
    cols["dow_sin"] = np.sin(2 * np.pi * dow / 7.0)
    cols["dow_cos"] = np.cos(2 * np.pi * dow / 7.0)
    cols["month_sin"] = np.sin(2 * np.pi * month0 / 12.0)
    cols["month_cos"] = np.cos(2 * np.pi * month0 / 12.0)
    cols["is_weekend"] = (dow >= 5).astype(float)
    cols["is_month_end"] = np.asarray(dates.is_month_end, dtype=float)
    price = data.price[begin:end]
    if data.ref_price is None:
        cols["price_factor"] = np.ones(rows.size)
    else:
        known = np.isfinite(price) & (price > 0)
        cols["price_factor"] = np.where(known, price / data.ref_price, 1.0)
    cols["promo_active"] = data.promo[begin:end]
    cols["is_holiday"] = data.holiday[begin:end]
    if data.launch is None:
        cols["days_since_launch"] = np.full(rows.size, np.nan)
    else:
        cols["days_since_launch"] = np.asarray((dates - data.launch).days, dtype=float)
    return pd.DataFrame(cols, columns=FEATURES)


# ---------------------------------------------------------------------------------------------
# Models: each forecasts rows [train_end, test_end) from rows [train_begin, train_end).


def naive(data, b, e, t):
    return np.full(t - e, data.y[e - 1])


def seasonal_naive(data, b, e, t):
    last = data.y[e - SEASON:e]
    return last[np.arange(t - e) % SEASON]


def moving_average(data, b, e, t, window=7):
    return np.full(t - e, data.y[max(b, e - window):e].mean())


def regression(data, b, e, t):
    model = HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, max_depth=6,
                                          random_state=SEED)
    model.fit(feature_frame(data, b, e, e), data.y[b:e])
    return model.predict(feature_frame(data, e, t, e))


def _with_trend(data, frame, b, begin):
    trend = (data.dates[begin:begin + len(frame)] - data.dates[b]).days.to_numpy(dtype=float)
    return np.column_stack([trend, frame.to_numpy()])


def prophet_like(data, b, e, t):
    model = make_pipeline(SimpleImputer(strategy="median"), Ridge(alpha=1.0))
    model.fit(_with_trend(data, feature_frame(data, b, e, e), b, b), data.y[b:e])
    return model.predict(_with_trend(data, feature_frame(data, e, t, e), b, e))


def ets_forms(y, period=SEASON):
    positive = bool(np.all(y > 0))
    seasonal_ok = 2 <= period <= 24 and y.size >= 2 * period
    for error in ("add", "mul"):
        if error == "mul" and not positive:
            continue
        for trend, damped in ((None, False), ("add", True), ("add", False)):
            for season in (None, "add", "mul"):
                if season is not None and not seasonal_ok:
                    continue
                if error == "add" and season == "mul":
                    continue
                yield error, trend, damped, season


def auto_ets(data, b, e, t, chosen=None):
    y = data.y[b:e]
    best, best_form = None, None
    for error, trend, damped, season in ets_forms(y):
        try:
            fit = ETSModel(y, error=error, trend=trend, damped_trend=damped, seasonal=season,
                           seasonal_periods=SEASON if season else None).fit(disp=False)
        except Exception:  # noqa: BLE001 - as R, a form that cannot be fitted is skipped
            continue
        if not np.isfinite(fit.aicc):
            continue
        if best is None or fit.aicc < best.aicc:
            best, best_form = fit, (error, trend, damped, season)
    if chosen is not None:
        chosen.append(form_name(best_form))
    return np.asarray(best.forecast(t - e))


def form_name(form):
    error, trend, damped, season = form
    letter = {None: "N", "add": "A", "mul": "M"}
    return f"ETS({letter[error]},{letter[trend]}{'d' if damped else ''},{letter[season]})"


def theta(data, b, e, t):
    fit = ThetaModel(data.y[b:e], period=SEASON).fit()
    return np.asarray(fit.forecast(t - e))


# auto_arima: pmdarima.auto_arima(y, m=7, seasonal_test="seas"-as-R, information_criterion=
# "aicc") with its other defaults, re-written because pmdarima is not packaged in Debian.
# R's max.order (5) bounds only the exhaustive search (stepwise = FALSE), in R and in
# pmdarima alike, so the stepwise search below has no p + q + P + Q bound either.
ARIMA_MAX = (5, 5, 2, 2)  # max p, q, P, Q
ARIMA_START = (2, 2, 1, 1)  # start p, q, P, Q
ARIMA_MAX_MODELS = 94  # R's nmodels
# R's neighbour moves in R's order: (P, Q) first, then (p, q), each by (-1|0|+1, -1|0|+1).
ARIMA_MOVES = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def is_constant(y):
    return bool(np.all(y == y[0]))


def _next_odd(x):
    return x + 1 - x % 2


def seasonal_strength(y, period=SEASON):
    """R's seas.heuristic: 1 - var(remainder) / var(remainder + season) of mstl(y), i.e. one
    stl() with R's defaults for s.window = 11 (statsmodels' own STL defaults differ), except
    the low-pass window: statsmodels wants it > period (9), R takes nextodd(period) (7)."""
    trend, low_pass = _next_odd(math.ceil(1.5 * period / (1 - 1.5 / 11))), _next_odd(period + 1)
    fit = STL(y, period=period, seasonal=11, trend=trend, low_pass=low_pass, seasonal_deg=0,
              seasonal_jump=2, trend_jump=math.ceil(trend / 10),
              low_pass_jump=math.ceil(low_pass / 10)).fit(inner_iter=2, outer_iter=0)
    whole = np.var(fit.resid + fit.seasonal, ddof=1)
    return 0.0 if whole <= 0 else max(0.0, min(1.0, 1 - np.var(fit.resid, ddof=1) / whole))


def seasonal_diffs(y, period=SEASON):
    """auto.arima's D: none without more than two seasons, else R's nsdiffs(test = "seas",
    max.D = 1): one seasonal difference when the seasonal strength exceeds 0.64."""
    if y.size <= 2 * period or is_constant(y):
        return 0
    return int(seasonal_strength(y, period) > 0.64)


def kpss_rejects(x, alpha=0.05):
    """KPSS (level) rejects stationarity at alpha, with urca's short lag as R's ndiffs uses."""
    return kpss(x, regression="c", nlags=int(3 * math.sqrt(x.size) / 13))[1] < alpha


def diffs(x, max_d=2):
    """R's ndiffs(test = "kpss"): difference while KPSS rejects, at most max_d times."""
    d = 0
    while not is_constant(x) and d < max_d and kpss_rejects(x):
        d, x = d + 1, np.diff(x)
    return d


def arima_bounds(n, period=SEASON):
    """auto.arima's caps: p, q <= n / 3, P, Q <= n / 3m, and p, q < m with seasonal terms."""
    max_p, max_q = (min(k, n // 3) for k in ARIMA_MAX[:2])
    max_sp, max_sq = (min(k, n // (3 * period)) for k in ARIMA_MAX[2:])
    if max_sp > 0:
        max_p = min(max_p, period - 1)
    if max_sq > 0:
        max_q = min(max_q, period - 1)
    return max_p, max_q, max_sp, max_sq


def fit_arima(y, d, sd, model):
    """One candidate (p, q, P, Q, constant) as pmdarima fits it: SARIMAX by maximum
    likelihood (L-BFGS, 50 iterations), trend "c" for the constant (a mean, or a drift after
    one difference). Returns (fit, AICc); AICc is inf when the fit fails, is not finite or,
    as in R and pmdarima, has an AR or MA root within 1.01 of the unit circle."""
    p, q, sp, sq, constant = model
    seasonal = (sp, sd, sq, SEASON) if sp + sd + sq else (0, 0, 0, 0)
    try:
        fit = SARIMAX(y, order=(p, d, q), seasonal_order=seasonal,
                      trend="c" if constant else None).fit(method="lbfgs", maxiter=50,
                                                           disp=False)
    except Exception:  # noqa: BLE001 - as pmdarima, a model that cannot be fitted is skipped
        return None, math.inf
    roots = np.concatenate([fit.arroots, fit.maroots])
    if not np.isfinite(fit.aicc) or (roots.size and np.abs(roots).min() < 1.01):
        return fit, math.inf
    return fit, fit.aicc


def arima_start_models(bounds, constant, n):
    """R's start models: (2,2)(1,1) (capped), white noise, AR(1)/SAR(1), MA(1)/SMA(1),
    white noise without constant."""
    max_p, max_q, max_sp, max_sq = bounds
    start = ARIMA_START if n >= 10 else (1, 1, 0, 0)
    yield tuple(min(s, b) for s, b in zip(start, bounds)) + (constant,)
    yield 0, 0, 0, 0, constant
    if max_p > 0 or max_sp > 0:
        yield int(max_p > 0), 0, int(max_sp > 0), 0, constant
    if max_q > 0 or max_sq > 0:
        yield 0, int(max_q > 0), 0, int(max_sq > 0), constant
    if constant:
        yield 0, 0, 0, 0, False


def arima_neighbours(model, bounds, allow_constant):
    """R's stepwise moves from model, in R's order: P/Q, then p/q, then the constant."""
    p, q, sp, sq, constant = model
    max_p, max_q, max_sp, max_sq = bounds
    for dp, dq in ARIMA_MOVES:
        if 0 <= sp + dp <= max_sp and 0 <= sq + dq <= max_sq:
            yield p, q, sp + dp, sq + dq, constant
    for dp, dq in ARIMA_MOVES:
        if 0 <= p + dp <= max_p and 0 <= q + dq <= max_q:
            yield p + dp, q + dq, sp, sq, constant
    if allow_constant:
        yield p, q, sp, sq, not constant


def stepwise_arima(y, d, sd):
    """auto.arima's stepwise search by AICc for given d, D: the start models, then the first
    improving neighbour of the current model, until none improves or 94 models were tried.
    Returns (best fit, its model)."""
    bounds = arima_bounds(y.size)
    allow_constant = d + sd <= 1
    tried, best = {}, (None, math.inf, None)

    def better(model):
        nonlocal best
        fit, aicc = fit_arima(y, d, sd, model)
        tried[model] = aicc
        if aicc < best[1]:
            best = (fit, aicc, model)
            return True
        return False

    current = None
    for model in arima_start_models(bounds, allow_constant, y.size):
        if current is None:  # R moves from the first model whatever its AICc
            better(model)
            current = model
        elif model not in tried and better(model):  # R keeps its constant flag here
            current = model[:4] + (allow_constant,)
    improved = True
    while improved and len(tried) < ARIMA_MAX_MODELS:
        improved = False
        for model in arima_neighbours(current, bounds, allow_constant):
            if model in tried:
                continue
            if len(tried) >= ARIMA_MAX_MODELS:
                break
            if better(model):
                current, improved = model, True
                break
    if best[0] is None:
        raise ValueError("auto_arima: no ARIMA model could be fitted")
    return best[0], best[2]


def arima_name(d, sd, model):
    """R's arima.string, e.g. "ARIMA(1,1,1)(0,1,1)[7] with drift"."""
    p, q, sp, sq, constant = model
    name = f"ARIMA({p},{d},{q})" + (f"({sp},{sd},{sq})[{SEASON}]" if sp + sd + sq else "")
    if constant:
        return name + (" with drift" if d + sd == 1 else " with non-zero mean")
    return name + (" with zero mean" if d + sd == 0 else "")


def auto_arima(data, b, e, t, chosen=None):
    y = data.y[b:e]
    if is_constant(y):  # as R: a constant series is its own mean
        name, forecast = "ARIMA(0,0,0) with non-zero mean", np.full(t - e, y[0])
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pmdarima's suppress_warnings=True
            sd = seasonal_diffs(y)
            d = diffs(y[SEASON:] - y[:-SEASON] if sd else y)
            fit, model = stepwise_arima(y, d, sd)
            name, forecast = arima_name(d, sd, model), np.asarray(fit.forecast(t - e))
    if chosen is not None:
        chosen.append(name)
    return forecast


MODELS = {
    "naive": naive,
    "seasonal_naive": seasonal_naive,
    "moving_average": moving_average,
    "regression": regression,
    "prophet_like": prophet_like,
    "auto_ets": auto_ets,
    "theta": theta,
    "auto_arima": auto_arima,
}


# ---------------------------------------------------------------------------------------------
# Backtest, metrics, selection


def wape(actual, forecast):
    denom = np.abs(actual).sum()
    return math.inf if denom == 0 else 100.0 * np.abs(actual - forecast).sum() / denom


def smape(actual, forecast):
    num = 2 * np.abs(actual - forecast)
    den = np.abs(actual) + np.abs(forecast)
    ratio = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return 100.0 * ratio.mean()


def backtest(name, data, folds):
    """Aggregate WAPE / sMAPE pooled over every test point of every fold, as the engine
    aggregates them (sum|A - F| / sum|A|, so a fold without sales does not make it undefined)."""
    actuals, forecasts, chosen = [], [], []
    for b, e, tb, te in folds:
        kwargs = {"chosen": chosen} if name in SEARCHED else {}
        forecast = MODELS[name](data, b, e, te, **kwargs)
        actuals.append(data.y[tb:te])
        forecasts.append(np.asarray(forecast, dtype=float)[tb - e:])
    actual, forecast = np.concatenate(actuals), np.concatenate(forecasts)
    return {"wape": wape(actual, forecast), "smape": smape(actual, forecast), "forms": chosen}


def run_selection(data, folds):
    """Every candidate's backtest, then the ranking by WAPE.

    Returns (wall seconds, CPU seconds, per-model results, ranking). CPU time (the process's,
    one thread) is the cross-check for a busy machine; wall time is the headline."""
    results = {}
    start, start_cpu = time.perf_counter(), time.process_time()
    for name in DEFAULT_SELECTION:
        t0, c0 = time.perf_counter(), time.process_time()
        results[name] = backtest(name, data, folds)
        results[name]["seconds"] = time.perf_counter() - t0
        results[name]["cpu_seconds"] = time.process_time() - c0
    ranking = sorted(DEFAULT_SELECTION, key=lambda m: (results[m]["wape"], m))
    return (time.perf_counter() - start, time.process_time() - start_cpu, results, ranking)


def fit_forecast_seconds(name, data, horizon=14):
    """One fit on rows [0, n - horizon) and the forecast of the last `horizon` rows."""
    start = time.perf_counter()
    MODELS[name](data, 0, data.n - horizon, data.n)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# Checks against engine_bench's exports


def check_folds(folds, path):
    theirs = pd.read_csv(path)
    ours = pd.DataFrame(folds, columns=["train_begin", "train_end", "test_begin", "test_end"])
    if not ours.equals(theirs[ours.columns].reset_index(drop=True)):
        sys.exit(f"peer: folds differ from {path}:\n{ours}\nvs\n{theirs}")


def check_features(data, folds, path):
    theirs = pd.read_csv(path)
    worst = 0.0
    for i, (b, e, _, te) in enumerate(folds):
        for part, begin, end in (("train", b, e), ("test", e, te)):
            ref = theirs[(theirs["fold"] == i) & (theirs["part"] == part)]
            ours = feature_frame(data, begin, end, e)
            if len(ref) != len(ours) or not np.array_equal(ref["row"], np.arange(begin, end)):
                sys.exit(f"peer: feature rows of fold {i} {part} differ from {path}")
            a, c = ours.to_numpy(), ref[FEATURES].to_numpy(dtype=float)
            if not np.array_equal(np.isnan(a), np.isnan(c)):
                sys.exit(f"peer: NaN pattern of fold {i} {part} differs from {path}")
            mask = ~np.isnan(a)
            worst = max(worst, float(np.max(np.abs(a[mask] - c[mask]), initial=0.0)))
    if worst > 1e-9:
        sys.exit(f"peer: feature values differ from {path} by up to {worst}")
    return worst


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return [
        {k: v for k, v in pool.items() if k in (
            "user_api", "internal_api", "version", "architecture", "num_threads", "filepath")}
        for pool in threadpool_info()
    ]


def mapped_blas_libraries():
    """BLAS/LAPACK shared objects in this process (threadpoolctl only knows OpenBLAS, MKL and
    BLIS by name; Debian's numpy may load the reference BLAS through libblas.so.3)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if line.rstrip().endswith(".so")
                     or ".so." in line}
    except OSError:
        return []
    return sorted(p for p in paths if ("blas" in p or "lapack" in p) and "dist-packages" not in p)


def environment():
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "statsmodels": statsmodels.__version__,
        "threads_env": {k: os.environ.get(k) for k in (
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "blas": blas_info(),
        "blas_libraries": mapped_blas_libraries(),
    }


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", required=True, help="CSV from engine_bench --series_csv")
    parser.add_argument("--folds", help="CSV from engine_bench --folds_csv (checked)")
    parser.add_argument("--features", help="CSV from engine_bench --features_csv (checked)")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()

    warnings.simplefilter("ignore")  # statsmodels convergence chatter, as a team would do
    data = load_series(args.series)
    folds = make_folds(data.n)
    if args.folds:
        check_folds(folds, args.folds)
    feature_diff = check_features(data, folds, args.features) if args.features else None

    selection_runs, selection_cpu = [], []
    model_runs, model_cpu = {m: [] for m in MODELS}, {m: [] for m in MODELS}
    fit_runs = {m: [] for m in MODELS}
    results, ranking = {}, []
    for rep in range(args.repetitions):
        seconds, cpu, results, ranking = run_selection(data, folds)
        selection_runs.append(seconds)
        selection_cpu.append(cpu)
        for m in MODELS:
            model_runs[m].append(results[m]["seconds"])
            model_cpu[m].append(results[m]["cpu_seconds"])
            fit_runs[m].append(fit_forecast_seconds(m, data))
        print(f"peer: repetition {rep + 1}/{args.repetitions}: selection {seconds * 1e3:.0f} ms",
              file=sys.stderr, flush=True)

    out = {
        "environment": environment(),
        "n": data.n,
        "folds": [list(f) for f in folds],
        "feature_max_abs_diff": feature_diff,
        "repetitions": args.repetitions,
        "selection_ms": {"median": statistics.median(selection_runs) * 1e3,
                         "min": min(selection_runs) * 1e3,
                         "cpu_median": statistics.median(selection_cpu) * 1e3,
                         "runs": [s * 1e3 for s in selection_runs]},
        "winner": ranking[0] if ranking else None,
        "models": {
            m: {"backtest_ms": statistics.median(model_runs[m]) * 1e3,
                "backtest_ms_min": min(model_runs[m]) * 1e3,
                "backtest_cpu_ms": statistics.median(model_cpu[m]) * 1e3,
                "fit_forecast_ms": statistics.median(fit_runs[m]) * 1e3,
                "ns_per_point": statistics.median(fit_runs[m]) * 1e9 / data.n,
                "wape": results[m]["wape"],
                "smape": results[m]["smape"],
                "forms": results[m]["forms"]}
            for m in MODELS
        },
    }
    print(f"{'model':<16}{'backtest ms':>14}{'fit+fc ms':>12}{'WAPE %':>9}{'sMAPE %':>9}")
    for m, r in out["models"].items():
        print(f"{m:<16}{r['backtest_ms']:>14.1f}{r['fit_forecast_ms']:>12.2f}"
              f"{r['wape']:>9.3f}{r['smape']:>9.3f}")
    print(f"selection: {out['selection_ms']['median']:.0f} ms (median of {args.repetitions}),"
          f" winner {out['winner']}")
    for m in (m for m in DEFAULT_SELECTION if m in SEARCHED):
        if out["models"][m]["forms"]:
            print(f"{m} forms per fold:", ", ".join(out["models"][m]["forms"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
