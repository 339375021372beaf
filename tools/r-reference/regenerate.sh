#!/usr/bin/env bash
# Regenerates the R `forecast` reference data used by the engine's [reference] tests
# (selector-worker/tests/engine/reference/). Not run by CI: the committed files are the
# reference. Needs root (apt-get) on Debian bookworm; see README.md next to this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/../.." && pwd)"
out="${1:-${repo}/selector-worker/tests/engine/reference}"

if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends r-base-core r-cran-forecast
fi

mkdir -p "${out}"
Rscript --vanilla "${here}/generate.R" "${out}"
echo "reference data written to ${out}"
