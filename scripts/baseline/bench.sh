#!/usr/bin/env bash
# Side-by-side throughput: Python baseline (spaCy en_core_web_sm + textacy direct
# quotations) vs wirecode, over one corpus directory of *.txt files.
#
#   scripts/baseline/bench.sh CORPUS_DIR [WIRECODE_BIN]
#
# WIRECODE_BIN defaults to target/release/wirecode if it exists. Extra baseline
# flags can be passed in BASELINE_ARGS (e.g. BASELINE_ARGS="--n-process 2").
# Prints Markdown table rows for BENCHMARKS.md.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 CORPUS_DIR [WIRECODE_BIN]" >&2
  exit 2
fi
corpus="$1"
[[ -d "$corpus" ]] || { echo "error: $corpus is not a directory" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BASELINE_VENV:-$root/target/baseline-venv}"

bin="${2:-}"
if [[ -z "$bin" && -x "$root/target/release/wirecode" ]]; then
  bin="$root/target/release/wirecode"
fi

"$here/setup.sh"

out="$root/target/baseline-bench.jsonl"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "running baseline over $corpus ..." >&2
# shellcheck disable=SC2086
"$venv/bin/python" "$here/quotes_textacy.py" --corpus "$corpus" --out "$out" ${BASELINE_ARGS:-} 2>"$log"
cat "$log" >&2
summary="$(grep '^articles:' "$log" | tail -1)"
field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' <<<"$summary"; }
b_articles="$(field articles:)"
b_words="$(field words:)"
b_wps="$(field words/s:)"
b_aps="$(field articles/s:)"
b_unbal="$(field articles_with_unbalanced_quote_marks:)"
b_conf="$(grep '^baseline ' "$log" | tail -1 | sed 's/^baseline //')"

w_wps=""
w_aps=""
w_note=""
if [[ -z "$bin" ]]; then
  w_note="wirecode binary not given and target/release/wirecode missing: baseline only"
elif [[ ! -x "$bin" ]]; then
  w_note="wirecode binary $bin missing or not executable: baseline only"
  bin=""
else
  echo "running $bin bench --corpus $corpus ..." >&2
  if w_out="$("$bin" bench --corpus "$corpus" 2>&1)"; then
    echo "$w_out" >&2
    w_wps="$(sed -n 's/^[[:space:]]*words\/s:[[:space:]]*\([0-9.eE+-]*\).*/\1/p' <<<"$w_out" | tail -1)"
    w_aps="$(sed -n 's/^[[:space:]]*articles\/s:[[:space:]]*\([0-9.eE+-]*\).*/\1/p' <<<"$w_out" | tail -1)"
    [[ -n "$w_wps" ]] || w_note="could not parse 'words/s:' from wirecode bench output"
  else
    echo "$w_out" >&2
    w_note="'$bin bench --corpus $corpus' failed: baseline only"
  fi
fi

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
ncpu="$(nproc)"
today="$(date -u +%Y-%m-%d)"

echo
echo "corpus: $corpus ($b_articles articles, $b_words whitespace words)"
echo "machine: nproc=$ncpu, CPU: $cpu, date: $today"
echo "baseline: $b_conf; articles where textacy bailed on unbalanced quote marks: $b_unbal"
echo
echo "| date | corpus | articles | nproc | CPU | wirecode words/s | baseline words/s | ratio (wirecode/baseline) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
if [[ -n "$w_wps" ]]; then
  ratio="$(awk -v a="$w_wps" -v b="$b_wps" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')"
  echo "| $today | $corpus | $b_articles | $ncpu | $cpu | $w_wps | $b_wps | $ratio |"
  echo
  a_ratio="$(awk -v a="$w_aps" -v b="$b_aps" 'BEGIN { if (a != "" && b > 0) printf "%.1fx", a / b; else print "n/a" }')"
  echo "articles/s: wirecode ${w_aps:-n/a}, baseline $b_aps, ratio $a_ratio"
else
  echo "| $today | $corpus | $b_articles | $ncpu | $cpu | n/a | $b_wps | n/a |"
  echo
  echo "articles/s: baseline $b_aps"
  echo "note: $w_note"
fi
