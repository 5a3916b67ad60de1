#!/usr/bin/env bash
# bench/run.sh: the Gatehouse proxy benchmark (issue 3 "Benchmark", issue 4 failover cost).
#
#   bench/run.sh                     full run, about 4 minutes
#   QUICK=1 bench/run.sh             smoke run, under a minute (1 round of 1 s, fewer samples)
#   BUILD_DIR=build-bench bench/run.sh   use an existing build instead of building
#
# What it does, all on 127.0.0.1, in one run:
#   1. builds gatehouse + gatehouse-mock-provider (Release, headless; unless BUILD_DIR is given),
#   2. starts the mock provider, nginx as a reverse proxy in front of it (the reference; config
#      written to a temp folder: upstream keep-alive, HTTP/1.1, proxy_buffering off, access_log
#      off, 2 workers) and `gatehouse --headless` with routes to the mock,
#   3. wrk, INTERLEAVED: for each round, mode (JSON, SSE) and connection count (1, 16, 64) it
#      runs direct -> nginx -> gatehouse back to back (the order rotates each round), so that
#      background noise hits all three alike; the table keeps the median over the rounds,
#   4. time to the first SSE body byte, sequential requests interleaved direct/nginx/gatehouse
#      (bench/latency.mjs seq --stream),
#   5. failover cost (issue 4): a route whose first instance answers 429 at once (with
#      "Retry-After: 0", so that the passive-health breaker lets every request try it) and whose
#      second answers 200, against the same route with the healthy instance first, and the 429
#      answer's own time straight from the mock; plus the same route with a plain 429, where the
#      breaker soon skips the failing instance,
#   6. 1,000 concurrent slow streams (the mock paces its SSE events): with bench/latency.mjs
#      streams (checks every stream ends in [DONE] with no error event) straight to the mock (the
#      control) and through gatehouse, then wrk -c1000 through nginx and through gatehouse,
#   7. gatehouse's VmRSS after start-up (idle) and after the load,
#   and prints Markdown tables (the same text is in $RESULTS_DIR/report.md when RESULTS_DIR is set).
#
# Knobs (environment): QUICK, BUILD_DIR, ROUNDS (5), DURATION (seconds per wrk cell, 2),
#   CONNS ("1 16 64"), MODES ("json sse"), MOCK_THREADS (2), SLOW_STREAMS (1000),
#   SLOW_PACE_MS (100), SLOW_EVENTS (30), SLOW_RAMP_MS (500: the streams open over this long),
#   SLOW_WRK_S (9), TTFB_N (2000), FAILOVER_N (1000), RESULTS_DIR (keep the raw outputs and the
#   report there), KEEP_WORK (keep the temp folder), GH_ENV (NAME=VALUE words put in gatehouse's
#   environment, for experiments, e.g. GH_ENV="QT_LOGGING_RULES=gatehouse.requests.info=false"),
#   GH_WRAP (a command gatehouse runs under, e.g. "env LD_PRELOAD=..."), PARTS (which steps to
#   run, default "wrk ttfb failover streams"), VARIANT_ENV / VARIANT_WRAP (start a second
#   gatehouse with this environment / wrapper and measure it as a fourth target, "variant", in
#   the wrk matrix, interleaved with the others: an A/B test that background noise hits alike).
# Needs: cmake + ninja (to build), wrk, nginx, node, curl.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The command line to print with the tables: the knobs that were set, then the script.
COMMAND=""
for knob in QUICK BUILD_DIR ROUNDS DURATION CONNS MODES MOCK_THREADS SLOW_STREAMS SLOW_PACE_MS \
            SLOW_EVENTS SLOW_RAMP_MS SLOW_WRK_S TTFB_N FAILOVER_N GH_ENV GH_WRAP VARIANT_ENV \
            VARIANT_WRAP PARTS; do
    if [[ -n "${!knob:-}" ]]; then
        v=${!knob}
        [[ "$v" =~ [[:space:]] ]] && v="\"$v\""
        COMMAND+="$knob=$v "
    fi
done
COMMAND+="bench/run.sh"

QUICK=${QUICK:-}
if [[ -n "$QUICK" ]]; then
    ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-1}
    TTFB_N=${TTFB_N:-300}; FAILOVER_N=${FAILOVER_N:-200}
    SLOW_PACE_MS=${SLOW_PACE_MS:-100}; SLOW_EVENTS=${SLOW_EVENTS:-10}; SLOW_WRK_S=${SLOW_WRK_S:-3}
else
    ROUNDS=${ROUNDS:-5}; DURATION=${DURATION:-2}
    TTFB_N=${TTFB_N:-2000}; FAILOVER_N=${FAILOVER_N:-1000}
    SLOW_PACE_MS=${SLOW_PACE_MS:-100}; SLOW_EVENTS=${SLOW_EVENTS:-30}; SLOW_WRK_S=${SLOW_WRK_S:-9}
