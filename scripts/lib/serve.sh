# Shared by the scripts that drive `wirecode serve` (browser_test.sh,
# bench_page.sh, bench_api.sh): source it after defining `die` and `BIN`.
#
#   need_commands CMD...   installs the Debian packages of the same names
#                          that are missing (apt-get, as root in CI)
#   serve_in_tmp           makes $tmp, a temporary directory removed at exit
#                          together with the server started by start_serve
#   start_serve ARGS...    runs `$BIN serve ARGS... --addr 127.0.0.1:0`, waits
#                          until it answers and sets $url to its base URL,
#                          with a trailing slash (http://127.0.0.1:PORT/)

need_commands() {
    local need=() c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || need+=("$c")
    done
    if [ ${#need[@]} -gt 0 ]; then
        echo "== installing ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

serve_in_tmp() {
    tmp=$(mktemp -d)
    server_pid=
    trap _serve_cleanup EXIT
    trap 'exit 130' INT TERM
}

_serve_cleanup() {
    if [ -n "${server_pid:-}" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}

start_serve() {
    "$BIN" serve "$@" --addr 127.0.0.1:0 2>"$tmp/serve.log" &
    server_pid=$!
    url=
    for _ in $(seq 1 100); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.log" | head -n 1 || true)
        if [ -n "$url" ] && curl -fsS -o /dev/null "${url}api/openapi.json"; then return 0; fi
        kill -0 "$server_pid" 2>/dev/null || die "server exited: $(cat "$tmp/serve.log")"
        url=
        sleep 0.1
    done
    die "server did not answer within 10 s: $(cat "$tmp/serve.log")"
}
