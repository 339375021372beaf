#!/usr/bin/env bash
# Fails when a C++ source of the repository differs from what clang-format (with the
# repository's .clang-format) would write; lists the files. Fix with `clang-format -i FILE`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mapfile -t files < <(find . \( -path ./build -o -path ./.local -o -name node_modules -o -path ./.git \) -prune -o \
  -type f \( -name '*.cpp' -o -name '*.h' \) -print | sort)
# One clang-format per batch of files; it names each file that differs.
report=$(printf '%s\0' "${files[@]}" |
  xargs -0 -n 64 -P "$(nproc)" clang-format --dry-run --Werror 2>&1 >/dev/null || true)
mapfile -t bad < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u)
if ((${#bad[@]})); then
  printf 'not formatted with .clang-format (clang-format -i):\n'
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check-format: ${#files[@]} C++ files formatted"
