# Generates the R `forecast` reference data for the engine's [reference] tests.
# Usage: Rscript --vanilla generate.R <output dir>   (normally via regenerate.sh)
#
# For every series below (all ship with R in the `datasets` package) it holds out the last
# h points, fits forecast::ets() and forecast::thetaf() to the rest with default settings,
# and writes
#   <name>.series    provenance header, then frequency, horizon and every value (train + test)
#   <name>.expected  selected ETS form, its parameters, AICc and log-likelihood, the h point
#                    forecasts and the out-of-sample MASE (forecast::accuracy), and the same
#                    for thetaf (alpha, drift = half the regression slope, forecasts, MASE),
#                    for holt() and holt(damped = TRUE) (forecasts, MASE);
#                    R's fitted start states (ets.initstate, R's order l, b, s1..sm) and
#                    the AICc of every form R tries, each fitted alone (ets.form_aicc), and
#                    R's heuristic start states per trend/season (ets.start, and
#                    ets.start_short on the first 2.5 seasons); auto.arima's choice and
#                    fit (auto_arima.*), that order refitted with Arima (arima.*) and a
#                    few fixed orders (arima.fixed.<id>.*), see arima_lines() below.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "."

series <- list(
  AirPassengers = list(x = datasets::AirPassengers, h = 12),
  nottem = list(x = datasets::nottem, h = 12),
  co2 = list(x = datasets::co2, h = 12),
  ldeaths = list(x = datasets::ldeaths, h = 12),
  USAccDeaths = list(x = datasets::USAccDeaths, h = 12),
  UKgas = list(x = datasets::UKgas, h = 8),
  JohnsonJohnson = list(x = datasets::JohnsonJohnson, h = 8),
  austres = list(x = datasets::austres, h = 8),
  Nile = list(x = datasets::Nile, h = 10),
  WWWusage = list(x = datasets::WWWusage, h = 10),
  lynx = list(x = datasets::lynx, h = 10),
  BJsales = list(x = datasets::BJsales, h = 10),
  sunspot.year = list(x = datasets::sunspot.year, h = 10)
)

versions <- sprintf("R %s.%s, forecast %s", R.version$major, R.version$minor,
                    as.character(packageVersion("forecast")))
num <- function(v) if (is.null(v) || is.na(v)) "NA" else sprintf("%.10g", v)
nums <- function(v) paste(vapply(as.numeric(v), num, ""), collapse = " ")
# Decomposition components carry 15 significant digits (the tests compare them at 1e-8).
nums15 <- function(v) paste(sprintf("%.15g", as.numeric(v)), collapse = " ")
par_or_na <- function(fit, name) if (name %in% names(fit$par)) fit$par[[name]] else NA

# AICc of every form ets(model = "ZZZ") tries, each fitted on its own (NA when R cannot fit it).
form_aicc_lines <- function(train) {
  positive <- min(train) > 0
  seasons <- if (frequency(train) > 1) c("N", "A", "M") else "N"
  lines <- character(0)
  for (e in c("A", if (positive) "M")) for (t in c("N", "A")) for (s in seasons) {
    for (d in if (t == "N") FALSE else c(TRUE, FALSE)) {
      if (e == "A" && s == "M") next
      aicc <- tryCatch(ets(train, model = paste0(e, t, s), damped = d)$aicc,
                       error = function(err) NA)
      form <- sprintf("ETS(%s,%s%s,%s)", e, t, if (d) "d" else "", s)
      lines <- c(lines, sprintf("ets.form_aicc %s %s", form, num(aicc)))
    }
  }
  lines
}

# R's start states before optimisation (forecast:::initstate: l, [b], s0..s(m-2)) for
# every trend/season pair, on the training data and, for seasonal data, on its first 2.5
# seasons (fewer than 3 seasons: the Fourier-regression branch).
start_lines <- function(train) {
  m <- frequency(train)
  short <- ts(as.numeric(train)[1:floor(2.5 * m)], frequency = m)
  lines <- character(0)
  for (t in c("N", "A")) for (s in if (m > 1) c("N", "A", "M") else "N") {
    lines <- c(lines, sprintf("ets.start %s%s %s", t, s,
                              nums(forecast:::initstate(train, t, s))))
    if (s != "N") {
      lines <- c(lines, sprintf("ets.start_short %s%s %s", t, s,
                                nums(forecast:::initstate(short, t, s))))
    }
  }
  lines
}

