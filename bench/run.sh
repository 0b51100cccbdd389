#!/usr/bin/env bash
# EssayReader's benchmark suite: every scenario of issue 5 beside the limit of the same machine.
#
#   bench/run.sh          (from the repo root, or from anywhere: it finds the root itself)
#
# Builds the app in Release and starts it with a fresh database; saves its essay page and serves the
# same bytes from Debian's nginx and from a bare Kestrel endpoint (bench/BareKestrel: no middleware,
# no logging); drives them with wrk on loopback, each server pinned to core 0 and wrk to core 1, each
# scenario RUNS times with the servers interleaved, medians reported. Scenarios (bench/README.md):
#   1. the anonymous essay page, warm (and its 304), against bare Kestrel and nginx; cold start;
#   2. annotation creates by 32 concurrent writers (WRITE_DURATION each run);
#   3. listing an essay holding 10 000 annotations, 200 a page, at 64 connections;
#   4. 10 000 annotations after a new version: the browser benchmark (tests/EssayReader.BrowserTests,
#      DenseAnnotationTests, Release), when Chromium is installed (BROWSER=0 skips it);
#   5. the app's peak working set over scenarios 1 to 3;
# and the page again with request logging on. Writes bench/results.md and bench/results.svg (the
# ratios); raw output and logs go to bench/out/ (ignored by git). About 12 minutes.
#
# Knobs (environment): DURATION (5s per run), WRITE_DURATION (60s per run of scenario 2), RUNS (3),
# CONNECTIONS (32), LIST_CONNECTIONS (64), WARMUP (2s per warm-up round), WARMUP_ROUNDS (at most 15
# for the app; it stops as soon as the app is warm, see warm_app), BROWSER (1), APP_ENV (more
# NAME=value settings for the app, split at spaces: APP_ENV="DOTNET_gcServer=0" tries a setting).
# Needs: the .NET 10 SDK, and Debian's nginx, wrk, curl, sqlite3 and python3 (installed here when
# missing and run as root); Chromium for scenario 4.
set -euo pipefail

DURATION=${DURATION:-5s}
WRITE_DURATION=${WRITE_DURATION:-60s}
LIST_CONNECTIONS=${LIST_CONNECTIONS:-64}
BROWSER=${BROWSER:-1}
WARMUP=${WARMUP:-2s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-15}
CONNECTIONS=${CONNECTIONS:-32}
RUNS=${RUNS:-3}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=$ROOT/bench/out
RESULTS=$SCRIPT_DIR/results.md
CHART=$SCRIPT_DIR/results.svg
LIB=$SCRIPT_DIR/lib
SLUG=why-a-moscow-beijing-axis-is-unlikely
PAGE=/essays/$SLUG

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$LIB/common.sh"

# ---------------------------------------------------------------- prerequisites
need nginx wrk curl util-linux sqlite3 python3
NGINX=$(find_nginx)

# child_pids PID: the children of a process (nginx's workers).
child_pids() {
    local pid=$1 f stat
    if [[ -r /proc/$pid/task/$pid/children ]]; then
        cat "/proc/$pid/task/$pid/children"
        return
    fi
    for f in /proc/[0-9]*/stat; do
        stat=$(cat "$f" 2>/dev/null) || continue
        stat=${stat##*) }
        [[ $(awk '{ print $2 }' <<<"$stat") == "$pid" ]] || continue
        f=${f#/proc/}
        echo "${f%/stat}"
    done
}

# jit_snapshot: "tid ticks" of the app's tiered-compilation threads, where .NET recompiles hot methods.
jit_snapshot() {
    local task
    for task in /proc/"$APP_PID"/task/*; do
        [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered Com"* ]] || continue
        echo "${task##*/} $(proc_ticks "$APP_PID/task/${task##*/}")"
    done
}

# jit_ticks BEFORE AFTER: CPU ticks those threads used in between (a thread may come and go).
jit_ticks() {
    awk -v before="$1" -v after="$2" 'BEGIN {
        n = split(before, b, "\n"); for (i = 1; i <= n; i++) { split(b[i], f, " "); old[f[1]] = f[2] }
        n = split(after, a, "\n"); for (i = 1; i <= n; i++) { split(a[i], f, " "); if (f[1] != "") d += f[2] - old[f[1]] }
        print d + 0 }'
}

