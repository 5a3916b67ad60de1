# bench/lib.sh: shared pieces of bench/run.sh and bench/profile.sh (sourced, not run).
# Starts the mock provider, nginx (the reference reverse proxy) and Gatehouse on free loopback
# ports inside one temporary folder, and stops exactly the processes it started on exit.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Builds gatehouse and the mock (Release, no GUI, only the tests/support folder) unless
# BUILD_DIR names an existing build; sets BIN.
ensure_build() {
    if [[ -n "${BUILD_DIR:-}" ]]; then
        BIN="$BUILD_DIR/bin"
    else
        BUILD_DIR="$ROOT/build-bench"
        BIN="$BUILD_DIR/bin"
        log "building gatehouse and gatehouse-mock-provider (Release) in $BUILD_DIR"
        if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
            cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
                -DGATEHOUSE_BUILD_GUI=OFF -DGATEHOUSE_TEST_DIRS=support >"$BUILD_DIR.configure.log" 2>&1 \
                || die "cmake configure failed (see $BUILD_DIR.configure.log)"
        fi
        cmake --build "$BUILD_DIR" --target gatehouse gatehouse-mock-provider >"$BUILD_DIR.build.log" 2>&1 \
            || die "build failed (see $BUILD_DIR.build.log)"
    fi
    [[ -x "$BIN/gatehouse" && -x "$BIN/gatehouse-mock-provider" ]] \
        || die "no gatehouse / gatehouse-mock-provider in $BIN"
}

# Processes this script started; cleanup stops them (by PID, nothing else) and removes WORK.
PIDS=()
WORK=""
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    PIDS=()
    if [[ -n "$WORK" && -d "$WORK" && -z "${KEEP_WORK:-}" ]]; then
        rm -rf "$WORK"
    fi
}

setup_work() {
    WORK=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # 1,000 streams through a proxy: 2,000+ sockets in the proxy, as many in the client.
    local hard
    hard=$(ulimit -Hn)
    if [[ "$hard" == unlimited || "$hard" -gt 65536 ]]; then hard=65536; fi
    ulimit -n "$hard" || true
}

free_port() {
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_port() { # port [seconds]
    local port=$1 tries=$(( ${2:-10} * 20 ))
    for ((i = 0; i < tries; ++i)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    return 1
}

# start_mock NAME [flags...]: sets MOCK_PORT.
start_mock() {
    local name=$1; shift
    "$BIN/gatehouse-mock-provider" --port 0 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PIDS+=($!)
    MOCK_PID=$!
    for _ in $(seq 100); do
        MOCK_PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/$name.out" | head -n1)
        [[ -n "$MOCK_PORT" ]] && return 0
        sleep 0.05
    done
    die "the mock did not start: $(cat "$WORK/$name.err")"
}

# start_nginx UPSTREAM_PORT: nginx as a reverse proxy in front of the mock; sets NGINX_PORT,
# NGINX_PID (the master; its workers are its children).
start_nginx() {
    local upstream=$1
    NGINX_PORT=$(free_port)
    mkdir -p "$WORK/nginx"
    cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 65536;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    upstream mock {
        server 127.0.0.1:$upstream;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://mock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Authorization "Bearer bench-key";
            proxy_buffering off;
            proxy_read_timeout 60s;
        }
    }
}
EOF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" -g 'daemon off;' \
        >"$WORK/nginx/stdout" 2>&1 &
    PIDS+=($!)
    NGINX_PID=$!
    wait_port "$NGINX_PORT" 10 || die "nginx did not start: $(cat "$WORK/nginx/error.log")"
}

