#!/usr/bin/env bash
# The Python package end to end, as a user gets it:
#   1. a fresh venv with maturin (PyPI, pinned) builds the wheel from
#      crates/python (`maturin build --release --locked`);
#   2. another fresh venv installs that wheel with pip, plus pytest and
#      pandas (crates/python/requirements-test.txt, pinned);
#   3. pytest runs crates/python/tests against the installed package, with
#      the CLI built from the same tree for the output and message comparisons.
#
#   scripts/python_test.sh [PYTEST_ARGS...]
#
# Env: PYTHON (default python3.11, else python3); CARGO_TARGET_DIR (default
# target/, so CI reuses the release build of the CLI). Venvs and the wheel go
# under target/python-test/, recreated on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$SECONDS

if [ -z "${PYTHON:-}" ]; then
    if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi
target=${CARGO_TARGET_DIR:-$root/target}
work=$root/target/python-test
pip_opts=(--disable-pip-version-check --quiet)

rm -rf "$work"
mkdir -p "$work"

echo "== python: $($PYTHON --version) ($(command -v "$PYTHON"))"
# Debian's python3 needs python3-venv for `-m venv`; the machine's pyenv build has it.
if ! "$PYTHON" -m venv "$work/build-venv"; then
    echo "python_test: cannot create a venv with $PYTHON (install python3-venv)" >&2
    exit 1
fi

echo "== build the wheel (maturin from PyPI, in a fresh venv)"
"$work/build-venv/bin/python" -m pip install "${pip_opts[@]}" "maturin==1.16.0"
"$work/build-venv/bin/maturin" build --release --locked \
    -m crates/python/Cargo.toml -o "$work/wheels" --interpreter "$work/build-venv/bin/python"
wheel=$(ls "$work"/wheels/wirecode-*.whl)
echo "built $wheel"

echo "== the CLI from the same tree (for comparisons)"
cargo build --release --locked -q -p wirecode-cli
bin=$target/release/wirecode
[ -x "$bin" ] || { echo "python_test: $bin missing after cargo build" >&2; exit 1; }

echo "== install the wheel into a fresh venv"
"$PYTHON" -m venv "$work/test-venv"
"$work/test-venv/bin/python" -m pip install "${pip_opts[@]}" -r crates/python/requirements-test.txt
"$work/test-venv/bin/python" -m pip install "${pip_opts[@]}" "$wheel"
"$work/test-venv/bin/python" -c 'import wirecode; print("import wirecode", wirecode.__version__, "from", wirecode.__file__)'

echo "== pytest crates/python/tests"
# Run from outside the source tree so `import wirecode` is the installed wheel.
cd "$work"
WIRECODE_BIN=$bin WIRECODE_REQUIRE_INSTALLED=1 \
    "$work/test-venv/bin/python" -m pytest "$root/crates/python/tests" \
    -p no:cacheprovider --import-mode=importlib -ra "$@"
echo "python_test: done in $((SECONDS - start)) s"