# warm_app NAME URL [wrk args...]: load the app until its JIT has stopped recompiling. .NET first runs
# quickly compiled code, then recompiles the methods that turn out hot, in stages (instrumented, then
# optimised with the profile), on a background thread that on one busy core mostly gets its turn when
# the load pauses. CPU time per request sits on plateaus for rounds at a time before it drops, so the
# signal is that thread's CPU time: rounds of load and a 1 s pause, until three rounds in a row cost
# it at most 30 ms each. A fresh process needs about half a minute of this here.
warm_app() {
    local name=$1 url=$2 round before after used quiet=0
    shift 2
    for round in $(seq 1 "$WARMUP_ROUNDS"); do
        before=$(jit_snapshot)
        wrk_run "$OUT/wrk/$name-app-warmup-$round.txt" "$WARMUP" "$url" "$@"
        sleep 1
        after=$(jit_snapshot)
        used=$(jit_ticks "$before" "$after")
        if (( used * 1000 / CLK_TCK <= 30 )); then quiet=$(( quiet + 1 )); else quiet=0; fi
        if (( quiet >= 3 )); then
            say "  app warm after $round rounds of $WARMUP"
            R[$name:app:warm]="warm after $round rounds of warm-up"
            return 0
        fi
    done
    say "  app still recompiling after $WARMUP_ROUNDS rounds; measuring anyway"
    R[$name:app:warm]="STILL RECOMPILING after $WARMUP_ROUNDS rounds of warm-up"
}

# ---------------------------------------------------------------- scenarios
# Results, keyed "scenario:side:field": rps, p50, p99, cpu (us/request), share (% of core 0 the
# server used), others (% of core 0 used by anything else) hold one value per run; err is summed.
declare -A R

# scenario NAME SIDE URL ARGS [SIDE URL ARGS...]: a warm-up for each side (app, kestrel, nginx), then
# RUNS runs of each, interleaved so that a slow spell of the machine does not fall on one side only.
# ARGS: more wrk arguments, split at spaces, then %20 made a space (a header as -H Name:%20value: wrk
# reads a header's value from after ": "), a script as -s file.
# SCENARIO_DURATION (default DURATION) is each measured run's length.
scenario() {
    local name=$1 i k stats r p50 p99 e size requests pids ticks0 ticks1 c0 c1 busy total jit0='' jit1=''
    local duration=${SCENARIO_DURATION:-$DURATION}
    shift
    local -a sides=() urls=() extra=() args
    while (( $# )); do sides+=("$1"); urls+=("$2"); extra+=("$3"); shift 3; done
    say "scenario '$name': warm-up, then $RUNS x $duration on ${sides[*]}"
    for k in "${!sides[@]}"; do
        # shellcheck disable=SC2206 # split on purpose
        args=(${extra[k]})
        args=("${args[@]//%20/ }")
        if [[ ${sides[k]} == app ]]; then
            warm_app "$name" "${urls[k]}" "${args[@]}"
        else
            wrk_run "$OUT/wrk/$name-${sides[k]}-warmup.txt" 2s "${urls[k]}" "${args[@]}"
        fi
        R[$name:${sides[k]}:err]=0
    done
    for i in $(seq 1 "$RUNS"); do
        for k in "${!sides[@]}"; do
            # shellcheck disable=SC2206 # split on purpose
            args=(${extra[k]})
        args=("${args[@]//%20/ }")
            case ${sides[k]} in
                app) pids=$APP_PID ;;
                kestrel) pids=$KESTREL_PID ;;
                *) pids="$NGINX_PID $NGINX_WORKERS" ;;
            esac
            [[ ${sides[k]} != app ]] || jit0=$(jit_snapshot)
            # shellcheck disable=SC2086 # pids is a list
            ticks0=$(proc_ticks $pids); c0=$(core_ticks 0)
            wrk_run "$OUT/wrk/$name-${sides[k]}-$i.txt" "$duration" "${urls[k]}" "${args[@]}"
            # shellcheck disable=SC2086
            ticks1=$(proc_ticks $pids); c1=$(core_ticks 0)
            [[ ${sides[k]} != app ]] || jit1=$(jit_snapshot)
            stats=$(wrk_stats "$OUT/wrk/$name-${sides[k]}-$i.txt")
            read -r r p50 p99 e size requests <<<"$stats"
            read -r busy total < <(awk -v a="$c0" -v b="$c1" 'BEGIN { split(a, x, " "); split(b, y, " "); print y[1] - x[1], y[2] - x[2] }')
            R[$name:${sides[k]}:rps]+="$r "
            R[$name:${sides[k]}:p50]+="$p50 "
            R[$name:${sides[k]}:p99]+="$p99 "
            R[$name:${sides[k]}:size]+="$size "
            R[$name:${sides[k]}:cpu]+="$(awk -v d=$(( ticks1 - ticks0 )) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }') "
            R[$name:${sides[k]}:share]+="$(awk -v d=$(( ticks1 - ticks0 )) -v t="$total" 'BEGIN { printf "%.0f", t ? 100 * d / t : 0 }') "
            R[$name:${sides[k]}:others]+="$(awk -v d=$(( ticks1 - ticks0 )) -v b="$busy" -v t="$total" 'BEGIN { o = t ? 100 * (b - d) / t : 0; printf "%.0f", o < 0 ? 0 : o }') "
            R[$name:${sides[k]}:err]=$(( ${R[$name:${sides[k]}:err]} + e ))
            [[ ${sides[k]} != app ]] || R[$name:app:jit]+="$(( $(jit_ticks "$jit0" "$jit1") * 1000 / CLK_TCK )) "
            say "  ${sides[k]} run $i: $r req/s, p50 $p50 ms, p99 $p99 ms, errors $e, $size B/response," \
                "CPU $(last "${R[$name:${sides[k]}:cpu]}") us/request, core 0: server $(last "${R[$name:${sides[k]}:share]}")%," \
                "others $(last "${R[$name:${sides[k]}:others]}")%"
        done
    done
}