fi
CONNS=${CONNS:-"1 16 64"}
MODES=${MODES:-"json sse"}
MOCK_THREADS=${MOCK_THREADS:-2}
SLOW_STREAMS=${SLOW_STREAMS:-1000}
SLOW_RAMP_MS=${SLOW_RAMP_MS:-500}
GH_ENV=${GH_ENV:-}
GH_WRAP=${GH_WRAP:-}
VARIANT_ENV=${VARIANT_ENV:-}
VARIANT_WRAP=${VARIANT_WRAP:-}
PARTS=${PARTS:-"wrk ttfb failover streams"}
want() { [[ " $PARTS " == *" $1 "* ]]; }

for tool in wrk nginx node curl; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh installs it)"
done

started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
ensure_build
setup_work
CLK_TCK=$(getconf CLK_TCK)
NPROC=$(nproc)

# --- the three targets --------------------------------------------------------------------------
start_mock mock --threads "$MOCK_THREADS"
MOCK_MAIN_PID=$MOCK_PID
start_nginx "$MOCK_PORT"
write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/$SLOW_PACE_MS/events/$SLOW_EVENTS"
TARGETS=(direct nginx gatehouse)
if [[ -n "$VARIANT_ENV$VARIANT_WRAP" ]]; then
    # A second gatehouse, the same build and routes, run differently: measured side by side.
    cp -r "$WORK/data" "$WORK/data-variant"
    # shellcheck disable=SC2086 # lists of words
    start_gatehouse variant "$WORK/data-variant" $VARIANT_WRAP env $VARIANT_ENV
    VARIANT_PORT=$GH_PORT
    VARIANT_PID=$GH_PID
    TARGETS+=(variant)
fi
# shellcheck disable=SC2086 # GH_ENV is a list of NAME=VALUE words for env
start_gatehouse gatehouse "$WORK/data" $GH_WRAP env $GH_ENV
log "mock :$MOCK_PORT (pid $MOCK_MAIN_PID), nginx :$NGINX_PORT (pid $NGINX_PID), gatehouse :$GH_PORT (pid $GH_PID)${VARIANT_PID:+, variant :$VARIANT_PORT (pid $VARIANT_PID)}"

PATH_CHAT=/v1/chat/completions
declare -A URL=(
    [direct]="http://127.0.0.1:$MOCK_PORT$PATH_CHAT"
    [nginx]="http://127.0.0.1:$NGINX_PORT$PATH_CHAT"
    [gatehouse]="http://127.0.0.1:$GH_PORT$PATH_CHAT"
    [variant]="http://127.0.0.1:${VARIANT_PORT:-0}$PATH_CHAT"
)

sleep 1
{
    echo "startup_rss_kb $(proc_kb "$GH_PID" VmRSS)"
    echo "startup_threads $(awk '$1 == "Threads:" { print $2 }' "/proc/$GH_PID/status")"
} >"$WORK/rss.txt"

for t in "${TARGETS[@]}"; do
    code=$(curl -s -o "$WORK/check-$t.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' "${URL[$t]}")
    [[ "$code" == 200 ]] || die "$t answered $code: $(cat "$WORK/check-$t.json")"
done

# --- wrk matrix ---------------------------------------------------------------------------------
# One cell: wrk against a target; appends a row to wrk.tsv with the proxy's and the mock's CPU
# time per request (µs) measured from /proc around the run.
run_cell() { # round mode conns target
    local round=$1 mode=$2 conns=$3 target=$4
    local script="$BENCH_DIR/post.lua"
    [[ "$mode" == sse ]] && script="$BENCH_DIR/post_stream.lua"
    local threads=$(( conns < 2 ? 1 : 2 ))
    local proxy_pids=() ours=("$GH_PID" "$MOCK_MAIN_PID" ${VARIANT_PID:+"$VARIANT_PID"})
    read -r -a nginx <<<"$(nginx_pids)"
    ours+=("${nginx[@]}")
    case $target in
        nginx) proxy_pids=("${nginx[@]}") ;;
        gatehouse) proxy_pids=("$GH_PID") ;;
        variant) proxy_pids=("$VARIANT_PID") ;;
    esac
    local p0 m0 o0 b0 w0 t0 p1 m1 o1 b1 w1 t1 out
    p0=$(cpu_ticks "${proxy_pids[@]}"); m0=$(cpu_ticks "$MOCK_MAIN_PID"); o0=$(cpu_ticks "${ours[@]}")
    b0=$(machine_busy_ticks); children_ticks w0; t0=$(date +%s%N)
    out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 5s -s "$script" "${URL[$target]}" 2>&1) \
        || die "wrk failed: $out"
    p1=$(cpu_ticks "${proxy_pids[@]}"); m1=$(cpu_ticks "$MOCK_MAIN_PID"); o1=$(cpu_ticks "${ours[@]}")
    b1=$(machine_busy_ticks); children_ticks w1; t1=$(date +%s%N)
    # CPU used on the machine by anything but the mock, nginx, gatehouse and wrk (in % of all
    # cores over the cell): the background load this cell ran under.
    local other=$(( (b1 - b0) - (o1 - o0) - (w1 - w0) ))
    local other_pct=$(( other * 100 * 1000000000 / ( (t1 - t0) * CLK_TCK * NPROC ) ))
    local line
    line=$(grep '^WRK_RESULT' <<<"$out") || die "no result from wrk: $out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s other_cpu_pct=%s\n' "$round" "$mode" "$conns" "$target" \
        "$(( p1 - p0 ))" "$(( m1 - m0 ))" "${line#WRK_RESULT }" "$other_pct" >>"$WORK/wrk.tsv"
}

