#!/usr/bin/env bash
# wirecode.code_many against spaCy + textacy nlp.pipe, one Python process,
# the same articles: builds the wheel (maturin in target/python-bench), puts
# it on PYTHONPATH of the baseline venv (scripts/baseline/setup.sh; the venv
# itself is not changed) and runs bench_python.py.
#
#   scripts/baseline/bench_python.sh CORPUS_DIR [bench_python.py args...]
#
# Env: CARGO_TARGET_DIR (default target/), PYTHON for the build venv.
set -euo pipefail
if [[ $# -lt 1 ]]; then
    echo "usage: $0 CORPUS_DIR [--threads N] [--limit N] [--n-process N]" >&2
    exit 2
fi
corpus=$1
shift
[[ -d "$corpus" ]] || { echo "error: $corpus is not a directory" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BASELINE_VENV:-$root/target/baseline-venv}"
work=$root/target/python-bench
if [ -z "${PYTHON:-}" ]; then
    if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi

"$here/setup.sh"

if [ ! -x "$work/build-venv/bin/maturin" ]; then
    "$PYTHON" -m venv "$work/build-venv"
    "$work/build-venv/bin/python" -m pip install --disable-pip-version-check -q "maturin==1.16.0"
fi
rm -rf "$work/wheels" "$work/site"
(cd "$root" && "$work/build-venv/bin/maturin" build --release --locked -q \
    -m crates/python/Cargo.toml -o "$work/wheels" --interpreter "$work/build-venv/bin/python")
"$venv/bin/python" -m pip install --disable-pip-version-check -q --no-deps \
    --target "$work/site" "$work"/wheels/wirecode-*.whl

echo "commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- crates || echo ' (crates/ modified)')"
PYTHONPATH="$work/site" "$venv/bin/python" "$here/bench_python.py" --corpus "$corpus" "$@"
