#!/usr/bin/env bash
# Throughput of the queue + worker + PostgreSQL path, and where the time goes.
#
#   scripts/scale_bench.sh [WIRECODE_BIN]      # SCALE_BENCH_ARTICLES=N (default 2000)
#
# Starts throwaway nats-server and PostgreSQL on loopback (as
# scripts/scale_test.sh does), makes N synthetic articles, then for each
# setting: enqueues them to a fresh queue, starts the workers against a
# fresh schema, times until the queue is drained, stops the workers with
# SIGTERM and adds up their own account of their time (waiting for
# messages, coding, storing, acknowledging). Prints one Markdown table row
# per setting. Also times `enqueue` alone (the queue's publishing rate),
# workers coding with --no-syntax (where the store, not coding, has to keep
# up), and `wirecode ingest` without a queue into SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${SCALE_BENCH_ARTICLES:-2000}

source scripts/scale_services.sh
PIDS=()
cleanup() {
    local status=$? p
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    scale_stop
    exit "$status"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
    BIN=$(readlink -f "$1")
else
    cargo build --release --locked -p wirecode-cli >&2
    BIN="${CARGO_TARGET_DIR:-target}/release/wirecode"
fi
scale_start_postgres
scale_start_nats
IN="$SCALE_TMP/in"
scale_make_articles "$IN" "$N"
WORDS=$(cat "$IN"/*.txt | wc -w)
PSQL="$SCALE_PG_BIN/psql"
[ -x "$PSQL" ] || PSQL=psql

now_ms() { echo $(($(date +%s%N) / 1000000)); }
status() { "$BIN" queue status --queue "$WIRECODE_NATS_URL" --queue-name "$1" | awk -v k="$2" '$1 == k { print $2 }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "corpus: $N articles, $WORDS words" >&2
echo "| setting | workers x threads | articles/s | words/s | wall s | worker time: waiting / coding / storing / acking |"
echo "|---|---|---|---|---|---|"

run() { # label workers threads [worker options...]
    local label=$1 workers=$2 threads=$3 name t0 t1 w logs=() p
    shift 3
    name="bench$RANDOM$RANDOM"
    "$PSQL" -q "$WIRECODE_PG_URL" -c "CREATE SCHEMA $name" >/dev/null
    local store="$WIRECODE_PG_URL?options=-csearch_path%3D$name"
    t0=$(now_ms)
    "$BIN" enqueue "$IN" --queue "$WIRECODE_NATS_URL" --queue-name "$name" 2>/dev/null
    t1=$(now_ms)
    ENQUEUE_MS=$((t1 - t0))
    PIDS=()
    t0=$(now_ms)
    for ((w = 1; w <= workers; w++)); do
        "$BIN" worker --queue "$WIRECODE_NATS_URL" --queue-name "$name" --store "$store" \
            --threads "$threads" -q "$@" 2>"$SCALE_TMP/$name.$w.log" &
        PIDS+=($!)
        logs+=("$SCALE_TMP/$name.$w.log")
    done
    while :; do
        if [ "$(status "$name" messages)" = 0 ] && [ "$(status "$name" in_flight)" = 0 ]; then break; fi
        sleep 0.1
    done
    t1=$(now_ms)
    for p in "${PIDS[@]}"; do kill -TERM "$p"; done
    for p in "${PIDS[@]}"; do wait "$p"; done
    PIDS=()
    local ms=$((t1 - t0))
    # Sum the workers' own time split (seconds, one decimal).
    local split
    split=$(sed -n 's/.*waiting for messages \([0-9.]*\)s, coding \([0-9.]*\)s, storing \([0-9.]*\)s, acknowledging \([0-9.]*\)s.*/\1 \2 \3 \4/p' "${logs[@]}" |
        awk '{w+=$1; c+=$2; s+=$3; a+=$4} END {printf "%.1f / %.1f / %.1f / %.1f s", w, c, s, a}')
    local stored
    stored=$("$PSQL" -tAq "$WIRECODE_PG_URL" -c "SELECT count(*) FROM $name.articles")
    [ "$stored" = "$N" ] || { echo "$label: stored $stored of $N" >&2; exit 1; }
    printf '| %s | %d x %d | %d | %d | %.1f | %s |\n' "$label" "$workers" "$threads" \
        $((N * 1000 / ms)) $((WORDS * 1000 / ms)) "$(echo "$ms" | awk '{print $1 / 1000}')" "$split"
}

# For comparison, no queue: one process reading the files, coding on all
# cores and writing batches of 256 (SQLite file, then PostgreSQL).
ingest_row() { # label store-options...
    local label=$1 t0 t1 ms
    shift
    t0=$(now_ms)
    "$BIN" ingest "$IN" -q "$@" 2>/dev/null
    t1=$(now_ms)
    ms=$((t1 - t0))
    printf '| %s | 1 x %d | %d | %d | %.1f | (no worker split) |\n' "$label" "$(nproc)" \
        $((N * 1000 / ms)) $((WORDS * 1000 / ms)) "$(echo "$ms" | awk '{print $1 / 1000}')"
}
ingest_row "ingest, no queue, SQLite" --db "$SCALE_TMP/bench.db"
"$PSQL" -q "$WIRECODE_PG_URL" -c "CREATE SCHEMA ingest_bench" >/dev/null
ingest_row "ingest, no queue, PostgreSQL" --store "$WIRECODE_PG_URL?options=-csearch_path%3Dingest_bench"

run "full pipeline" 1 1
run "full pipeline" 1 2
run "full pipeline" 2 1
run "full pipeline" 2 2
echo "enqueue alone: $N articles in ${ENQUEUE_MS} ms ($((N * 1000 / ENQUEUE_MS)) articles/s, reading files included)" >&2
run "--no-syntax (store-bound)" 1 2 --no-syntax
run "--no-syntax (store-bound)" 2 1 --no-syntax