last() { awk '{ print $NF }' <<<"$1"; }

# med SCENARIO SIDE FIELD: the median of that field over the runs.
# shellcheck disable=SC2086 # the stored values are space-separated
med() { median ${R[$1:$2:$3]}; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }

# ---------------------------------------------------------------- build
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$OUT"
rm -rf "${OUT:?}/kestrel" "${OUT:?}/wrk" "${OUT:?}/nginx" "${OUT:?}/lib"
mkdir -p "$OUT/wrk" "$OUT/nginx" "$OUT/lib"
: >"$OUT/app.stderr.log"
publish_app
timeout 300 dotnet publish "$ROOT/bench/BareKestrel" -c Release -o "$OUT/kestrel" \
    --artifacts-path "$OUT/build" --nologo -v quiet >>"$OUT/publish.log" 2>&1 \
    || { tail -n 30 "$OUT/publish.log" >&2; die "dotnet publish of bench/BareKestrel failed (full log: $OUT/publish.log)"; }

TMP=$(mktemp -d)
chmod 755 "$TMP" # nginx started as root serves from its workers, which run as 'nobody'

# ---------------------------------------------------------------- cold start
say "cold start: process start to the first 200 of $PAGE"
APP_PORT=$(free_port)
t0=$(now_ns)
start_app Warning "$OUT/app.log"
answer=$(wait_for "$APP_URL$PAGE" "$APP_PID")
read -r first_status first_seconds <<<"$answer"
t1=$(now_ns)
[[ $first_status == 200 ]] || die "first request to $PAGE answered $first_status (logs in $OUT)"
COLD_TOTAL_MS=$(( (t1 - t0) / 1000000 ))
COLD_FIRST_MS=$(awk -v s="$first_seconds" 'BEGIN { printf "%.0f", s * 1000 }')
say "  ${COLD_TOTAL_MS} ms to the first 200; that request took ${COLD_FIRST_MS} ms"

