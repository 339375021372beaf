#!/usr/bin/env bash
# Installs the Python peer's dependencies from Debian's own packages (bookworm):
# numpy, pandas, scikit-learn, statsmodels and threadpoolctl (to report the BLAS kernel).
# The peer runs with /usr/bin/python3 (Debian's interpreter), never pyenv's python3, which
# cannot see dist-packages (docs/TOOLCHAIN.md fact 6). Not used by CI.
set -euo pipefail

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
${SUDO} apt-get update -qq
${SUDO} apt-get install -y -qq --no-install-recommends \
  python3-numpy python3-pandas python3-sklearn python3-statsmodels python3-threadpoolctl

/usr/bin/python3 - <<'PY'
import numpy, pandas, sklearn, statsmodels
print("numpy", numpy.__version__, "| pandas", pandas.__version__,
      "| scikit-learn", sklearn.__version__, "| statsmodels", statsmodels.__version__)
PY
