# Sourced by scripts/scale_test.sh and scripts/scale_bench.sh (not run on its own):
# throwaway PostgreSQL and NATS JetStream servers on loopback, on free ports,
# in one temporary directory, for tests and measurements.
#
#   source scripts/scale_services.sh
#   trap scale_stop EXIT
#   scale_start_postgres    # sets WIRECODE_PG_URL (postgres://wirecode@127.0.0.1:PORT/wirecode)
#   scale_start_nats        # sets WIRECODE_NATS_URL (nats://127.0.0.1:PORT)
#   scale_restart_postgres  # pg_ctl restart -m fast (in-flight transactions are cut off)
#   scale_make_articles DIR N  # N synthetic articles made of examples/*.txt paragraphs
#
# Installs Debian's nats-server and postgresql when they are missing (needs
# root or sudo). PostgreSQL refuses to run as root: as root, the cluster is
# created and run as `nobody`.

SCALE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/wirecode-scale.XXXXXX")
chmod 755 "$SCALE_TMP"
SCALE_NATS_PID=
SCALE_PG_DATA=
SCALE_PG_BIN=

scale_log() { echo "== $*" >&2; }

scale_apt_install() {
    local sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    scale_log "installing Debian packages: $*"
    $sudo apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# A TCP port nothing listens on, from the kernel.
scale_free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        local p
        while :; do
            p=$((20000 + RANDOM % 40000))
            (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
        done
    fi
}

scale_wait_port() { # port seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# Runs a PostgreSQL server program as a user it accepts.
scale_as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

scale_find_pg_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v initdb)")"
    fi
}

scale_start_postgres() {
    SCALE_PG_BIN=$(scale_find_pg_bin)
    if [ -z "$SCALE_PG_BIN" ]; then
        scale_apt_install postgresql
        SCALE_PG_BIN=$(scale_find_pg_bin)
    fi
    [ -n "$SCALE_PG_BIN" ] || { echo "no initdb/pg_ctl found" >&2; return 1; }
    local dir="$SCALE_TMP/pg" port
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    SCALE_PG_DATA="$dir/data"
    scale_as_pg "$SCALE_PG_BIN/initdb" -D "$SCALE_PG_DATA" -U wirecode --auth=trust \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        scale_as_pg "$SCALE_PG_BIN/initdb" -D "$SCALE_PG_DATA" -U wirecode --auth=trust \
            -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; return 1; }
    port=$(scale_free_port)
    SCALE_PG_OPTS="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=50"
    scale_as_pg "$SCALE_PG_BIN/pg_ctl" -D "$SCALE_PG_DATA" -l "$dir/server.log" \
        -o "$SCALE_PG_OPTS" -w -t 60 start >/dev/null ||
        { cat "$dir/server.log" >&2; return 1; }
    "$SCALE_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U wirecode wirecode
    WIRECODE_PG_URL="postgres://wirecode@127.0.0.1:$port/wirecode"
    export WIRECODE_PG_URL
    scale_log "PostgreSQL $("$SCALE_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $SCALE_PG_DATA)"
}

scale_restart_postgres() {
    scale_as_pg "$SCALE_PG_BIN/pg_ctl" -D "$SCALE_PG_DATA" -l "$SCALE_TMP/pg/server.log" \
        -o "$SCALE_PG_OPTS" -m fast -w -t 60 restart >/dev/null
}

scale_start_nats() {
    command -v nats-server >/dev/null || scale_apt_install nats-server
    local port
    port=$(scale_free_port)
    mkdir -p "$SCALE_TMP/nats"
    nats-server -a 127.0.0.1 -p "$port" -js -sd "$SCALE_TMP/nats/js" \
        -l "$SCALE_TMP/nats/server.log" &
    SCALE_NATS_PID=$!
    scale_wait_port "$port" 30 || { cat "$SCALE_TMP/nats/server.log" >&2; return 1; }
    WIRECODE_NATS_URL="nats://127.0.0.1:$port"
    export WIRECODE_NATS_URL
    scale_log "nats-server $(nats-server --version | awk '{print $2}') with JetStream on 127.0.0.1:$port"
}

# Stops both servers and removes the directory. Never fails (it runs from
# an EXIT trap under set -e): a server already gone is fine.
scale_stop() {
    if [ -n "$SCALE_NATS_PID" ]; then
        kill "$SCALE_NATS_PID" 2>/dev/null || true
        wait "$SCALE_NATS_PID" 2>/dev/null || true
        SCALE_NATS_PID=
    fi
    if [ -n "$SCALE_PG_DATA" ] && [ -f "$SCALE_PG_DATA/postmaster.pid" ]; then
        scale_as_pg "$SCALE_PG_BIN/pg_ctl" -D "$SCALE_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    SCALE_PG_DATA=
    if [ -n "${SCALE_KEEP:-}" ]; then
        scale_log "kept $SCALE_TMP (SCALE_KEEP is set)"
    else
        rm -rf "$SCALE_TMP"
    fi
    return 0
}

# N synthetic wire stories in DIR (a00000.txt ...), built from the bundled
# examples: a URL line with a date (dates spread over a year), "Story k:" and
# an example's headline, two of its paragraphs (rotating), and a line with
# the story's number, so every article is distinct (about 120-220 words).
scale_make_articles() { # DIR N
    local dir=$1 n=$2 e i k c a b
    local examples=(examples/port-city-protests.txt examples/sahel-ceasefire-talks.txt
        examples/security-council-veto.txt)
    local -a head paras count lines ps
    mkdir -p "$dir"
    for e in 0 1 2; do
        # Paragraphs after the URL line and the headline, separated by blank lines.
        mapfile -t lines <"${examples[$e]}"
        head[$e]=${lines[2]}
        ps=()
        for ((i = 4; i < ${#lines[@]}; i++)); do
            [ -n "${lines[$i]}" ] && ps+=("${lines[$i]}")
        done
        count[$e]=${#ps[@]}
        for ((i = 0; i < ${#ps[@]}; i++)); do paras[$((e * 100 + i))]=${ps[$i]}; done
    done
    for ((k = 0; k < n; k++)); do
        e=$((k % 3))
        c=${count[$e]}
        a=$(((k / 3) % c))
        b=$(((k / 3 + 1) % c))
        printf 'https://news.example.org/2026/%02d/%02d/story-%d\n\nStory %d: %s\n\n%s\n\n%s\n\nThe wire filed this as story number %d.\n' \
            $((1 + (k / 28) % 12)) $((1 + k % 28)) "$k" "$k" "${head[$e]}" \
            "${paras[$((e * 100 + a))]}" "${paras[$((e * 100 + b))]}" "$k" \
            >"$dir/$(printf 'a%05d.txt' "$k")"
    done
}