# ---------------------------------------------------------------- the page, saved for nginx
mkdir -p "$TMP/site/essays"
chmod -R 755 "$TMP/site"
PAGE_FILE=$TMP/site/essays/$SLUG
taskset -c 1 curl -sS --fail -D "$TMP/app-headers" -o "$PAGE_FILE" "$APP_URL$PAGE"
chmod 644 "$PAGE_FILE"
header_value() { awk -v name="$1" 'tolower($0) ~ "^" tolower(name) ":" { sub(/^[^:]*: */, ""); sub(/\r$/, ""); print; exit }' "$2"; }
CONTENT_TYPE=$(header_value Content-Type "$TMP/app-headers")
APP_ETAG=$(header_value ETag "$TMP/app-headers")
PAGE_BYTES=$(wc -c <"$PAGE_FILE")
[[ -n $CONTENT_TYPE && -n $APP_ETAG ]] || die "the essay page came without Content-Type or ETag"
status=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $APP_ETAG" "$APP_URL$PAGE")
[[ $status == 304 ]] || die "If-None-Match with the page's ETag answered $status, not 304"

# serves_the_page NAME URL PID: waits for a reference server to answer, checks that it sends the saved
# page's bytes with its Content-Type and answers its own ETag with a 304; prints that ETag.
serves_the_page() {
    local name=$1 url=$2 pid=$3 status etag
    read -r status _ <<<"$(wait_for "$url$PAGE" "$pid")"
    [[ $status == 200 ]] || die "$name answered $status for $PAGE (logs in $OUT)"
    taskset -c 1 curl -sS --fail -D "$TMP/$name-headers" -o "$TMP/from-$name" "$url$PAGE"
    cmp -s "$PAGE_FILE" "$TMP/from-$name" || die "$name does not serve the same bytes as the app"
    [[ $(header_value Content-Type "$TMP/$name-headers") == "$CONTENT_TYPE" ]] || die "$name sends another Content-Type"
    etag=$(header_value ETag "$TMP/$name-headers")
    status=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url$PAGE")
    [[ $status == 304 ]] || die "$name answered $status, not 304, to its own ETag"
    echo "$etag"
}

# ---------------------------------------------------------------- nginx
NGINX_PORT=$(free_port)
NGINX_URL=http://127.0.0.1:$NGINX_PORT
mkdir -p "$OUT/nginx/temp"
cat >"$OUT/nginx/nginx.conf" <<EOF
# Generated by bench/run.sh: one worker (pinned to core 0 with the master), no access log,
# the saved essay page at the same path and with the same Content-Type as the app sends.
worker_processes 1;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    types { }
    default_type "$CONTENT_TYPE";
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $OUT/nginx/temp/body;
    proxy_temp_path $OUT/nginx/temp/proxy;
    fastcgi_temp_path $OUT/nginx/temp/fastcgi;
    uwsgi_temp_path $OUT/nginx/temp/uwsgi;
    scgi_temp_path $OUT/nginx/temp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/site;
    }
}
EOF
say "nginx on $NGINX_URL serving the saved page ($PAGE_BYTES bytes, $CONTENT_TYPE)"
taskset -c 0 "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" &
NGINX_PID=$!
NGINX_ETAG=$(serves_the_page nginx "$NGINX_URL" "$NGINX_PID")

# ---------------------------------------------------------------- bare Kestrel
KESTREL_PORT=$(free_port)
KESTREL_URL=http://127.0.0.1:$KESTREL_PORT
say "bare Kestrel on $KESTREL_URL serving the saved page"
env "${RUNTIME_ENV[@]}" taskset -c 0 dotnet "$OUT/kestrel/BareKestrel.dll" "$KESTREL_URL" "$PAGE_FILE" "$CONTENT_TYPE" >"$OUT/kestrel.log" 2>&1 &
KESTREL_PID=$!
KESTREL_ETAG=$(serves_the_page kestrel "$KESTREL_URL" "$KESTREL_PID")

# ---------------------------------------------------------------- scenario 1: the essay page
NGINX_WORKERS=$(child_pids "$NGINX_PID" | tr '\n' ' ')
[[ -n $NGINX_WORKERS ]] || die "nginx has no worker process"