# write_config DIR MOCK_PORT SLOW_PATH: the routes the benchmark uses.
#   /v1/chat/completions            ai-proxy to the mock (JSON or SSE as the request asks)
#   /slow/v1/chat/completions       ai-proxy to the mock's paced SSE (SLOW_PATH)
#   /failover/v1/chat/completions   ai-proxy-multi: "failing" (429 at once, tried first), then "healthy"
#   /failover-breaker/v1/chat/...   the same, but the 429 has no Retry-After: the breaker opens
#   /healthy-first/v1/chat/...      the same two instances, "healthy" tried first
write_config() {
    local dir=$1 port=$2 slow=$3
    local auth='"auth":{"header":{"Authorization":"Bearer bench-key"}}'
    local ok="http://127.0.0.1:$port"
    # "Retry-After: 0": the instance fails every time, but Gatehouse's passive health (a breaker
    # that skips an instance after 3 failures) is told it may try again at once, so every request
    # really pays for a failover. Without it the breaker skips the instance after 3 requests.
    local bad="http://127.0.0.1:$port/status/429/retry-after/0/v1/chat/completions"
    mkdir -p "$dir"
    cat >"$dir/config.json" <<EOF
{"schema_version": 1, "routes": [
 {"id":"bench","paths":["/v1/chat/completions"],
  "plugins":{"ai-proxy":{"provider":"openai-compatible",$auth,"override":{"endpoint":"$ok"}}}},
 {"id":"slow","paths":["/slow/v1/chat/completions"],
  "plugins":{"ai-proxy":{"provider":"openai-compatible",$auth,
   "override":{"endpoint":"http://127.0.0.1:$port$slow/v1/chat/completions"}}}},
 {"id":"failover","paths":["/failover/v1/chat/completions"],
  "plugins":{"ai-proxy-multi":{"fallback_strategy":["http_429","http_5xx"],"instances":[
   {"name":"failing","provider":"openai-compatible","weight":1,"priority":1,$auth,"override":{"endpoint":"$bad"}},
   {"name":"healthy","provider":"openai-compatible","weight":1,"priority":0,$auth,"override":{"endpoint":"$ok"}}]}}},
 {"id":"failover-breaker","paths":["/failover-breaker/v1/chat/completions"],
  "plugins":{"ai-proxy-multi":{"fallback_strategy":["http_429","http_5xx"],"instances":[
   {"name":"failing","provider":"openai-compatible","weight":1,"priority":1,$auth,"override":{"endpoint":"http://127.0.0.1:$port/status/429/v1/chat/completions"}},
   {"name":"healthy","provider":"openai-compatible","weight":1,"priority":0,$auth,"override":{"endpoint":"$ok"}}]}}},
 {"id":"healthy-first","paths":["/healthy-first/v1/chat/completions"],
  "plugins":{"ai-proxy-multi":{"fallback_strategy":["http_429","http_5xx"],"instances":[
   {"name":"failing","provider":"openai-compatible","weight":1,"priority":0,$auth,"override":{"endpoint":"$bad"}},
   {"name":"healthy","provider":"openai-compatible","weight":1,"priority":1,$auth,"override":{"endpoint":"$ok"}}]}}}
]}
EOF
}

# start_gatehouse NAME DATA_DIR [wrapper...]: sets GH_PORT, GH_PID. The request log (one line per
# request, on by default) goes to $WORK/NAME.log, as it would to a file for a service.
start_gatehouse() {
    local name=$1 data=$2
    shift 2
    GH_PORT=$(free_port)
    local admin
    admin=$(free_port)
    "$@" "$BIN/gatehouse" --headless --data-dir "$data" --listen "127.0.0.1:$GH_PORT" \
        --admin-listen "127.0.0.1:$admin" >"$WORK/$name.out" 2>"$WORK/$name.log" &
    PIDS+=($!)
    GH_PID=$!
    wait_port "$GH_PORT" "${GH_START_TIMEOUT:-10}" || die "gatehouse did not start: $(tail -n5 "$WORK/$name.log")"
}

# CPU time (clock ticks, user + system, all threads) of the given processes.
cpu_ticks() {
    local t=0 p
    for p in "$@"; do
        [[ -r "/proc/$p/stat" ]] || continue
        t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat") ))
    done
    echo "$t"
}

proc_kb() { # pid field (VmRSS, VmHWM)
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }

# The kernel's count of connections dropped because a listen queue was full (system-wide).
listen_overflows() {
    awk '$1 == "TcpExt:" { if (!h) { for (i = 2; i <= NF; ++i) n[i] = $i; h = 1 }
                           else { for (i = 2; i <= NF; ++i) if (n[i] == "ListenOverflows") print $i } }' \
        /proc/net/netstat
}

# Busy CPU time of the whole machine, in clock ticks (user, nice, system, irq, softirq, steal).
machine_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# CPU time (ticks) of this shell's finished children (bash `times`, second line), into the variable
# named $1. `times` must run in this shell, not in a $(...) subshell, to see this shell's children.
children_ticks() {
    times >"$WORK/.times"
    printf -v "$1" '%s' "$(tail -n1 "$WORK/.times" | awk -v hz="$(getconf CLK_TCK)" '{
        t = 0
        for (i = 1; i <= 2; ++i) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
        printf "%d\n", t * hz }')"
}
