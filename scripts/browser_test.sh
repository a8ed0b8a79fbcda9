#!/usr/bin/env bash
# Browser test of `wirecode serve`: the page rendered by headless Chromium.
#
#   scripts/browser_test.sh [WIRECODE_BIN]     (default: target/release/wirecode,
#                                               built with cargo if missing)
#
# Installs Debian's `chromium` (and curl) when missing (apt-get, as root in CI),
# stores examples/ plus one hostile article in a temporary database, serves it
# on a free loopback port, and checks the DOM Chromium renders after the page's
# JavaScript has run (--dump-dom): the timeline filtered by actor, the article
# view with highlighted quotes (speaker in the title attribute) and events,
# markup in article text shown as text, who-said-what, the network, and the
# map (country outlines and a dot for the Aleppo story's events). Then
# writes a screenshot of the article view to target/browser-screenshot.png.
# Exits non-zero with a message on the first failure; kills what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

die() {
    echo "browser_test: FAIL: $*" >&2
    exit 1
}

BIN=${1:-target/release/wirecode}
if [ ! -x "$BIN" ]; then
    if [ $# -ge 1 ]; then die "$BIN: no such executable"; fi
    echo "== building $BIN"
    cargo build --release -p wirecode-cli
fi

# shellcheck source=lib/serve.sh
. scripts/lib/serve.sh
need_commands chromium curl
serve_in_tmp

echo "== ingest examples/ into a temporary database"
# A hostile article: markup in the title and the text must be shown as text.
cat >"$tmp/hostile.jsonl" <<'EOF'
{"id": "hostile", "title": "<img src=x onerror=document.body.dataset.pwned=1> Hostile", "published": "2024-03-06", "text": "Russia <script>document.body.dataset.pwned=1</script> vetoed the resolution on Monday. \"We <b>reject</b> it,\" said the ambassador."}
EOF
# A story set in Aleppo, for the map.
cat >"$tmp/aleppo.jsonl" <<'EOF'
{"id": "aleppo", "title": "Shelling in Aleppo", "published": "2024-03-05", "text": "Syrian government forces shelled rebel-held districts of Aleppo on Tuesday, killing at least 12 civilians, a monitoring group said. Rebels attacked an army checkpoint in Aleppo, the state news agency reported."}
EOF
"$BIN" ingest examples/ "$tmp/hostile.jsonl" "$tmp/aleppo.jsonl" --db "$tmp/w.db" --published 2024-03-05 -q \
    || die "wirecode ingest failed"

echo "== start wirecode serve on a free loopback port"
start_serve --db "$tmp/w.db"
echo "   $url"

api() { curl -fsS "${url}api/$1" || die "GET /api/$1 failed"; }
# The first "key": integer in a JSON answer.
json_int() { grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2; }

chrome() {
    timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --disable-extensions --mute-audio \
        --user-data-dir="$tmp/profile" --virtual-time-budget=5000 "$@" 2>>"$tmp/chrome.log"
}

# dump NAME FRAGMENT: the DOM after the page rendered FRAGMENT, in $tmp/NAME.html.
dump() {
    chrome --dump-dom "${url}#$2" >"$tmp/$1.html" || die "chromium failed on #$2: $(tail -5 "$tmp/chrome.log")"
    grep -q 'data-ready="error"' "$tmp/$1.html" \
        && die "#$2: the page shows an error: $(grep -o '<p class="error"[^<]*' "$tmp/$1.html")"
    true
}
# count FILE REGEX: occurrences of an extended regex in a dumped DOM.
count() { grep -oE "$2" "$1" | wc -l; }

echo "== timeline filtered by actor"
dump timeline 'timeline?actor=RUS'
grep -q 'data-ready="timeline"' "$tmp/timeline.html" || die "timeline did not render"
rows=$(count "$tmp/timeline.html" '<tr class="event-row"')
expected=$(api 'events?actor=RUS&limit=100' | json_int total)
[ "$rows" -gt 0 ] || die "timeline shows no events for actor RUS"
[ "$rows" -eq "$((expected < 100 ? expected : 100))" ] \
    || die "timeline shows $rows events, the API has $expected for actor RUS"
other=$(grep -oE '<tr class="event-row"[^>]*>' "$tmp/timeline.html" \
    | grep -vcE 'data-source="RUS|data-target="RUS' || true)
[ "$other" -eq 0 ] || die "timeline shows $other events without RUS under actor=RUS"
[ "$(count "$tmp/timeline.html" '<tr class="date-row">')" -gt 0 ] || die "timeline not grouped by date"
all=$(api 'events?limit=1' | json_int total)
[ "$all" -gt "$expected" ] || die "the filter removed nothing ($all events in all)"
echo "   $rows of $all events, all with RUS"

echo "== article view with highlights"
id=$(api 'articles?search=veto+Myanmar&limit=1' | json_int id)
[ -n "$id" ] || die "no veto article stored"
dump article "article=$id"
grep -q 'data-ready="article"' "$tmp/article.html" || die "article view did not render"
quotes=$(count "$tmp/article.html" '<span class="q[^"]*" title="Speaker: [^"]+"')
events=$(count "$tmp/article.html" '<span class="ev" title="Event [0-9]+ [^"]+"')
[ "$quotes" -gt 0 ] || die "article view highlights no quote with its speaker"
[ "$events" -gt 0 ] || die "article view highlights no event"
[ "$(count "$tmp/article.html" '<li data-rec="ev[0-9]+"')" -gt 0 ] || die "no coded events beside the text"
[ "$(count "$tmp/article.html" '<li data-rec="q[0-9]+"')" -gt 0 ] || die "no quotes beside the text"
echo "   $quotes quote and $events event highlight spans"

echo "== markup in article text stays text"
hid=$(api 'articles?search=ambassador+Monday+reject&limit=1' | json_int id)
[ -n "$hid" ] || die "hostile article not stored"
dump hostile "article=$hid"
grep -q 'data-ready="article"' "$tmp/hostile.html" || die "hostile article did not render"
grep -q 'pwned' "$tmp/hostile.html" || die "hostile text missing from the page"
grep -q 'data-pwned' "$tmp/hostile.html" && die "markup in article text was executed"
grep -qE '<script>document|<img src="?x' "$tmp/hostile.html" && die "markup in article text became elements"
grep -q '&lt;script&gt;' "$tmp/hostile.html" || die "the script tag is not shown as text"
echo "   shown as text, not run"

echo "== who said what, network"
dump quotes 'quotes'
grep -q 'data-ready="quotes"' "$tmp/quotes.html" || die "who-said-what did not render"
[ "$(count "$tmp/quotes.html" '<div class="speaker">')" -gt 0 ] || die "no quotes by speaker"
[ "$(count "$tmp/quotes.html" '<div class="denial">')" -gt 0 ] || die "no claim linked to a denial"
dump network 'network'
grep -q 'data-ready="network"' "$tmp/network.html" || die "network did not render"
[ "$(count "$tmp/network.html" '<line class="edge')" -gt 0 ] || die "network has no edges"

echo "== map of events"
dump map 'map'
grep -q 'data-ready="map"' "$tmp/map.html" || die "map did not render"
countries=$(count "$tmp/map.html" '<path class="country"')
[ "$countries" -gt 150 ] || die "map draws $countries countries (expected the 177 of Natural Earth 1:110m)"
dots=$(count "$tmp/map.html" '<circle class="dot[^"]*"')
places=$(api 'places' | grep -o '"place":' | wc -l)
[ "$dots" -gt 0 ] || die "map shows no event"
[ "$dots" -eq "$places" ] || die "map shows $dots dots, the API has $places places"
grep -qE '<circle class="dot conflict"[^>]*data-place="Aleppo"' "$tmp/map.html" \
    || die "no conflict dot for the Aleppo story"
grep -qE '<title>Aleppo, SYR: [0-9]+ events? ' "$tmp/map.html" || die "the Aleppo dot has no title"
# The dot sits where Aleppo is (x = lon + 180, y = 90 - lat).
grep -qE 'cx="217\.[0-9]+" cy="53\.[0-9]+"[^>]*data-place="Aleppo"' "$tmp/map.html" \
    || die "the Aleppo dot is not at 36.2N 37.2E"
dump mapfiltered 'map?actor=RUS'
grep -q 'data-ready="map"' "$tmp/mapfiltered.html" || die "filtered map did not render"
fdots=$(count "$tmp/mapfiltered.html" '<circle class="dot[^"]*"')
grep -q 'data-place="Aleppo"' "$tmp/mapfiltered.html" && die "actor=RUS still shows the Aleppo dot"
echo "   $countries countries, $dots places ($fdots with actor RUS)"

echo "== screenshot of the map"
mkdir -p target
rm -f target/browser-map.png
chrome --screenshot="$PWD/target/browser-map.png" --window-size=1280,900 "${url}#map" \
    || die "chromium screenshot failed: $(tail -5 "$tmp/chrome.log")"
[ "$(wc -c <target/browser-map.png 2>/dev/null || echo 0)" -gt 20000 ] || die "map screenshot missing or blank"

echo "== screenshot of the article view"
mkdir -p target
rm -f target/browser-screenshot.png
chrome --screenshot="$PWD/target/browser-screenshot.png" --window-size=1280,900 "${url}#article=$id" \
    || die "chromium screenshot failed: $(tail -5 "$tmp/chrome.log")"
size=$(wc -c <target/browser-screenshot.png 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || die "screenshot missing or blank ($size bytes)"
echo "   target/browser-screenshot.png ($size bytes)"

echo "browser_test: OK in $((SECONDS - start)) s"