# One forecast::Arima fit (method "CSS-ML", R's default) as `key.field value...` lines: the
# coefficients in R's order (ar, ma, sar, sma, intercept or drift), sigma2 (forecast's
# residual-variance estimate), loglik, aic, aicc, bic, the h means, their standard errors
# (predict.Arima's, recovered from the 80% bound), the holdout MASE and the residuals.
# All NA when R cannot fit the model.
arima_fit_lines <- function(prefix, train, test, h, order, seasonal, mean, drift) {
  fit <- tryCatch(Arima(train, order = order, seasonal = seasonal, include.mean = mean,
                        include.drift = drift, method = "CSS-ML"), error = function(e) NULL)
  key <- function(field, values) sprintf("%s.%s %s", prefix, field, values)
  if (is.null(fit)) {
    return(key(c("coef", "loglik", "aicc"), "NA"))
  }
  fc <- forecast(fit, h = h, level = 80)
  se <- (fc$upper[, 1] - fc$mean) / qnorm(0.9)
  c(key("coef_names", paste(names(coef(fit)), collapse = " ")),
    key("coef", nums(coef(fit))),
    key("sigma2", num(fit$sigma2)),
    key("loglik", num(fit$loglik)),
    key("aic", num(fit$aic)),
    key("aicc", num(fit$aicc)),
    key("bic", num(fit$bic)),
    key("forecast", nums(fc$mean)),
    key("se", nums(se)),
    key("mase", num(accuracy(fc, test)["Test set", "MASE"])),
    key("residuals", nums(residuals(fit))))
}

# auto.arima(train) with its defaults (auto_arima.*: the chosen order "p d q P D Q m", whether
# it has an intercept (constant, d + D = 0) or a drift (d + D = 1), and the fit as in
# arima_fit_lines), then the same order refitted alone with forecast::Arima (arima.*, what
# the engine's fixed-order kernel is checked against), and a few fixed orders on every
# series (arima.fixed.<id>.*) so each model structure is exercised on every series.
arima_lines <- function(train, test, h) {
  m <- frequency(train)
  aa <- auto.arima(train)
  ord <- arimaorder(aa)
  if (length(ord) == 3) ord <- c(ord, 0, 0, 0, m)
  ord[7] <- m
  has_mean <- "intercept" %in% names(coef(aa))
  has_drift <- "drift" %in% names(coef(aa))
  fc <- forecast(aa, h = h, level = 80)
  auto <- c(
    sprintf("auto_arima.order %s", paste(ord, collapse = " ")),
    sprintf("auto_arima.constant %d", as.integer(has_mean)),
    sprintf("auto_arima.drift %d", as.integer(has_drift)),
    sprintf("auto_arima.coef_names %s", paste(names(coef(aa)), collapse = " ")),
    sprintf("auto_arima.coef %s", nums(coef(aa))),
    sprintf("auto_arima.loglik %s", num(aa$loglik)),
    sprintf("auto_arima.aicc %s", num(aa$aicc)),
    sprintf("auto_arima.forecast %s", nums(fc$mean)),
    sprintf("auto_arima.se %s", nums((fc$upper[, 1] - fc$mean) / qnorm(0.9))),
    sprintf("auto_arima.mase %s", num(accuracy(fc, test)["Test set", "MASE"])))
  refit <- arima_fit_lines("arima", train, test, h, ord[1:3], ord[4:6], has_mean, has_drift)
  fixed <- list(
    ar1_mean = list(order = c(1, 0, 0), seasonal = c(0, 0, 0), mean = TRUE, drift = FALSE),
    ma1_d1 = list(order = c(0, 1, 1), seasonal = c(0, 0, 0), mean = FALSE, drift = FALSE),
    arma11_drift = list(order = c(1, 1, 1), seasonal = c(0, 0, 0), mean = FALSE, drift = TRUE),
    arma22_mean = list(order = c(2, 0, 2), seasonal = c(0, 0, 0), mean = TRUE, drift = FALSE),
    ar2_d2 = list(order = c(2, 2, 0), seasonal = c(0, 0, 0), mean = FALSE, drift = FALSE))
  if (m > 1) {
    fixed$airline <- list(order = c(0, 1, 1), seasonal = c(0, 1, 1), mean = FALSE,
                          drift = FALSE)
    fixed$sar1_mean <- list(order = c(1, 0, 0), seasonal = c(1, 0, 0), mean = TRUE,
                            drift = FALSE)
    fixed$sarma_sdrift <- list(order = c(1, 0, 1), seasonal = c(0, 1, 1), mean = FALSE,
                               drift = TRUE)
  }
  lines <- character(0)
  for (id in names(fixed)) {
    f <- fixed[[id]]
    prefix <- sprintf("arima.fixed.%s", id)
    lines <- c(lines,
               sprintf("%s.order %s", prefix, paste(c(f$order, f$seasonal, m), collapse = " ")),
               sprintf("%s.constant %d", prefix, as.integer(f$mean)),
               sprintf("%s.drift %d", prefix, as.integer(f$drift)),
               arima_fit_lines(prefix, train, test, h, f$order, f$seasonal, f$mean, f$drift))
  }
  c(auto, refit, lines)
}