scenario page app "$APP_URL$PAGE" "" kestrel "$KESTREL_URL$PAGE" "" nginx "$NGINX_URL$PAGE" ""
scenario conditional app "$APP_URL$PAGE" "-H If-None-Match:%20$APP_ETAG" \
    kestrel "$KESTREL_URL$PAGE" "-H If-None-Match:%20$KESTREL_ETAG" nginx "$NGINX_URL$PAGE" "-H If-None-Match:%20$NGINX_ETAG"
stop "$NGINX_PID"; NGINX_PID=
stop "$KESTREL_PID"; KESTREL_PID=

# ---------------------------------------------------------------- scenario 3: listing 10 000
# 32 readers sign up through the real form; one of them makes a public highlight through the API,
# and 9 999 copies of its row go straight into the database (sqlite3, beside the running app: WAL).
say "signing up 32 writers; 10 000 public annotations on the essay"
python3 "$LIB/writers.py" "$APP_URL" "$SLUG" 32 "$OUT/lib" || die "could not prepare the writers (see above)"
IFS=$'\t' read -r cookie token_header token <"$OUT/lib/writers.tsv"
created=$(taskset -c 1 curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" \
    -H "Cookie: $cookie" -H "$token_header: $token" --data-binary "@$OUT/lib/create.json" "$APP_URL/api/essays/$SLUG/annotations")
[[ $created == 201 ]] || die "creating an annotation answered $created"
DB=$TMP/data-Warning/essayreader.db
[[ -f $DB ]] || die "no database at $DB"
sqlite3 "$DB" >/dev/null <<SQL || die "seeding the database failed"
PRAGMA busy_timeout = 10000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO Annotations (Id, EssaySlug, OwnerId, Motivation, Visibility, Color, BodyMarkdown, BodyHtml, ReplyToId,
    CreatedUtc, ModifiedUtc, IsDeleted, "End", EssayVersion, Exact, Prefix, Start, Suffix)
SELECT hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)),
    a.EssaySlug, a.OwnerId, a.Motivation, a.Visibility, a.Color, a.BodyMarkdown, a.BodyHtml, a.ReplyToId,
    a.CreatedUtc, a.ModifiedUtc, a.IsDeleted, a."End", a.EssayVersion, a.Exact, a.Prefix, a.Start, a.Suffix
