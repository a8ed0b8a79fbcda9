#!/usr/bin/env bash
# Page load of `wirecode serve`'s web page on a store of >= 10,000 events,
# in headless Chromium.
#
#   scripts/bench_page.sh [WIRECODE_BIN]     (default: target/release/wirecode)
#
# Environment: BENCH_PAGE_EVENTS=10000 (events wanted), BENCH_PAGE_RUNS=5.
#
# Stores examples/ (coded by `wirecode ingest`), copies its articles and
# events inside SQLite (scripts/bench_multiply.sql) until there are >=
# BENCH_PAGE_EVENTS events, serves it read-only on a free loopback port and
# loads the timeline (and the map) BENCH_PAGE_RUNS times each in a fresh
# headless Chromium driven over the DevTools protocol by
# scripts/page_load.mjs (Node's WebSocket). The page writes, when a view is
# rendered, performance.now() (milliseconds since navigation start: HTML,
# script, API answers and DOM built) to body[data-render-ms]. (Chromium's
# --virtual-time-budget would freeze that clock while scripts run, so
# --dump-dom cannot time a page.)
# Prints `name<TAB>value` lines: each run's figure, then the median and the
# largest. Fails when a view does not render or the timeline shows no rows.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
    echo "bench_page: FAIL: $*" >&2
    exit 1
}

BIN=${1:-target/release/wirecode}
EVENTS=${BENCH_PAGE_EVENTS:-10000}
RUNS=${BENCH_PAGE_RUNS:-5}
if [ ! -x "$BIN" ]; then
    if [ $# -ge 1 ]; then die "$BIN: no such executable"; fi
    cargo build --release -p wirecode-cli
fi
command -v node >/dev/null 2>&1 || die "needs node (>= 20, for its WebSocket)"
# shellcheck source=lib/serve.sh
. scripts/lib/serve.sh
need_commands chromium sqlite3 curl
serve_in_tmp

db=$tmp/page.db
"$BIN" ingest examples/ --db "$db" --published 2024-03-05 -q
n=$(sqlite3 "$db" "SELECT count(*) FROM events")
[ "$n" -gt 0 ] || die "examples/ gave no events"
sqlite3 "$db" -cmd ".parameter set :copies $(((EVENTS + n - 1) / n - 1))" \
    <scripts/bench_multiply.sql >/dev/null
total=$(sqlite3 "$db" "SELECT count(*) FROM events")
printf 'events\t%s\n' "$total"

start_serve --db "$db"

# load VIEW: one cold load in a fresh Chromium (scripts/page_load.mjs);
# prints the page's render time and keeps the whole answer in $tmp/load.json.
load() {
    node --experimental-websocket scripts/page_load.mjs "${url}#$1" "$1" 30000 >"$tmp/load.json" \
        2>>"$tmp/chrome.log" || die "#$1: $(tail -3 "$tmp/chrome.log")"
    if [ "$1" = timeline ]; then
        grep -q '"rows":[1-9]' "$tmp/load.json" || die "timeline shows no rows: $(cat "$tmp/load.json")"
    fi
    grep -o '"render_ms":[0-9]*' "$tmp/load.json" | cut -d: -f2
}

for view in timeline map; do
    figures=()
    for i in $(seq 1 "$RUNS"); do
        ms=$(load "$view")
        [ -n "$ms" ] || die "#$view: no render time"
        printf '%s_run%d_ms\t%s\n' "$view" "$i" "$ms"
        figures+=("$ms")
    done
    printf '%s\n' "${figures[@]}" | sort -n | awk -v v="$view" '
        { a[NR] = $1 } END { printf "%s_median_ms\t%s\n%s_max_ms\t%s\n", v, a[int((NR + 1) / 2)], v, a[NR] }'
done
printf 'timeline_rows_per_page\t%s\n' "$(curl -fsS "${url}api/events" | grep -o '"article_id"' | wc -l)"