# Prediction intervals of fixed ETS forms (ets_pi.*): every form R's ets() can fit to the
# training part (M error only for positive data, seasonal forms only with a season, no A error
# with M season), each fitted alone, with what forecast.ets needs for its analytic variances
# (class1/class2/class3: smoothing parameters, sigma2, final states) and its output at R's
# default horizon (2m, or 10 without a season) and levels 80 and 95: the means and bounds.
# `ets_pi.forms` lists the codes (e.g. MAdM); per code: `.h`, `.par` (alpha beta gamma phi,
# NA when absent), `.sigma2`, `.initstate` and `.states` (R's order l, b, s1..sm; final
# states = states[n + 1, ]), `.mean`, `.lower80`, `.upper80`, `.lower95`, `.upper95`, all
# with 15 significant digits (the test compares at ~1e-9).
interval_lines <- function(train) {
  m <- frequency(train)
  n <- length(train)
  h <- if (m > 1) 2 * m else 10
  seasons <- if (m > 1) c("N", "A", "M") else "N"
  codes <- character(0)
  lines <- character(0)
  for (e in c("A", if (min(train) > 0) "M")) for (t in c("N", "A", "Ad")) for (s in seasons) {
    if (e == "A" && s == "M") next
    damped <- t == "Ad"
    fit <- tryCatch(ets(train, model = paste0(e, substr(t, 1, 1), s), damped = damped),
                    error = function(err) NULL)
    if (is.null(fit)) next
    code <- paste0(e, t, s)
    fc <- forecast(fit, h = h, level = c(80, 95))
    key <- function(field, values) sprintf("ets_pi.%s.%s %s", code, field, values)
    par <- vapply(c("alpha", "beta", "gamma", "phi"),
                  function(p) if (p %in% names(fit$par)) fit$par[[p]] else NA_real_, 0)
    codes <- c(codes, code)
    lines <- c(lines,
               key("h", h),
               key("par", nums15(par)),
               key("sigma2", nums15(fit$sigma2)),
               key("initstate", nums15(fit$initstate)),
               key("states", nums15(fit$states[n + 1, ])),
               key("mean", nums15(fc$mean)),
               key("lower80", nums15(fc$lower[, 1])),
               key("upper80", nums15(fc$upper[, 1])),
               key("lower95", nums15(fc$lower[, 2])),
               key("upper95", nums15(fc$upper[, 2])))
  }
  c(sprintf("ets_pi.forms %s", paste(codes, collapse = " ")), lines)
}

# nsdiffs(x, test = "seas") on the whole series; "NA" where R stops (frequency 1: "Non
# seasonal data").
nsdiffs_value <- function(x) {
  tryCatch(as.character(suppressWarnings(nsdiffs(x, test = "seas"))),
           error = function(e) "NA")
}

