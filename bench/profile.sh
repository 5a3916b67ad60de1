#!/usr/bin/env bash
# bench/profile.sh: where gatehouse spends its CPU under load (perf, sampling the proxy process).
#
#   bench/profile.sh                         JSON, 64 connections, 8 s of perf record
#   PROFILE_MODE=sse PROFILE_CONNS=1 bench/profile.sh
#   BUILD_DIR=build-bench bench/profile.sh   use an existing build
#   CALLGRAPH=1 bench/profile.sh             also a DWARF call graph (children view; slower)
#   PROFILE_PATH=/slow/v1/chat/completions PROFILE_MODE=sse PROFILE_CONNS=1000 bench/profile.sh
#                                            the 1,000 slow streams (SSE paced by the mock)
#
# Starts the mock and gatehouse (as bench/run.sh does), drives gatehouse with wrk and samples it
# with `perf record`, then prints the top symbols by self time, the split by library (DSO), and
# the perf data path when KEEP_WORK is set. Needs perf (Debian: apt-get install linux-perf).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE=${PROFILE_MODE:-json}
CONNS=${PROFILE_CONNS:-64}
SECONDS_=${PROFILE_SECONDS:-8}
TOP=${PROFILE_TOP:-40}
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"

ensure_build
setup_work
start_mock mock --threads "${MOCK_THREADS:-2}"
write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/100/events/20"
start_gatehouse gatehouse "$WORK/data" ${GH_WRAP:-}
URL="http://127.0.0.1:$GH_PORT${PROFILE_PATH:-/v1/chat/completions}"
script="$BENCH_DIR/post.lua"
[[ "$MODE" == sse ]] && script="$BENCH_DIR/post_stream.lua"
threads=$(( CONNS < 2 ? 1 : 2 ))

wrk -t"$threads" -c"$CONNS" -d1s --timeout 30s -s "$script" "$URL" >/dev/null # warm-up
log "profiling gatehouse (pid $GH_PID): $MODE, $CONNS connections, ${SECONDS_}s"
cg_s=0; [[ -n "${CALLGRAPH:-}" ]] && cg_s=4
wrk -t"$threads" -c"$CONNS" -d"$(( SECONDS_ + cg_s + 2 ))s" --timeout 30s -s "$script" "$URL" >"$WORK/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 1
perf record -q -F 1999 -o "$WORK/perf.data" -p "$GH_PID" -- sleep "$SECONDS_" 2>"$WORK/perf.err" >/dev/null
if [[ -n "${CALLGRAPH:-}" ]]; then
    perf record -q -F 499 --call-graph dwarf,16384 -o "$WORK/perf-cg.data" -p "$GH_PID" -- sleep 3 \
        2>>"$WORK/perf.err" >/dev/null
fi
wait "$wrk_pid"
grep -E 'Requests/sec|WRK_RESULT' "$WORK/wrk.txt" >&2 || true
set +o pipefail # head closes the pipes below early

echo "## perf: self time by shared object (gatehouse, $MODE, $CONNS connections)"
perf report -i "$WORK/perf.data" --no-children --sort dso --stdio 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | head -n 15
echo
echo "## perf: top $TOP symbols by self time"
perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | head -n "$TOP"
if [[ -n "${CALLGRAPH:-}" ]]; then
    echo
    echo "## perf: top symbols including callees (DWARF call graph)"
    perf report -i "$WORK/perf-cg.data" --children --sort symbol --stdio -g none 2>/dev/null \
        | grep -v '^#' | grep -v '^$' | head -n "$TOP"
fi
[[ -n "${KEEP_WORK:-}" ]] && log "perf data in $WORK"
true
