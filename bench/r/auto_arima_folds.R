# R's forecast::auto.arima on the benchmark folds (bench/arima_vs_r.sh): for each fold, fit on
# the training rows (daily, frequency 7) and forecast the fold's steps, timing fit + forecast.
# Prints one line per fold (rows, chosen model, seconds) and "total <seconds>".
# Usage: Rscript --vanilla auto_arima_folds.R <series.csv> <folds.csv> [repetitions]
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
series <- read.csv(args[1])
folds <- read.csv(args[2])
repetitions <- if (length(args) >= 3) as.integer(args[3]) else 1
y <- series$quantity
totals <- numeric(0)
for (rep in seq_len(repetitions)) {
  total <- 0
  for (i in seq_len(nrow(folds))) {
    train <- ts(y[(folds$train_begin[i] + 1):folds$train_end[i]], frequency = 7)
    steps <- folds$test_end[i] - folds$train_end[i]
    started <- proc.time()[["elapsed"]]
    fit <- auto.arima(train)
    invisible(forecast(fit, h = steps))
    took <- proc.time()[["elapsed"]] - started
    total <- total + took
    if (rep == 1) cat(sprintf("fold %d: %d rows, %s, %.3f s\n", i - 1, length(train),
                              as.character(fit), took))
  }
  totals <- c(totals, total)
}
cat(sprintf("total %.4f\n", median(totals)))
