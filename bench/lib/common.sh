# shellcheck shell=bash
# Shared by bench/run.sh and bench/soak.sh: messages, tools, the app's start and stop, wrk and its
# numbers, CPU accounting. Sourced after the script has set ROOT, OUT and SLUG.

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need TOOL...: the Debian packages named (a tool's package where they differ: util-linux for taskset),
# installed with apt-get when missing and run as root, else a message saying how.
need() {
    local package missing=()
    for package in "$@"; do
        case $package in
            nginx) [[ -n $(find_nginx) ]] || missing+=(nginx) ;;
            util-linux) command -v taskset >/dev/null || missing+=(util-linux) ;;
            *) command -v "$package" >/dev/null || missing+=("$package") ;;
        esac
    done
    (( ${#missing[@]} )) || return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]} (apt-get)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "missing ${missing[*]}: install with 'sudo apt-get install ${missing[*]}' and run again"
    fi
}

find_nginx() { command -v nginx || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true; }

command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK first (see README.md)"
[[ -f $ROOT/src/EssayReader/EssayReader.csproj && -f $ROOT/content/$SLUG.md ]] \
    || die "$ROOT does not look like the EssayReader repository"
(( $(nproc) >= 2 )) || die "needs at least 2 cores: the servers run on core 0 and wrk on core 1"
# The Dockerfile's runtime settings (its ENV lines naming DOTNET_ and MALLOC_ variables), so the app
# and bare Kestrel run here as the app does in its image.
mapfile -t RUNTIME_ENV < <(sed -n 's/^\(ENV \)\? *\(\(DOTNET\|MALLOC\)_[A-Za-z0-9_]*=[^ \\]*\).*/\2/p' "$ROOT/Dockerfile")
(( ${#RUNTIME_ENV[@]} > 0 )) || die "no DOTNET_ or MALLOC_ settings found in the Dockerfile's ENV"

# ---------------------------------------------------------------- servers and clean-up
APP_PID=
NGINX_PID=
KESTREL_PID=
TMP=

stop() {
    local pid=$1 state
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        # Our own child stays a zombie (Z) until waited for.
        state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1) || state=
        [[ -n $state && $state != Z ]] || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$APP_PID"; APP_PID=
    stop "$NGINX_PID"; NGINX_PID=
    stop "$KESTREL_PID"; KESTREL_PID=
    if [[ -n $TMP ]]; then rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nobody listens on (nothing answers a connect). Racy in theory, fine on a quiet box.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        [[ $port != "${APP_PORT:-}" && $port != "${NGINX_PORT:-}" && $port != "${KESTREL_PORT:-}" ]] || continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

now_ns() { date +%s%N; }

# start_app LOG_LEVEL STDOUT: the published app on APP_PORT as the Docker image runs it (working
# folder = the app folder), Production, loopback only, on core 0, with a fresh database.
start_app() {
    local level=$1 stdout=$2
    APP_URL=http://127.0.0.1:$APP_PORT
    # shellcheck disable=SC2086 # APP_ENV is split on purpose
    (
        cd "$OUT/app" || exit
        exec env -u ASPNETCORE_HTTP_PORTS -u ASPNETCORE_HTTPS_PORTS -u ConnectionStrings__EssayReader \
            ASPNETCORE_ENVIRONMENT=Production \
            ASPNETCORE_URLS="$APP_URL" \
            "${RUNTIME_ENV[@]}" \
            Content__Path="$ROOT/content" \
            Data__Path="$TMP/data-$level" \
            Serilog__MinimumLevel__Default="$level" \
            RateLimits__Enabled=false \
            ${APP_ENV:-} \
            taskset -c 0 dotnet EssayReader.dll >"$stdout" 2>>"$OUT/app.stderr.log"
    ) &
    APP_PID=$!
}

# wait_for URL PID: poll (from core 1) until the URL answers anything, while process PID lives;
# prints "status seconds" of that first answer.
wait_for() {
    local url=$1 pid=$2 deadline=$(( $(now_ns) + 60000000000 )) answer
    while :; do
        kill -0 "$pid" 2>/dev/null || die "server exited before answering $url (logs in $OUT)"
        answer=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 "$url" || true)
        [[ ${answer%% *} == 000 ]] || { echo "$answer"; return 0; }
        (( $(now_ns) < deadline )) || die "$url did not answer within 60 s"
        sleep 0.01
    done
}

# ---------------------------------------------------------------- wrk and its numbers
# Converts wrk's "512.00us" / "1.23ms" / "2.00s" to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
        if (f < 0) { print "?"; exit } printf "%.3f", n * f }'
}

# Converts wrk's "164.43MB" (binary units) to bytes.
to_bytes() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "B") ? 1 : (u == "KB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : (u == "TB") ? 1099511627776 : -1
        if (f < 0) { print "?"; exit } printf "%.0f", n * f }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# wrk_run FILE DURATION URL [wrk args...]: one wrk run from core 1 with WRK_CONNECTIONS (default
# CONNECTIONS) connections, output kept in FILE.
wrk_run() {
    local file=$1 duration=$2 url=$3
    shift 3
    taskset -c 1 wrk -t1 -c"${WRK_CONNECTIONS:-$CONNECTIONS}" -d"$duration" --timeout 5s --latency "$@" "$url" >"$file" 2>&1 \
        || die "wrk failed, see $file"
}

# wrk_stats FILE: "rps p50_ms p99_ms errors bytes_per_response requests" of one run. Errors are wrk's
# "Non-2xx or 3xx responses" plus all socket errors (connect, read, write, timeout).
wrk_stats() {
    local file=$1 rps p50 p99 non2xx sockets requests bytes
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
    non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$file")
    sockets=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$file" \
        | awk '{ print $1 + $2 + $3 + $4 }')
    requests=$(awk '/ requests in / { print $1 }' "$file")
    bytes=$(to_bytes "$(awk '/ requests in / { print ($NF == "read" ? $(NF - 1) : "?") }' "$file")")
    [[ -n $rps && -n $requests && $requests -gt 0 ]] || die "could not read wrk output $file"
    echo "$rps $p50 $p99 $(( ${non2xx:-0} + ${sockets:-0} )) $(( bytes / requests )) $requests"
}

# ---------------------------------------------------------------- CPU accounting
# Req/s depends on whatever else the machine runs; CPU time per request much less so. Each measured
# run also records the server's CPU time (utime + stime of its processes) and how busy core 0 was
# with other work, so that a run on a busy machine shows as such.
# shellcheck disable=SC2034 # used by the scripts that source this
CLK_TCK=$(getconf CLK_TCK)

# proc_ticks PID...: CPU ticks used so far by these processes (all their threads), or by one thread
# given as PID/task/TID.
proc_ticks() {
    local total=0 pid stat
    for pid in "$@"; do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        stat=${stat##*) }
        # After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        total=$(( total + $(awk '{ print $12 + $13 }' <<<"$stat") ))
    done
    echo "$total"
}

# core_ticks N: "busy total" ticks of core N so far (steal counts as busy: the core was not ours).
core_ticks() { awk -v cpu="cpu$1" '$1 == cpu { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }


# publish_app: the app in Release into $OUT/app, ahead-of-time compiled (ReadyToRun) for this
# machine's runtime as the Dockerfile publishes it; its own artifacts folder, so the bench never touches
# src/*/bin or obj that a developer is using.
publish_app() {
    say "building Release into ${OUT#"$ROOT"/}/app"
    rm -rf "${OUT:?}/app"
    timeout 300 dotnet publish "$ROOT/src/EssayReader" -c Release -o "$OUT/app" \
        --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
        --artifacts-path "$OUT/build" --nologo -v quiet >"$OUT/publish.log" 2>&1 \
        || { tail -n 30 "$OUT/publish.log" >&2; die "dotnet publish failed (full log: $OUT/publish.log)"; }
}
