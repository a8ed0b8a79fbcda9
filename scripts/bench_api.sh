#!/usr/bin/env bash
# Load test of `wirecode serve`'s /api/events on a store of >= 1,000,000 events.
#
#   scripts/bench_api.sh [WIRECODE_BIN]      (default: target/release/wirecode)
#
# Environment (all optional):
#   BENCH_EVENTS=1000000        events wanted in the store
#   BENCH_CORPUS=../shared/corpora/bbc   articles ingested (coded) first
#   BENCH_DIR=target/bench      where the stores are kept (reused when they
#                               have enough events; BENCH_REBUILD=1 remakes them)
#   BENCH_SECONDS=20            length of the mixed run (each filter alone: a quarter)
#   BENCH_CONNECTIONS=50        concurrent clients
#
# 1. Builds the store: `wirecode ingest` codes the corpus (timed), then
#    scripts/bench_multiply.sql copies its articles and events inside SQLite
#    (new row ids, distinct hashes, dates moved so the copies spread over
#    the calendar) until there are >= BENCH_EVENTS events (timed). Coding a
#    million events' worth of articles would take about an hour on 2 cores;
#    the copy takes seconds and gives the query the same shape of data.
# 2. Serves it read-only on a free loopback port and runs wrk (Debian's
#    package, installed when missing) with BENCH_CONNECTIONS connections
#    against a mix of /api/events filters (actor, code, date range, place,
#    and combinations, picked from the store's own values), then against
#    each filter alone.
# Prints `name<TAB>value` lines: p50/p99 latency in ms and requests/s.
# Traffic goes to 127.0.0.1 only; every run is bounded by BENCH_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
    echo "bench_api: FAIL: $*" >&2
    exit 1
}

BIN=${1:-target/release/wirecode}
EVENTS=${BENCH_EVENTS:-1000000}
CORPUS=${BENCH_CORPUS:-../shared/corpora/bbc}
DIR=${BENCH_DIR:-target/bench}
SECONDS_MIX=${BENCH_SECONDS:-20}
CONNS=${BENCH_CONNECTIONS:-50}

if [ ! -x "$BIN" ]; then
    if [ $# -ge 1 ]; then die "$BIN: no such executable"; fi
    cargo build --release -p wirecode-cli
fi
# shellcheck source=lib/serve.sh
. scripts/lib/serve.sh
need_commands wrk sqlite3 curl

mkdir -p "$DIR"
base=$DIR/api-base.db
db=$DIR/api.db
count_events() { sqlite3 "$1" "SELECT count(*) FROM events" 2>/dev/null || echo 0; }

if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$db" ] || [ "$(count_events "$db")" -lt "$EVENTS" ]; then
    rm -f "$base" "$base"-* "$db" "$db"-*
    echo "== ingest $CORPUS"
    t0=$(date +%s.%N)
    "$BIN" ingest "$CORPUS" --db "$base" --published 2004-06-01 -q
    t1=$(date +%s.%N)
    n=$(count_events "$base")
    [ "$n" -gt 0 ] || die "the corpus gave no events"
    copies=$(((EVENTS + n - 1) / n - 1))
    echo "== copy its $n events $copies times"
    cp "$base" "$db"
    sqlite3 "$db" -cmd ".parameter set :copies $copies" <scripts/bench_multiply.sql >/dev/null
    t2=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
        printf "ingest_seconds\t%.1f\ncopy_seconds\t%.1f\n", b - a, c - b }'
    printf 'ingested_events\t%s\n' "$n"
fi
total=$(count_events "$db")
[ "$total" -ge "$EVENTS" ] || die "$db has $total events, wanted $EVENTS"
printf 'events\t%s\n' "$total"
printf 'articles\t%s\n' "$(sqlite3 "$db" 'SELECT count(*) FROM articles')"