FROM n, (SELECT * FROM Annotations WHERE EssaySlug = '$SLUG' ORDER BY Seq LIMIT 1) AS a;
SQL
read -r SEQ_LOW SEQ_HIGH COUNT <<<"$(sqlite3 -separator ' ' "$DB" "SELECT min(Seq), max(Seq), count(*) FROM Annotations WHERE EssaySlug = '$SLUG'")"
(( COUNT == 10000 )) || die "expected 10 000 annotations, found $COUNT"
total=$(taskset -c 1 curl -sS "$APP_URL/api/essays/$SLUG/annotations?limit=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
(( total == 10000 )) || die "the API lists $total annotations, not 10 000"
export BENCH_LIST_PATH="/api/essays/$SLUG/annotations" BENCH_SEQ_LOW=$(( SEQ_LOW - 1 )) BENCH_SEQ_HIGH=$(( SEQ_HIGH - 200 ))
WRK_CONNECTIONS=$LIST_CONNECTIONS scenario list app "$APP_URL$BENCH_LIST_PATH" "-s $LIB/list.lua"

# ---------------------------------------------------------------- scenario 2: 32 writers
export BENCH_LIB_OUT=$OUT/lib
LOCKED_BEFORE=$(grep -c -i "database is locked" "$OUT/app.log" || true)
WRK_CONNECTIONS=32 SCENARIO_DURATION=$WRITE_DURATION scenario create app "$APP_URL/api/essays/$SLUG/annotations" "-s $LIB/create.lua"
LOCKED=$(( $(grep -c -i "database is locked" "$OUT/app.log" || true) - LOCKED_BEFORE ))
ERRORS_LOGGED=$(grep -c '\[ERR\]\|"Level":"Error"\| ERR\] ' "$OUT/app.log" || true)

# ---------------------------------------------------------------- scenario 5: memory
PEAK_MB=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
NOW_MB=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
say "peak working set over scenarios 1 to 3: $PEAK_MB MB (now $NOW_MB MB)"

# ---------------------------------------------------------------- the page with request logging on
# The same page with the app's own request logging (Information) left on, to a console that goes to
# /dev/null: what the per-request log line costs, with no disk or pipe behind it.
say "restarting the app with request logging on (Serilog Information, stdout to /dev/null)"
stop "$APP_PID"; APP_PID=
APP_PORT=$(free_port)
start_app Information /dev/null
answer=$(wait_for "$APP_URL$PAGE" "$APP_PID")
read -r status _ <<<"$answer"
[[ $status == 200 ]] || die "app with logging on answered $status"
scenario logging app "$APP_URL$PAGE" ""
stop "$APP_PID"; APP_PID=

# ---------------------------------------------------------------- scenario 4: the browser
BROWSER_RESULT="not run (BROWSER=0)"
if [[ $BROWSER == 1 ]]; then
    if [[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]]; then
        say "scenario 4: 10 000 annotations after an edit, in Chromium (the browser test, Release)"
        if timeout 900 dotnet test "$ROOT/tests/EssayReader.BrowserTests" -c Release --artifacts-path "$OUT/build-tests" \
            --filter "FullyQualifiedName~DenseAnnotation" --logger "console;verbosity=detailed" >"$OUT/browser.log" 2>&1; then
            BROWSER_RESULT=$(awk '/Standard Output Messages:/ { on = 1; next } on && /^ *$/ { exit } on { sub(/^ /, ""); print }' "$OUT/browser.log")
        else
            BROWSER_RESULT="FAILED: see bench/out/browser.log"
        fi
    else
        BROWSER_RESULT="not run: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)"
    fi
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
first_line() { "$@" 2>&1 | head -n 1 || true; }
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
# shellcheck disable=SC1091 # the machine's own file
OS=$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}") || uname -s)
SDK=$(dotnet --version)
RUNTIME=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')
NGINX_VERSION=$(first_line "$NGINX" -v)
WRK_VERSION=$(first_line wrk -v | sed 's/ Copyright.*//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
if [[ $COMMIT != "not a git checkout" && -n $(git -C "$ROOT" status --porcelain -- src content bench ':!bench/results.md' ':!bench/results.svg' 2>/dev/null) ]]; then
    COMMIT="$COMMIT, with uncommitted changes in src/, content/ or bench/"
fi
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

# fmt_rps SCENARIO SIDE: the median req/s, or a dash where that side did not run.
fmt_rps() { if [[ -n ${R[$1:$2:rps]:-} ]]; then printf '%.0f' "$(med "$1" "$2" rps)"; else printf '–'; fi; }
share() { if [[ -n ${R[$1:$3:rps]:-} ]]; then ratio "$(med "$1" "$2" rps)" "$(med "$1" "$3" rps)"; else printf '–'; fi; }
cpu() { if [[ -n ${R[$1:$2:cpu]:-} ]]; then med "$1" "$2" cpu; else printf '–'; fi; }
# verdict TEXT OK: "TEXT: met" or "TEXT: NOT MET".
verdict() { if [[ $2 == 1 ]]; then printf '%s: met' "$1"; else printf '%s: **NOT MET**' "$1"; fi; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? 1 : 0 }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? 1 : 0 }'; }

# row TITLE SCENARIO BAR: one scenario, the app beside whichever references ran.
row() {
    local title=$1 s=$2 bar=$3
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s |\n' "$title" \
        "$(fmt_rps "$s" app)" "$(fmt_rps "$s" kestrel)" "$(fmt_rps "$s" nginx)" \
        "$(share "$s" app kestrel)" "$(share "$s" app nginx)" \
        "$(med "$s" app p50)" "$(med "$s" app p99)" "${R[$s:app:err]}" \
        "$(cpu "$s" app)" "$(cpu "$s" kestrel)" "$(cpu "$s" nginx)" "$bar"
}

