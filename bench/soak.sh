#!/usr/bin/env bash
# EssayReader under write load for a long time (issue 6): scenario 2's 32 concurrent writers for
# SOAK (10 minutes), while readers read the essay page and its listing. Answers two questions:
#   - do reads stay normal while the writers write (latency and errors, against the same reads on
#     an idle app just before)?
#   - does memory stay flat (the app's resident set, sampled every SAMPLE seconds)?
#
#   bench/soak.sh        (from anywhere; after the README's set-up)
#
# The app runs as in bench/run.sh: Release, ReadyToRun, Production, a fresh database, on core 0; wrk
# on core 1. The writers make private highlights: public ones would pile up on the one essay
# (about 700 000 in ten minutes), and every reader's page and listing would carry them all, which
# measures an essay with 700 000 highlights rather than reads under writes. Writes at the rate
# scenario 2 reaches, on the same write path, make the same work and the same garbage.
# Writes bench/soak.md; raw output in bench/out/soak/. Knobs: SOAK (10m), READERS (4 connections),
# READ_RUN (50s of each minute), SAMPLE (5 s), APP_ENV as in run.sh.
set -euo pipefail

SOAK=${SOAK:-10m}
READERS=${READERS:-4}
READ_RUN=${READ_RUN:-50s}
SAMPLE=${SAMPLE:-5}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=$ROOT/bench/out/soak
REPORT=$SCRIPT_DIR/soak.md
LIB=$SCRIPT_DIR/lib
SLUG=why-a-moscow-beijing-axis-is-unlikely
PAGE=/essays/$SLUG
LIST=/api/essays/$SLUG/annotations

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$LIB/common.sh"
need wrk curl util-linux sqlite3 python3

minutes=$(awk -v d="$SOAK" 'BEGIN { n = d + 0; u = d; sub(/^[0-9.]+/, "", u); print (u == "m") ? n : (u == "s") ? n / 60 : (u == "h") ? n * 60 : -1 }')
[[ $minutes =~ ^[0-9]+$ && $minutes -ge 2 ]] || die "SOAK must be whole minutes, at least 2 (e.g. 10m), not $SOAK"

mkdir -p "$OUT"
rm -rf "${OUT:?}/wrk" "${OUT:?}/lib"
mkdir -p "$OUT/wrk" "$OUT/lib"
: >"$OUT/app.stderr.log"
publish_app
TMP=$(mktemp -d)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

APP_PORT=$(free_port)
start_app Warning "$OUT/app.log"
read -r status _ <<<"$(wait_for "$APP_URL$PAGE" "$APP_PID")"
[[ $status == 200 ]] || die "the essay page answered $status (logs in $OUT)"

say "signing up 32 writers"
python3 "$LIB/writers.py" "$APP_URL" "$SLUG" 32 "$OUT/lib" || die "could not prepare the writers (see above)"
python3 - "$OUT/lib/create.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    request = json.load(f)
request["visibility"] = "private"
with open(sys.argv[1], "w") as f:
    json.dump(request, f)
PY
export BENCH_LIB_OUT=$OUT/lib BENCH_READ_PATHS="$PAGE $LIST"

