#!/usr/bin/env bash
# bench/ledger_keepup.sh: does the usage ledger keep up with the proxy? (issue 8)
#
#   BUILD_DIR=build-bench bench/ledger_keepup.sh      # KEEPUP_S (20), KEEPUP_CONNS (64)
#
# Drives `gatehouse --headless` (ledger on, as always) with wrk for KEEPUP_S seconds, stops it
# gracefully, then counts the rows in its usage.sqlite against the requests wrk saw answered:
# every request must be a row, and the rate must stay above 5,000 requests/s. Needs python3 (its
# sqlite3 module) to count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECS=${KEEPUP_S:-20}
CONNS=${KEEPUP_CONNS:-64}
command -v python3 >/dev/null || die "python3 is needed to count the ledger's rows"
ensure_build
setup_work
start_mock mock --threads 2
write_config "$WORK/data" "$MOCK_PORT" "/sse/pace/100/events/20"
start_gatehouse gatehouse "$WORK/data"
out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 5s -s "$BENCH_DIR/post.lua" \
    "http://127.0.0.1:$GH_PORT/v1/chat/completions" 2>&1) || die "wrk failed: $out"
line=$(grep '^WRK_RESULT' <<<"$out") || die "no result from wrk: $out"
kill -TERM "$GH_PID"
wait "$GH_PID" 2>/dev/null || true
requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
errors=$(sed -n 's/.*err_status=\([0-9]*\) err_timeout=\([0-9]*\).*/status \1, timeout \2/p' <<<"$line")
rows=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from requests").fetchone()[0])' "$WORK/data/usage.sqlite")
rate=$(( requests / SECS ))
echo "wrk: $requests requests in ${SECS}s over $CONNS connections ($rate/s), errors: $errors"
echo "ledger rows after a graceful stop: $rows"
[[ "$rows" -ge "$requests" ]] || die "the ledger lost $(( requests - rows )) record(s)"
[[ "$rate" -ge 5000 ]] || log "note: the proxy served fewer than 5,000 requests/s on this machine"
echo "every answered request is in the ledger"