# Background CPU over a step (as in run_cell): bg_begin before, bg_end NAME after; appends
# "bg_NAME PCT" to rss.txt.
bg_begin() {
    read -r -a BG_OURS <<<"$GH_PID $MOCK_MAIN_PID ${VARIANT_PID:-} $(nginx_pids)"
    BG_O0=$(cpu_ticks "${BG_OURS[@]}"); BG_B0=$(machine_busy_ticks); children_ticks BG_W0; BG_T0=$(date +%s%N)
}
bg_end() {
    local o1 b1 w1 t1
    o1=$(cpu_ticks "${BG_OURS[@]}"); b1=$(machine_busy_ticks); children_ticks w1; t1=$(date +%s%N)
    echo "bg_$1 $(( ((b1 - BG_B0) - (o1 - BG_O0) - (w1 - BG_W0)) * 100 * 1000000000 / ((t1 - BG_T0) * CLK_TCK * NPROC) ))" \
        >>"$WORK/rss.txt"
}

part_wrk() {
    log "warm-up"
    local t round mode conns k
    for t in "${TARGETS[@]}"; do
        wrk -t2 -c16 -d1s -s "$BENCH_DIR/post.lua" "${URL[$t]}" >/dev/null
        wrk -t2 -c16 -d1s -s "$BENCH_DIR/post_stream.lua" "${URL[$t]}" >/dev/null
    done
    : >"$WORK/wrk.tsv"
    for ((round = 1; round <= ROUNDS; ++round)); do
        log "round $round/$ROUNDS: ${MODES} x conns ${CONNS} x ${TARGETS[*]}, ${DURATION}s each"
        for mode in $MODES; do
            for conns in $CONNS; do
                for ((k = 0; k < ${#TARGETS[@]}; ++k)); do # the order rotates each round
                    run_cell "$round" "$mode" "$conns" "${TARGETS[$(( (k + round - 1) % ${#TARGETS[@]} ))]}"
                done
            done
        done
    done
}

# --- time to first SSE byte -----------------------------------------------------------------------
part_ttfb() {
    log "time to first byte: $TTFB_N sequential streams per target, interleaved"
    bg_begin
    node "$BENCH_DIR/latency.mjs" seq --stream --n "$TTFB_N" --warmup 100 \
        --target "direct=${URL[direct]}" --target "nginx=${URL[nginx]}" \
        --target "gatehouse=${URL[gatehouse]}" >"$WORK/ttfb.json"
    bg_end ttfb
}

# --- failover cost (issue 4) --------------------------------------------------------------------
part_failover() {
    log "failover: $FAILOVER_N sequential requests per route, interleaved"
    bg_begin
    node "$BENCH_DIR/latency.mjs" seq --n "$FAILOVER_N" --warmup 100 \
        --target "mock_429=http://127.0.0.1:$MOCK_PORT/status/429/retry-after/0$PATH_CHAT" \
        --target "mock_200=${URL[direct]}" \
        --target "healthy_first=http://127.0.0.1:$GH_PORT/healthy-first$PATH_CHAT" \
        --target "failover=http://127.0.0.1:$GH_PORT/failover$PATH_CHAT" \
        --target "failover_breaker=http://127.0.0.1:$GH_PORT/failover-breaker$PATH_CHAT" >"$WORK/failover.json"
    bg_end failover
}

# --- 1,000 concurrent slow streams ----------------------------------------------------------------
part_streams() {
    local slow_url="http://127.0.0.1:$GH_PORT/slow$PATH_CHAT"
    local mock_url="http://127.0.0.1:$MOCK_PORT/sse/pace/$SLOW_PACE_MS/events/$SLOW_EVENTS$PATH_CHAT"
    local lo0 p0 p1 out
    log "$SLOW_STREAMS concurrent slow streams ($SLOW_EVENTS events, one per $SLOW_PACE_MS ms): mock directly, then through gatehouse"
    bg_begin
    lo0=$(listen_overflows)
    node "$BENCH_DIR/latency.mjs" streams --url "$mock_url" --concurrency "$SLOW_STREAMS" \
        --ramp-ms "$SLOW_RAMP_MS" --timeout-ms 60000 >"$WORK/streams-direct.json"
    echo "listen_overflows_streams_direct $(( $(listen_overflows) - lo0 ))" >>"$WORK/rss.txt"
    lo0=$(listen_overflows)
    node "$BENCH_DIR/latency.mjs" streams --url "$slow_url" --concurrency "$SLOW_STREAMS" \
        --ramp-ms "$SLOW_RAMP_MS" --timeout-ms 60000 >"$WORK/streams.json"
    echo "listen_overflows_streams $(( $(listen_overflows) - lo0 ))" >>"$WORK/rss.txt"
    echo "peak_rss_streams_kb $(proc_kb "$GH_PID" VmHWM)" >>"$WORK/rss.txt"
    bg_end streams

    # wrk -c1000: through nginx (the reference) and through gatehouse, the same paced stream.
    local target url pids
    for target in nginx gatehouse; do
        if [[ $target == nginx ]]; then
            url="http://127.0.0.1:$NGINX_PORT/sse/pace/$SLOW_PACE_MS/events/$SLOW_EVENTS$PATH_CHAT"
            read -r -a pids <<<"$(nginx_pids)"
        else
            url=$slow_url
            pids=("$GH_PID")
        fi
        log "wrk -c$SLOW_STREAMS for ${SLOW_WRK_S}s, slow streams through $target"
        bg_begin
        p0=$(cpu_ticks "${pids[@]}")
        lo0=$(listen_overflows)
        out=$(wrk -t2 -c"$SLOW_STREAMS" -d"${SLOW_WRK_S}s" --timeout 30s -s "$BENCH_DIR/post_stream.lua" \
            "$url" 2>&1) || die "wrk failed: $out"
        p1=$(cpu_ticks "${pids[@]}")
        bg_end "slow_$target"
        {
            echo "cpu_ticks $(( p1 - p0 ))"
            echo "listen_overflows $(( $(listen_overflows) - lo0 ))"
            echo "$out"
        } >"$WORK/slow-wrk-$target.txt"
    done
}

for part in wrk ttfb failover streams; do
    if want "$part"; then "part_$part"; fi
done

# --- memory after the load --------------------------------------------------------------------------
sleep 2
{
    echo "after_load_rss_kb $(proc_kb "$GH_PID" VmRSS)"
    echo "peak_rss_kb $(proc_kb "$GH_PID" VmHWM)"
    echo "after_load_threads $(awk '$1 == "Threads:" { print $2 }' "/proc/$GH_PID/status")"
} >>"$WORK/rss.txt"
kill -0 "$GH_PID" 2>/dev/null || die "gatehouse died during the run"

# --- report ---------------------------------------------------------------------------------------
{
    echo "elapsed_s $(( $(date +%s) - started ))"
    echo "clk_tck $CLK_TCK"
    echo "rounds $ROUNDS"
    echo "duration_s $DURATION"
    echo "slow $SLOW_STREAMS $SLOW_EVENTS $SLOW_PACE_MS $SLOW_WRK_S $SLOW_RAMP_MS"
    echo "mock_threads $MOCK_THREADS"
    echo "command $COMMAND"
    echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu $(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "kernel $(uname -r)"
    echo "load_start $load_start"
    echo "load_end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "other_busy $(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 20 && $2 !~ /^(gatehouse|nginx|wrk|node|ps)/ { printf "%s(%s%%) ", $2, $1 }')"
    echo "versions nginx $(nginx -v 2>&1 | sed 's|.*/||'), $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2), node $(node --version)"
} >"$WORK/meta.txt"
node "$BENCH_DIR/report.mjs" "$WORK" | tee "$WORK/report.md"
if [[ -n "${RESULTS_DIR:-}" ]]; then
    mkdir -p "$RESULTS_DIR"
    for f in wrk.tsv ttfb.json failover.json streams.json streams-direct.json slow-wrk-nginx.txt slow-wrk-gatehouse.txt rss.txt meta.txt report.md; do
        [[ -f "$WORK/$f" ]] && cp "$WORK/$f" "$RESULTS_DIR/"
    done
    log "raw results in $RESULTS_DIR"
fi
