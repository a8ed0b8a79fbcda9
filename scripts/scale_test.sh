#!/usr/bin/env bash
# The scale-out fault test: NATS JetStream + PostgreSQL, nothing lost.
#
#   scripts/scale_test.sh [WIRECODE_BIN]
#
# Starts throwaway nats-server and PostgreSQL on loopback (free ports,
# temporary directories; installed from Debian when missing), then:
#   1. runs the PostgreSQL tests of the store and the API against it
#      (they skip without WIRECODE_TEST_POSTGRES);
#   2. enqueues 5,000 synthetic articles (variants of examples/*.txt), 50
#      copies of some of them, and deliberately broken inputs (empty, binary,
#      malformed JSON Lines), then enqueues everything again; another
#      producer publishes four broken messages straight to the subject;
#   3. runs 3 workers; kills one with SIGKILL while it holds a batch and
#      starts it again; restarts PostgreSQL once while they work;
#   4. when the queue is drained, stops the workers with SIGTERM and checks:
#      every article is stored exactly once, with the same entities, quotes
#      and events as `wirecode ingest` of the same inputs into SQLite; the
#      dead-letter stream holds exactly the broken inputs; the kill really
#      was mid-batch (its messages were delivered again); the workers saw
#      the restart and carried on; `wirecode serve --store` answers.
# Exit status 0 when every check passes. SCALE_ARTICLES=N changes the count;
# SCALE_KEEP=1 keeps the temporary directory (logs) for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

N=${SCALE_ARTICLES:-5000}
DUPS=50
WORKERS=3

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { echo "== $*" >&2; }