# read_run FILE DURATION: the readers for that long; prints "rps p50 p99 errors".
read_run() {
    WRK_CONNECTIONS=$READERS wrk_run "$1" "$2" "$APP_URL$PAGE" -s "$LIB/read.lua"
    wrk_stats "$1" | awk '{ print $1, $2, $3, $4 }'
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status"; }

say "warming up: reads, then writes"
read_run "$OUT/wrk/warm-read.txt" 20s >/dev/null
WRK_CONNECTIONS=32 wrk_run "$OUT/wrk/warm-write.txt" 20s "$APP_URL$LIST" -s "$LIB/create.lua"
say "reads on an idle app: $READERS connections for $READ_RUN"
read -r idle_rps idle_p50 idle_p99 idle_err <<<"$(read_run "$OUT/wrk/idle-read.txt" "$READ_RUN")"
say "  $idle_rps req/s, p50 $idle_p50 ms, p99 $idle_p99 ms, errors $idle_err"

rows_before=$(sqlite3 "$TMP/data-Warning/essayreader.db" "PRAGMA busy_timeout = 10000; SELECT count(*) FROM Annotations;" | tail -n 1)
say "soak: 32 writers for $SOAK, readers for $READ_RUN of every minute, memory every $SAMPLE s"
(
    start=$(now_ns)
    while kill -0 "$APP_PID" 2>/dev/null; do
        echo "$(( ($(now_ns) - start) / 1000000000 )) $(rss_mb)"
        sleep "$SAMPLE"
    done
) >"$OUT/rss.txt" &
SAMPLER=$!
taskset -c 1 wrk -t1 -c32 -d"$SOAK" --timeout 5s --latency -s "$LIB/create.lua" "$APP_URL$LIST" >"$OUT/wrk/writes.txt" 2>&1 &
WRITERS=$!
declare -a MINUTE_ROWS=()
for minute in $(seq 1 "$minutes"); do
    minute_start=$(now_ns)
    read -r rps p50 p99 err <<<"$(read_run "$OUT/wrk/read-$minute.txt" "$READ_RUN")"
    rss=$(rss_mb)
    MINUTE_ROWS+=("| $minute | $rss | $rps | $p50 | $p99 | $err |")
    say "  minute $minute: RSS $rss MB; reads $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $err"
    left=$(( 60000000000 - ($(now_ns) - minute_start) ))
    (( left <= 0 )) || sleep "$(awk -v n="$left" 'BEGIN { printf "%.3f", n / 1e9 }')"
done
wait "$WRITERS" || die "the writers' wrk failed (see $OUT/wrk/writes.txt)"
kill "$SAMPLER" 2>/dev/null || true
read -r w_rps w_p50 w_p99 w_err _ w_requests <<<"$(wrk_stats "$OUT/wrk/writes.txt")"
rows_after=$(sqlite3 "$TMP/data-Warning/essayreader.db" "PRAGMA busy_timeout = 10000; SELECT count(*) FROM Annotations;" | tail -n 1)
saved=$(( rows_after - rows_before ))
acknowledged=$(( w_requests - w_err ))
locked=$(grep -c -i "database is locked" "$OUT/app.log" || true)
errors_logged=$(grep -c '\[ERR\]\|"Level":"Error"\| ERR\] ' "$OUT/app.log" || true)
peak=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
stop "$APP_PID"; APP_PID=

# Memory: the least-squares slope of the samples after the first two minutes (MB per minute), and
# their first and last minute's averages.
read -r slope early late <<<"$(awk '$1 >= 120 { n++; x += $1 / 60; y += $2; xx += ($1 / 60) ^ 2; xy += $1 / 60 * $2; s[n] = $1; v[n] = $2 }
    END {
        if (n < 2) { print "? ? ?"; exit }
        b = (n * xy - x * y) / (n * xx - x * x)
        for (i = 1; i <= n; i++) { if (s[i] < s[1] + 60) { e += v[i]; ne++ } if (s[i] > s[n] - 60) { l += v[i]; nl++ } }
        printf "%.2f %.0f %.0f\n", b, e / ne, l / nl }' "$OUT/rss.txt")"
flat=$(awk -v b="$slope" -v e="$early" -v l="$late" 'BEGIN { print (b + 0 <= 1 && l <= e * 1.05) ? "flat" : "NOT FLAT" }')
worst_p99=$(printf '%s\n' "${MINUTE_ROWS[@]}" | awk -F'|' '{ if ($6 + 0 > m) m = $6 + 0 } END { print m + 0 }')
read_errors=$(printf '%s\n' "${MINUTE_ROWS[@]}" | awk -F'|' '{ e += $7 } END { print e + 0 }')

{
    echo "# Soak: reads and memory under 32 writers"
    echo
    echo "Written by \`bench/soak.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')."
    echo "$(nproc) cores, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo); load average $LOAD_START at the start, $LOAD_END at the end."
    echo "The app on core 0, wrk (writers and readers) on core 1; $SOAK of writes, readers ($READERS connections, the essay page and"
    echo "its listing in turn) for $READ_RUN of every minute."
    echo
    echo "## Verdict"
    echo
    echo "- Memory: **$flat** — $slope MB a minute after the first two minutes; $early MB in the first of those minutes, $late MB in the last; peak $peak MB."
    echo "- Reads under writes: p99 at worst $worst_p99 ms (idle app: $idle_p99 ms), $read_errors errors."
    echo "- Writes: $w_rps creates/s, p50 $w_p50 ms, p99 $w_p99 ms, $w_err errors; $acknowledged acknowledged, $saved rows saved; $locked \"database is locked\", $errors_logged errors logged."
    echo
    echo "## Reads alone, on the idle app"
    echo
    echo "| req/s | p50 ms | p99 ms | errors |"
    echo "|---:|---:|---:|---:|"
    echo "| $idle_rps | $idle_p50 | $idle_p99 | $idle_err |"
    echo
    echo "## Minute by minute, under the writers"
    echo
    echo "| minute | RSS MB | reads req/s | p50 ms | p99 ms | errors |"
    echo "|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${MINUTE_ROWS[@]}"
} >"$REPORT"
say "wrote ${REPORT#"$ROOT"/}"
(( saved >= acknowledged )) || die "$acknowledged writes were acknowledged but only $saved rows were saved"