# runs SCENARIO SIDE: one line of per-run figures.
runs() {
    local s=$1 side=$2
    printf '%s%s: %s req/s; p99 %s ms; CPU %s us/request; core 0 used by the server %s%%, by other processes %s%%; %s B/response' \
        "$side" "${R[$s:$side:warm]:+ (${R[$s:$side:warm]})}" \
        "$(awk '{ for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? ", " : ""), $i }' <<<"${R[$s:$side:rps]}")" \
        "$(sed 's/ *$//; s/ /, /g' <<<"${R[$s:$side:p99]}")" \
        "$(sed 's/ *$//; s/ /, /g' <<<"${R[$s:$side:cpu]}")" "$(sed 's/ *$//; s/ /, /g' <<<"${R[$s:$side:share]}")" \
        "$(sed 's/ *$//; s/ /, /g' <<<"${R[$s:$side:others]}")" "$(med "$s" "$side" size)"
    [[ -z ${R[$s:$side:jit]:-} ]] || printf '; recompiling (JIT thread) during the runs: %s ms' "$(sed 's/ *$//; s/ /, /g' <<<"${R[$s:$side:jit]}")"
}

PAGE_VS_KESTREL=$(awk -v a="$(med page app rps)" -v b="$(med page kestrel rps)" 'BEGIN { printf "%.1f", 100 * a / b }')
# By CPU: bare Kestrel's CPU per request over the app's. On a busy machine req/s swing with whoever
# else got core 0, so the bar is met only when both ratios reach it.
PAGE_VS_KESTREL_CPU=$(awk -v a="$(med page kestrel cpu)" -v b="$(med page app cpu)" 'BEGIN { printf "%.1f", 100 * a / b }')
page_ok=0
if [[ $(at_least "$PAGE_VS_KESTREL" 75) == 1 && $(at_least "$PAGE_VS_KESTREL_CPU" 75) == 1 ]]; then page_ok=1; fi
BAR1=$(verdict "at least 75% of bare Kestrel (by req/s $PAGE_VS_KESTREL%, by CPU $PAGE_VS_KESTREL_CPU%)" "$page_ok")
create_ok=0
if [[ $(at_most "$(med create app p99)" 50) == 1 && ${R[create:app:err]} == 0 && $LOCKED == 0 ]]; then create_ok=1; fi
BAR2=$(verdict "p99 at most 50 ms, no errors, no 'database is locked'" "$create_ok")
BAR3=$(verdict "p99 at most 20 ms" "$(at_most "$(med list app p99)" 20)")
BAR5=$(verdict "at most 250 MB" "$(at_most "$PEAK_MB" 250)")

# shellcheck disable=SC2086 # the stored values are space-separated
BUSIEST=$(printf '%s\n' ${R[page:app:others]} ${R[page:kestrel:others]} ${R[page:nginx:others]} ${R[list:app:others]} \
    ${R[create:app:others]} | sort -g | tail -n 1)

{
    printf 'Essay page / bare Kestrel\t%s\t75\n' "$PAGE_VS_KESTREL"
    printf 'Essay page / bare Kestrel, by CPU\t%s\t75\n' "$PAGE_VS_KESTREL_CPU"
    printf 'Essay page / nginx\t%s\t\n' "$(awk -v a="$(med page app rps)" -v b="$(med page nginx rps)" 'BEGIN { printf "%.1f", 100 * a / b }')"
    printf 'Bare Kestrel / nginx\t%s\t\n' "$(awk -v a="$(med page kestrel rps)" -v b="$(med page nginx rps)" 'BEGIN { printf "%.1f", 100 * a / b }')"
    printf '304 / bare Kestrel 304\t%s\t\n' "$(awk -v a="$(med conditional app rps)" -v b="$(med conditional kestrel rps)" 'BEGIN { printf "%.1f", 100 * a / b }')"
    printf '304 / nginx 304\t%s\t\n' "$(awk -v a="$(med conditional app rps)" -v b="$(med conditional nginx rps)" 'BEGIN { printf "%.1f", 100 * a / b }')"
    printf 'Page, logging on / bare Kestrel\t%s\t\n' "$(awk -v a="$(med logging app rps)" -v b="$(med page kestrel rps)" 'BEGIN { printf "%.1f", 100 * a / b }')"
} >"$OUT/ratios.tsv"
python3 "$LIB/chart.py" "$OUT/ratios.tsv" "$CHART"