source scripts/scale_services.sh
WORKER_PIDS=()
SERVE_PID=
cleanup() {
    local status=$? p
    for p in "${WORKER_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; fi
    scale_stop
    exit "$status"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
    BIN=$(readlink -f "$1")
else
    step "building the release binary"
    cargo build --release --locked -p wirecode-cli
    BIN="${CARGO_TARGET_DIR:-target}/release/wirecode"
fi
[ -x "$BIN" ] || fail "no binary at $BIN"

scale_start_postgres
scale_start_nats
Q=(--queue "$WIRECODE_NATS_URL")
STORE="$WIRECODE_PG_URL"

step "the tests that need the servers (WIRECODE_TEST_POSTGRES, WIRECODE_TEST_NATS set)"
export WIRECODE_TEST_POSTGRES="$WIRECODE_PG_URL" WIRECODE_TEST_NATS="$WIRECODE_NATS_URL"
{
    cargo test --locked -p wirecode-pgstore -p wirecode-server -- --nocapture &&
        cargo test --locked -p wirecode-cli --test scale -- --nocapture
} >"$SCALE_TMP/cargo-test.log" 2>&1 || { tail -50 "$SCALE_TMP/cargo-test.log" >&2; fail "cargo tests"; }
grep -E '^test .*(postgres|sqlite|schema|batches|nul_|migrations|readers_need|replace_swaps|worker)' \
    "$SCALE_TMP/cargo-test.log" >&2 || true
! grep -q 'skipped: set WIRECODE_TEST' "$SCALE_TMP/cargo-test.log" || fail "tests skipped despite the servers"

step "generating $N articles, $DUPS copies and the broken inputs"
IN="$SCALE_TMP/in"
mkdir -p "$IN/articles" "$IN/copies" "$IN/broken"
scale_make_articles "$IN/articles" "$N"
for ((k = 0; k < DUPS; k++)); do
    cp "$IN/articles/$(printf 'a%05d.txt' $((k * 97 % N)))" "$IN/copies/$(printf 'copy%03d.txt' "$k")"
done
printf '   \n\n  \n' >"$IN/broken/empty.txt"
printf '\x00\x01\x02\x03binary\x00\xff' >"$IN/broken/image.bin"
printf '%s\n' '{"id": "cut-off", "text": "The line ends' '{"id": "no-text", "title": "Only a title"}' \
    '{"id": "blank", "text": "   "}' >"$IN/broken/lines.jsonl"
EXPECT_DEAD=$(printf '%s\n' "$IN/broken/empty.txt" "$IN/broken/image.bin" "$IN/broken/lines.jsonl:1" \
    "$IN/broken/lines.jsonl:2" "$IN/broken/lines.jsonl:3" raw-not-json raw-binary raw-no-text raw-nul-text | sort)

step "enqueue (twice: the second run must add nothing)"
set +e
"$BIN" enqueue "$IN/articles" "$IN/copies" "$IN/broken" "${Q[@]}" 2>"$SCALE_TMP/enqueue1.log"
rc1=$?
"$BIN" enqueue "$IN/articles" "$IN/copies" "$IN/broken" "${Q[@]}" 2>"$SCALE_TMP/enqueue2.log"
rc2=$?
set -e
tail -1 "$SCALE_TMP/enqueue1.log" >&2
tail -1 "$SCALE_TMP/enqueue2.log" >&2
[ "$rc1" = 3 ] && [ "$rc2" = 3 ] || fail "enqueue exit codes $rc1 $rc2 (expected 3: inputs dead-lettered)"
grep -q "queued $N, already queued $DUPS, dead-lettered 5 " "$SCALE_TMP/enqueue1.log" || fail "first enqueue"
grep -q "queued 0, already queued $((N + DUPS)), dead-lettered 5 " "$SCALE_TMP/enqueue2.log" || fail "second enqueue"

step "another producer publishes four broken messages straight to the subject"
# The NATS client protocol by hand: HPUB with a Nats-Msg-Id header.
raw_publish() { # id payload-file
    local port=${WIRECODE_NATS_URL##*:} hdr hlen plen line
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    read -r line <&3 # INFO
    hdr=$'NATS/1.0\r\nNats-Msg-Id: '"$1"$'\r\n\r\n'
    hlen=${#hdr}
    plen=$(stat -c %s "$2")
    {
        printf 'CONNECT {"verbose":false,"pedantic":false,"headers":true,"name":"raw-producer"}\r\n'
        printf 'HPUB wirecode.articles %d %d\r\n%s' "$hlen" $((hlen + plen)) "$hdr"
        cat "$2"
        printf '\r\nPING\r\n'
    } >&3
    while read -r -t 10 line <&3; do
        case "$line" in PONG*) break ;; -ERR*) fail "raw publish: $line" ;; esac
    done
    exec 3>&-
}
printf 'this is not JSON' >"$SCALE_TMP/raw1"
printf '\x00\x01\x02\x03\xfe' >"$SCALE_TMP/raw2"
printf '{"id": "raw-no-text", "title": "No text"}' >"$SCALE_TMP/raw3"
printf '{"id": "raw-nul-text", "text": "\\u0000\\u0001\\u0002 zero"}' >"$SCALE_TMP/raw4"
raw_publish raw-not-json "$SCALE_TMP/raw1"
raw_publish raw-binary "$SCALE_TMP/raw2"
raw_publish raw-no-text "$SCALE_TMP/raw3"
raw_publish raw-nul-text "$SCALE_TMP/raw4"
status() { "$BIN" queue status "${Q[@]}" | awk -v k="$1" '$1 == k { print $2 }'; }
[ "$(status messages)" = $((N + 4)) ] || fail "expected $((N + 4)) messages waiting, found $(status messages)"

step "$WORKERS workers; one killed with SIGKILL mid-batch and restarted; PostgreSQL restarted once"
start_worker() { # log
    "$BIN" worker "${Q[@]}" --store "$STORE" --ack-wait 10 2>"$1" &
    WORKER_PIDS+=($!)
}
T0=$(date +%s%N)
for ((w = 1; w <= WORKERS; w++)); do start_worker "$SCALE_TMP/worker$w.log"; done
VICTIM=${WORKER_PIDS[0]}
# Kill the first worker while it holds a batch: after a batch of its was
# taken and before that batch is done (the last line of its log says "taken").
# The worker is frozen with SIGSTOP before its log is read, so the batch
# cannot finish between the check and the kill; if it is between batches it
# is thawed and polled again.
killed=
for ((i = 0; i < 6000; i++)); do
    if grep -q 'done in' "$SCALE_TMP/worker1.log"; then
        kill -STOP "$VICTIM"
        last=$(grep 'batch' "$SCALE_TMP/worker1.log" | tail -1 || true)
        if [[ "$last" == *taken* ]]; then
            kill -9 "$VICTIM"
            kill -CONT "$VICTIM" 2>/dev/null || true
            wait "$VICTIM" 2>/dev/null || true
            killed=$last
            break
        fi
        kill -CONT "$VICTIM"
    fi
    sleep 0.02
done
[ -n "$killed" ] || fail "the first worker never held a second batch"
last=$(grep 'batch' "$SCALE_TMP/worker1.log" | tail -1)
[[ "$last" == *taken* ]] || fail "the kill was not mid-batch: $last"
echo "killed worker 1 holding a batch: ${killed#wirecode: worker: }" >&2
start_worker "$SCALE_TMP/worker1b.log"
restarted=
for ((i = 0; i < 30000; i++)); do
    m=$(status messages)
    if [ -z "$restarted" ] && [ "$m" -le $((N * 6 / 10)) ]; then
        scale_restart_postgres
        restarted=$m
        echo "restarted PostgreSQL with $m messages left" >&2
    fi
    if [ "$m" = 0 ] && [ "$(status in_flight)" = 0 ]; then break; fi
    sleep 0.2
done
T1=$(date +%s%N)
[ "$(status messages)" = 0 ] || fail "the queue did not drain"
[ -n "$restarted" ] || fail "PostgreSQL was never restarted"
echo "drained in $(((T1 - T0) / 1000000)) ms" >&2

step "SIGTERM: the workers finish and exit 0"
for p in "${WORKER_PIDS[@]:1}"; do kill -TERM "$p"; done
for p in "${WORKER_PIDS[@]:1}"; do wait "$p" || fail "a worker exited with $?"; done
WORKER_PIDS=()
for f in "$SCALE_TMP"/worker{2,3,1b}.log; do
    grep -q 'stopping after the batch in hand' "$f" || fail "$f: no graceful stop"
    grep 'worker stopped' "$f" | sed 's/^wirecode: //' >&2
done
redelivered=0
for r in $(sed -n 's/.*messages (\([0-9]*\) redelivered).*/\1/p' "$SCALE_TMP"/worker{2,3,1b}.log); do
    redelivered=$((redelivered + r))
done
[ "$redelivered" -gt 0 ] || fail "the killed worker's batch was never delivered again"
echo "messages delivered again after the kill: $redelivered" >&2
grep -l 'store unavailable, retrying' "$SCALE_TMP"/worker{2,3,1b}.log >/dev/null ||
    fail "no worker saw the PostgreSQL restart"
grep -q 'given back [1-9]' "$SCALE_TMP"/worker{2,3,1b}.log && echo "(some messages were given back and redone)" >&2

step "every article stored exactly once, as wirecode ingest stores it"
"$BIN" ingest "$IN/articles" "$IN/copies" "$IN/broken" --db "$SCALE_TMP/ref.db" -q 2>"$SCALE_TMP/ingest.log" || true
tail -1 "$SCALE_TMP/ingest.log" >&2
grep -q "stored $N, already present $DUPS, skipped 5" "$SCALE_TMP/ingest.log" || fail "reference ingest"
"$BIN" query articles --db "$SCALE_TMP/ref.db" --format csv | tail -n +2 | sort >"$SCALE_TMP/ref.csv"
"$BIN" query articles --store "$STORE" --format csv | tail -n +2 | sort >"$SCALE_TMP/pg.csv"
[ "$(wc -l <"$SCALE_TMP/pg.csv")" = "$N" ] || fail "PostgreSQL holds $(wc -l <"$SCALE_TMP/pg.csv") articles, expected $N"
[ "$(cut -d, -f1 "$SCALE_TMP/pg.csv" | sort -u | wc -l)" = "$N" ] || fail "an article id twice"
diff "$SCALE_TMP/ref.csv" "$SCALE_TMP/pg.csv" >"$SCALE_TMP/diff.txt" ||
    { head -20 "$SCALE_TMP/diff.txt" >&2; fail "PostgreSQL and the SQLite reference differ"; }
for what in events quotes; do
    a=$("$BIN" query "$what" --db "$SCALE_TMP/ref.db" --format csv | wc -l)
    b=$("$BIN" query "$what" --store "$STORE" --format csv | wc -l)
    [ "$a" = "$b" ] || fail "$what: $b rows in PostgreSQL, $a in the reference"
    echo "$what: $((b - 1)) in both" >&2
done
echo "articles: $N in both, each with the same entity, quote and event counts" >&2

step "the dead-letter stream holds exactly the broken inputs"
"$BIN" queue dead "${Q[@]}" >"$SCALE_TMP/dead.jsonl"
got=$(sed -n 's/.*"origin":"\([^"]*\)".*/\1/p' "$SCALE_TMP/dead.jsonl" | sort)
if [ "$got" != "$EXPECT_DEAD" ]; then
    diff <(echo "$EXPECT_DEAD") <(echo "$got") >&2 || true
    fail "dead letters differ from the broken inputs"
fi
sed -E 's/.*"origin":"(([^"\\]|\\.)*)","reason":"(([^"\\]|\\.)*)".*"stage":"([a-z]*)".*/  \5 \1: \3/' \
    "$SCALE_TMP/dead.jsonl" >&2

step "wirecode serve --store answers from PostgreSQL"
"$BIN" serve --store "$STORE" --addr 127.0.0.1:0 2>"$SCALE_TMP/serve.log" &
SERVE_PID=$!
for ((i = 0; i < 100; i++)); do grep -qs 'http://' "$SCALE_TMP/serve.log" && break; sleep 0.1; done
addr=$(sed -n 's|.*http://\([0-9.:]*\)/.*|\1|p' "$SCALE_TMP/serve.log")
http_get() { # path -> the whole reply
    exec 3<>"/dev/tcp/${addr%:*}/${addr##*:}"
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$1" "$addr" >&3
    cat <&3
    exec 3>&-
}
# Totals are counted only up to a cap (total_exact false beyond it), so the
# API's article count is read by paging: the N-th article exists, no N+1-th.
last=$(http_get "/api/articles?limit=1&offset=$((N - 1))")
[[ "$last" == *'"items":[{'* ]] || fail "serve: no article at offset $((N - 1)): $last"
past=$(http_get "/api/articles?limit=1&offset=$N")
[[ "$past" == *'"items":[]'* ]] || fail "serve: an article past offset $N: $past"
kill "$SERVE_PID"
SERVE_PID=
echo "GET /api/articles: exactly $N articles (paged to the last)" >&2

echo "PASS: $N articles stored exactly once through $WORKERS workers, a SIGKILL and a PostgreSQL restart; 9 broken inputs dead-lettered" >&2