# STL of the whole series (stl.<variant>.seasonal/.trend; remainder = x - both) for
# s.window = "periodic", s.window = 7 and s.window = 7 with robust = TRUE, mstl() of it as
# one ts (mstl.seasonal/.trend: a single stl(s.window = 11) pass), and nsdiffs; seasonal
# series with more than two periods only, except nsdiffs.
decomposition_lines <- function(x) {
  lines <- sprintf("nsdiffs %s", nsdiffs_value(x))
  if (frequency(x) < 2 || length(x) <= 2 * frequency(x)) return(lines)
  variants <- list(periodic = stl(x, s.window = "periodic"), window7 = stl(x, s.window = 7),
                   robust7 = stl(x, s.window = 7, robust = TRUE))
  for (v in names(variants)) {
    ts_ <- variants[[v]]$time.series
    lines <- c(lines, sprintf("stl.%s.seasonal %s", v, nums15(ts_[, "seasonal"])),
               sprintf("stl.%s.trend %s", v, nums15(ts_[, "trend"])))
  }
  dec <- mstl(x)
  c(lines, sprintf("mstl.seasonal %s", nums15(dec[, 3])), sprintf("mstl.trend %s",
                                                                 nums15(dec[, "Trend"])))
}

for (name in names(series)) {
  x <- series[[name]]$x
  h <- series[[name]]$h
  m <- frequency(x)
  n <- length(x)
  train <- window(x, end = time(x)[n - h])
  test <- window(x, start = time(x)[n - h + 1])

  fit <- ets(train)
  fc <- forecast(fit, h = h)
  ets_mase <- accuracy(fc, test)["Test set", "MASE"]

  th <- thetaf(train, h = h)
  theta_mase <- accuracy(th, test)["Test set", "MASE"]

  # holt() with its default "optimal" initial states is ets(model = "AAN", damped = ...).
  ho <- holt(train, h = h)
  hd <- holt(train, h = h, damped = TRUE)

  series_file <- file.path(out_dir, paste0(name, ".series"))
  writeLines(c(
    sprintf("# source: R datasets::%s, %s", name, versions),
    sprintf("# start %s, frequency %d, %d observations (first %d train, last %d test)",
            paste(start(x), collapse = "/"), m, n, n - h, h),
    sprintf("frequency %d", m),
    sprintf("horizon %d", h),
    "values",
    format(as.numeric(x), digits = 15, trim = TRUE)
  ), series_file)

  expected_file <- file.path(out_dir, paste0(name, ".expected"))
  writeLines(c(
    sprintf("# R forecast reference for datasets::%s (%s); generated by tools/r-reference",
            name, versions),
    sprintf("ets.form %s", fit$method),
    sprintf("ets.alpha %s", num(par_or_na(fit, "alpha"))),
    sprintf("ets.beta %s", num(par_or_na(fit, "beta"))),
    sprintf("ets.gamma %s", num(par_or_na(fit, "gamma"))),
    sprintf("ets.phi %s", num(par_or_na(fit, "phi"))),
    sprintf("ets.aicc %s", num(fit$aicc)),
    sprintf("ets.loglik %s", num(fit$loglik)),
    sprintf("ets.initstate %s", nums(fit$initstate)),
    sprintf("ets.forecast %s", nums(fc$mean)),
    sprintf("ets.mase %s", num(ets_mase)),
    sprintf("theta.alpha %s", num(th$model$alpha)),
    sprintf("theta.drift %s", num(th$model$drift)),
    sprintf("theta.forecast %s", nums(th$mean)),
    sprintf("theta.mase %s", num(theta_mase)),
    sprintf("holt.forecast %s", nums(ho$mean)),
    sprintf("holt.mase %s", num(accuracy(ho, test)["Test set", "MASE"])),
    sprintf("holt_damped.forecast %s", nums(hd$mean)),
    sprintf("holt_damped.mase %s", num(accuracy(hd, test)["Test set", "MASE"])),
    form_aicc_lines(train),
    start_lines(train),
    arima_lines(train, test, h),
    decomposition_lines(x),
    interval_lines(train)
  ), expected_file)
  cat(sprintf("%-15s %-14s MASE %.3f | theta MASE %.3f\n", name, fit$method, ets_mase,
              theta_mase))
}