# Filter values from the store itself: a broad and a narrow actor, a broad
# and a narrow place, and a two-month window in the middle of its dates.
q() { sqlite3 "$db" "$1"; }
actor_broad=$(q "SELECT substr(source_code, 1, 3) FROM events WHERE source_code IS NOT NULL
                 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
actor_narrow=$(q "SELECT source_code FROM events WHERE source_code IS NOT NULL GROUP BY 1
                  HAVING count(*) BETWEEN $total / 500 AND $total / 200 ORDER BY count(*) DESC LIMIT 1")
place_broad=$(q "SELECT place_name FROM events WHERE place_name IS NOT NULL
                 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
place_narrow=$(q "SELECT place_name FROM events WHERE place_name IS NOT NULL GROUP BY 1
                  HAVING count(*) BETWEEN $total / 500 AND $total / 200 ORDER BY count(*) DESC LIMIT 1")
mid=$(q "SELECT day FROM events INDEXED BY events_day WHERE day IS NOT NULL
         ORDER BY day LIMIT 1 OFFSET (SELECT count(day) / 2 FROM events)")
to2=$(q "SELECT date('$mid', '+2 months')")
to12=$(q "SELECT date('$mid', '+12 months')")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
pb=$(enc "$place_broad")
pn=$(enc "$place_narrow")
paths=(
    "/api/events"
    "/api/events?actor=$actor_broad"
    "/api/events?actor=$actor_narrow"
    "/api/events?code=19"
    "/api/events?code=04&actor=$actor_broad"
    "/api/events?from=$mid&to=$to2"
    "/api/events?place=$pb"
    "/api/events?place=$pn&code=0"
    "/api/events?actor=$actor_broad&from=$mid&to=$to12"
    "/api/events?actor=$actor_broad&code=1&from=$mid&to=$to12&place=$pb"
    "/api/events?actor=$actor_narrow&code=0&from=$mid&to=$to12"
    "/api/events?actor=$actor_broad&offset=1000"
)

serve_in_tmp

start_serve --db "$db"
url=${url%/} # this script writes paths with their leading slash

echo "== filters (matches: total, exact?)"
for p in "${paths[@]}"; do
    body=$(curl -fsS "$url$p") || die "GET $p failed"
    echo "   $p  $(echo "$body" | grep -o '"total":[0-9]*,"total_exact":[a-z]*' | head -n 1)"
done

# wrk: each connection walks the list of paths in turn.
{
    echo "local paths = {"
    for p in "${paths[@]}"; do echo "  \"$p\","; done
    echo "}"
    cat <<'EOF'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
} >"$tmp/mix.lua"

# run NAME SECONDS [wrk args]: p50, p99 (ms) and requests/s of one run.
run() {
    local name=$1 secs=$2
    shift 2
    local threads=-t2
    [ "$CONNS" -ge 2 ] || threads=-t1
    wrk "$threads" -c"$CONNS" -d"${secs}s" --timeout 10s --latency "$@" >"$tmp/wrk.out" 2>&1 \
        || die "wrk failed: $(cat "$tmp/wrk.out")"
    grep -q 'Non-2xx' "$tmp/wrk.out" && die "$name: error answers: $(cat "$tmp/wrk.out")"
    awk -v name="$name" '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        END { printf "%s\tp50_ms=%.1f\tp99_ms=%.1f\treq_per_s=%.0f\n", name, p50, p99, rps }
    ' "$tmp/wrk.out"
}

echo "== mixed filters, $CONNS connections, ${SECONDS_MIX} s"
run mixed "$SECONDS_MIX" -s "$tmp/mix.lua" "$url"
echo "== mixed filters, 1 connection (the time of one request, without queueing)"
CONNS=1 run mixed_1_connection "$(((SECONDS_MIX + 1) / 2))" -s "$tmp/mix.lua" "$url"
echo "== each filter alone, $CONNS connections"
each=$(((SECONDS_MIX + 3) / 4))
for p in "${paths[@]}"; do
    run "$p" "$each" "$url$p"
done
