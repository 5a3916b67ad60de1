#!/usr/bin/env bash
# bench/count.sh: what one proxied request costs Gatehouse, in numbers that do not depend on how
# busy the machine is: user-space instructions (valgrind --tool=callgrind) and system calls
# (strace -c), per request, over a fixed number of sequential requests after a warm-up.
#
#   bench/count.sh                                  JSON and SSE, the default gatehouse
#   VARIANTS='|QT_NO_GLIB=1' bench/count.sh         also gatehouse with QT_NO_GLIB=1, side by side
#   COUNT_N=1000 COUNT_MODES=json TOP=30 bench/count.sh
#   BUILD_DIR=build-bench bench/count.sh            use an existing build
#
# VARIANTS: '|'-separated list of environments (NAME=VALUE words) to run gatehouse with; the
# empty one is the default. For the first variant and each mode it also prints the top
# functions by inclusive and by self instruction count (callgrind_annotate), i.e. where the
# time of a request goes in user space. Kernel time is not in the instruction count; the
# system-call count stands for it. Needs valgrind and strace.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${COUNT_N:-1000}
WARMUP=${COUNT_WARMUP:-300}
MODES=${COUNT_MODES:-"json sse"}
TOP=${TOP:-25}
VARIANTS=${VARIANTS:-""}
for tool in valgrind callgrind_annotate callgrind_control strace node; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

ensure_build
setup_work
start_mock mock --threads 2
write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/100/events/20"

drive() { # url mode count warmup
    local stream=()
    [[ "$2" == sse ]] && stream=(--stream)
    node "$BENCH_DIR/latency.mjs" seq "${stream[@]}" --n "$3" --warmup "$4" --target "g=$1" >/dev/null
}

stop_gatehouse() {
    kill "$GH_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$GH_PID" 2>/dev/null || break; sleep 0.1; done
    wait "$GH_PID" 2>/dev/null || true
}

# callgrind_annotate's function list, without the library paths, one line per function. In a
# dump taken mid-run the frames that were on the stack at the dump (thread start, event loop)
# show their whole inclusive cost as self cost: they are left out of the self list.
top_functions() { # --inclusive=yes|no dump
    set +o pipefail # head closes the pipe early
    callgrind_annotate --threshold=100 "$1" "$2" 2>/dev/null \
        | awk '/^Ir +file:function/ { on = 1; getline; next } on && NF == 0 { exit } on' \
        | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://' \
        | if [[ "$1" == --inclusive=no ]]; then
              grep -v -E 'clone\.S:clone|start_thread|QThread::(exec|run)|below main|libc_start|QCoreApplication::exec|  main$|0x0000000000259190|0x000000000001ab70'
          else cat; fi \
        | head -n "$TOP" | cut -c1-160
    set -o pipefail
}

IFS='|' read -r -a variants <<<"$VARIANTS"
[[ ${#variants[@]} -eq 0 ]] && variants=("")
results=()
first=1
for variant in "${variants[@]}"; do
    label=${variant:-default}
    for mode in $MODES; do
        # --- instructions: callgrind, counters zeroed after the warm-up, dumped after N requests
        local_out="$WORK/cg-${#results[@]}"
        # shellcheck disable=SC2086 # the variant is a list of NAME=VALUE words
        write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/100/events/20" # a run moves the key to a keychain the next run cannot read
        GH_START_TIMEOUT=120 start_gatehouse "cg-${#results[@]}" "$WORK/data" env $variant \
            valgrind --tool=callgrind --callgrind-out-file="$local_out" --dump-instr=no
        url="http://127.0.0.1:$GH_PORT/v1/chat/completions"
        drive "$url" "$mode" "$WARMUP" 0
        callgrind_control -d "$GH_PID" >/dev/null # dumps and zeroes: the next dump is the N requests
        drive "$url" "$mode" "$N" 0
        callgrind_control -d "$GH_PID" >/dev/null
        stop_gatehouse
        dump=$(ls "$local_out".2 2>/dev/null)
        [[ -n "$dump" ]] || die "no callgrind dump in $WORK"
        ir=$(awk '/^summary:|^totals:/ { print $2; exit }' "$dump")

        # --- system calls: strace -c over N requests on a normal gatehouse
        write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/100/events/20"
        # shellcheck disable=SC2086
        start_gatehouse "st-${#results[@]}" "$WORK/data" env $variant
        url="http://127.0.0.1:$GH_PORT/v1/chat/completions"
        drive "$url" "$mode" "$WARMUP" 0
        strace -c -f -p "$GH_PID" -o "$WORK/strace.txt" 2>/dev/null &
        strace_pid=$!
        sleep 0.5
        drive "$url" "$mode" "$N" 0
        sleep 0.3
        kill -INT "$strace_pid"
        wait "$strace_pid" 2>/dev/null || true
        stop_gatehouse
                # Columns: % time, seconds, usecs/call, calls, [errors], syscall.
        calls=$(awk -v n="$N" '$1 ~ /^[0-9.]+$/ && $NF ~ /^[a-z_0-9]+$/ && $NF != "total" && $4 / n >= 0.05 {
                   tot += $4; printf "%s %.1f, ", $NF, $4 / n }
                   $1 ~ /^[0-9.]+$/ && $NF != "total" && $4 / n < 0.05 { tot += $4 }
                   END { printf "| %.1f", tot / n }' "$WORK/strace.txt")
        results+=("$label|$mode|$ir|$calls")

        if [[ $first == 1 ]]; then
            echo "## $label, $mode: top $TOP functions by inclusive instructions (callgrind, $N requests; % of all)"
            top_functions --inclusive=yes "$dump"
            echo
            echo "## $label, $mode: top $TOP functions by self instructions"
            top_functions --inclusive=no "$dump"
            echo
        fi
    done
    first=0
done

echo "## Per request ($N sequential requests after $WARMUP of warm-up)"
echo
echo "| gatehouse run with | mode | user-space instructions | system calls by kind | system calls |"
echo "|---|---|---:|---|---:|"
for r in "${results[@]}"; do
    IFS='|' read -r label mode ir calls total <<<"$r"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$mode" \
        "$(awk -v i="$ir" -v n="$N" 'BEGIN { printf "%.0f", i / n }')" "${calls%, }" "$total"
done