# Daily series with weekly and yearly seasonality (R ships none): synthesised, deterministic.
# <name>.msts is a .series file with one more line, `seasonal_periods 7 365`; the ts
# frequency is 7 (so MASE scales by the weekly naive, as for daily demand in the engine) and
# the yearly period is 365 days (the engine's season lengths are whole days; 365.25 would
# only change R's t.window by rounding). <name>.expected holds the mstl components of the
# training part (mstl.*), stlf(method = "ets") forecasts (mstlf.*) and nsdiffs.
daily_series <- function(seed, level, slope, weekly, yearly_amp, noise_sd) {
  set.seed(seed)
  n <- 3 * 365
  t <- seq_len(n)
  level + slope * t + weekly[(t - 1) %% 7 + 1] + yearly_amp * sin(2 * pi * t / 365) +
    0.4 * yearly_amp * cos(4 * pi * t / 365) + rnorm(n, sd = noise_sd)
}
daily <- list(
  daily_retail = daily_series(20261205, 200, 0.05, c(-20, -10, -5, 0, 10, 40, 25), 30, 8),
  daily_grocery = daily_series(7, 80, -0.01, c(5, -3, -4, -2, 1, 12, -9), 15, 5)
)
for (name in names(daily)) {
  values <- daily[[name]]
  h <- 28
  n <- length(values)
  # test stays a ts of frequency 7: accuracy() then scales MASE by the weekly naive (with a
  # plain vector it would take the lag-1 naive).
  all <- msts(values, seasonal.periods = c(7, 365), ts.frequency = 7)
  train <- subset(all, end = n - h)
  test <- subset(all, start = n - h + 1)
  dec <- mstl(train)
  fc <- stlf(train, h = h, method = "ets", level = c(80, 95))
  ets_fit <- ets(seasadj(dec), model = "ZZN")
  fc_arima <- stlf(train, h = h, method = "arima", level = c(80, 95))
  arima_fit <- auto.arima(seasadj(dec), seasonal = FALSE)
  writeLines(c(
    sprintf("# source: synthesised in tools/r-reference/generate.R (%s), %s", name, versions),
    sprintf("# daily, periods 7 and 365, %d observations (first %d train, last %d test)",
            n, n - h, h),
    "frequency 7",
    "seasonal_periods 7 365",
    sprintf("horizon %d", h),
    "values",
    format(values, digits = 15, trim = TRUE)
  ), file.path(out_dir, paste0(name, ".msts")))
  writeLines(c(
    sprintf("# R forecast reference for %s (%s); generated by tools/r-reference",
            name, versions),
    sprintf("mstl.trend %s", nums15(dec[, "Trend"])),
    sprintf("mstl.seasonal7 %s", nums15(dec[, "Seasonal7"])),
    sprintf("mstl.seasonal365 %s", nums15(dec[, "Seasonal365"])),
    sprintf("mstl.remainder %s", nums15(dec[, "Remainder"])),
    sprintf("mstlf.ets_form %s", ets_fit$method),
    sprintf("mstlf.forecast %s", nums(fc$mean)),
    sprintf("mstlf.lower80 %s", nums(fc$lower[, 1])),
    sprintf("mstlf.upper80 %s", nums(fc$upper[, 1])),
    sprintf("mstlf.lower95 %s", nums(fc$lower[, 2])),
    sprintf("mstlf.upper95 %s", nums(fc$upper[, 2])),
    sprintf("mstlf.mase %s", num(accuracy(fc, test)["Test set", "MASE"])),
    sprintf("mstlf_arima.order %s", paste(arimaorder(arima_fit), collapse = " ")),
    sprintf("mstlf_arima.constant %d",
            as.integer(any(names(coef(arima_fit)) %in% c("intercept", "drift")))),
    sprintf("mstlf_arima.forecast %s", nums(fc_arima$mean)),
    sprintf("mstlf_arima.lower80 %s", nums(fc_arima$lower[, 1])),
    sprintf("mstlf_arima.upper80 %s", nums(fc_arima$upper[, 1])),
    sprintf("mstlf_arima.mase %s", num(accuracy(fc_arima, test)["Test set", "MASE"])),
    sprintf("nsdiffs %s", nsdiffs_value(ts(values[1:(n - h)], frequency = 7)))
  ), file.path(out_dir, paste0(name, ".expected")))
  cat(sprintf("%-15s %-14s mstlf MASE %.3f | %s MASE %.3f\n", name, ets_fit$method,
              accuracy(fc, test)["Test set", "MASE"], as.character(arima_fit),
              accuracy(fc_arima, test)["Test set", "MASE"]))
}