{
    echo "# EssayReader benchmark results"
    echo
    echo "Written by \`bench/run.sh\` on $DATE; do not edit by hand (\`bench/README.md\` explains it)."
    echo
    if (( BUSIEST > 10 )); then
        echo "> **The machine was busy:** other processes took up to $BUSIEST% of core 0 during a measured run"
        echo "> (load average $LOAD_START at the start, $LOAD_END at the end). Req/s and latencies are lower and"
        echo "> noisier than on a quiet machine; CPU us/request is the steadier figure. Run again when it is quiet."
        echo
    fi
    echo "Medians of $RUNS runs per scenario (servers interleaved), errors summed. Servers on core 0, wrk on core 1,"
    echo "loopback. References: bare Kestrel (bench/BareKestrel: the same bytes from memory, no middleware, no"
    echo "logging) and nginx (the same bytes as a static file). p50 and p99 are EssayReader's. CPU: the server's CPU"
    echo "time per request, EssayReader / bare Kestrel / nginx."
    echo
    echo "| Scenario | EssayReader req/s | bare Kestrel req/s | nginx req/s | of Kestrel | of nginx | p50 ms | p99 ms | errors | CPU us/request | bar |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    row "1. Essay page, anonymous, 200 ($PAGE_BYTES B)" page "$BAR1"
    row "1. Conditional GET with its own ETag, 304" conditional ""
    row "2. Create an annotation, 32 writers, $WRITE_DURATION a run" create "$BAR2"
    row "3. List 10 000 annotations, 200 a page, $LIST_CONNECTIONS connections" list "$BAR3"
    row "Essay page with request logging on" logging ""
    echo
    echo "![Ratios](results.svg)"
    echo
    echo "- **Cold start** (Release, fresh database, nothing requested before): **${COLD_TOTAL_MS} ms** from process"
    echo "  start to the first 200 of the essay page, of which that first request took **${COLD_FIRST_MS} ms**."
    echo "- **Scenario 2**: 'database is locked' in the app's log during the runs: **$LOCKED**; error lines in the"
    echo "  app's log over the whole run: $ERRORS_LOGGED."
    echo "- **Scenario 5, memory**: the app's peak working set (VmHWM) over scenarios 1 to 3 and 2's writes:"
    echo "  **$PEAK_MB MB** ($NOW_MB MB at the end). $BAR5."
    echo "- **Scenario 4**, 10 000 annotations after a new version, in Chromium (\`DenseAnnotationTests\`, Release):"
    echo
    echo '```'
    echo "$BROWSER_RESULT"
    echo '```'
    echo
    echo "Per run:"
    echo
    for s in page conditional create list logging; do
        for side in app kestrel nginx; do
            [[ -z ${R[$s:$side:rps]:-} ]] || echo "- $s, $(runs "$s" "$side")"
        done
    done
    echo
    echo "EssayReader: published Release, \`ASPNETCORE_ENVIRONMENT=Production\`, \`Serilog__MinimumLevel__Default=Warning\`"
    echo "(all but the logging row, which keeps appsettings' Information, one line per request to stdout, going to"
    echo "/dev/null). nginx: Debian's, 1 worker, \`access_log off\`, \`sendfile on\`, \`keepalive_requests 1000000\`."
    echo "Errors: wrk's non-2xx-or-3xx responses plus socket errors."
    echo
    echo "## Machine"
    echo
    echo "- Date: $DATE"
    echo "- Cores (\`nproc\`): $(nproc); CPU: $CPU; memory: $MEM"
    echo "- OS: $OS, kernel $(uname -r); load average $LOAD_START at the start, $LOAD_END at the end"
    echo "- .NET SDK (\`dotnet --version\`): $SDK; ASP.NET Core runtime: $RUNTIME"
    echo "- nginx: ${NGINX_VERSION#nginx version: }"
    echo "- wrk: $WRK_VERSION"
    echo "- EssayReader commit: $COMMIT"
} >"$RESULTS"

say "wrote ${RESULTS#"$ROOT"/} and ${CHART#"$ROOT"/}"
cat "$RESULTS"
