#!/usr/bin/env bash
# Load benchmark: wrk against the status, inventory and history endpoints of a server that is running a
# 100-service upgrade release, with /healthz (no auth, no database) as the baseline measured in the same run;
# and an SSE client (bench/SseClient.java) that follows the release's events and checks it sees each exactly once.
# Goals: >= 5,000 req/s and p99 < 50 ms per endpoint, no failed request; SSE: no duplicate, no gap, end seen.
# Prints a markdown table. See docs/benchmarks.md ("Load").
# Usage: bench/load.sh [--duration 30s] [--connections 50] [--threads 2] [--speed 10] [--port 18480]
#
# The install release runs on a first server at --install-speed (fast), which is then stopped; the upgrade release
# runs on a second server on the same data directory at --speed, slow enough that it outlasts the measurements.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh

DURATION=30s CONNECTIONS=50 THREADS=2 SPEED=5 INSTALL_SPEED=600 PORT=18480 SERVICES=100 DROP_EVERY=100
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --speed) SPEED=$2; shift 2 ;;
    --install-speed) INSTALL_SPEED=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --services) SERVICES=$2; shift 2 ;;
    *) echo "load: unknown argument $1" >&2; exit 2 ;;
  esac
done

apt_install() { # as scripts/test.sh does
  if [ "$(id -u)" -ne 0 ]; then
    echo "load: $* missing and not root; install it with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}
command -v wrk >/dev/null 2>&1 || { echo "load: installing wrk"; apt_install wrk; }
command -v curl >/dev/null 2>&1 || apt_install curl
command -v python3 >/dev/null 2>&1 || apt_install python3

# SLIPWAY_JAR=path: measure that jar (e.g. another commit's, for a side-by-side run) instead of building this tree's
JAR=${SLIPWAY_JAR:-}
if [ -z "$JAR" ]; then
  echo "load: building slipway.jar" >&2
  ./mvnw -B -ntp -o -q -pl slipway-cli -am package -DskipTests
  JAR=slipway-cli/target/slipway.jar
fi
JAVA="$JAVA_HOME/bin/java"
SLIPWAY=("$JAVA" -jar "$JAR")

WORK=$(mktemp -d /tmp/slipway-load.XXXXXX)
SERVER_PID=""
SSE_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() {
  [ -n "$SSE_PID" ] && kill "$SSE_PID" 2>/dev/null || true
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

"$JAVA" bench/SyntheticSystem.java "$SERVICES" > "$WORK/slipway.yaml"
TOKEN=$("${SLIPWAY[@]}" token create --name bench --role admin --grant dev --data-dir "$WORK/data" 2>/dev/null)
BASE="http://127.0.0.1:$PORT"
AUTH="Authorization: Bearer $TOKEN"

start_server() { # speed, log name
  "${SLIPWAY[@]}" serve --config "$WORK/slipway.yaml" --data-dir "$WORK/data" --port "$PORT" --speed "$1" \
      > "$WORK/$2.out" 2> "$WORK/$2.log" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/$2.log" >&2; echo "load: server died" >&2; exit 1; }
    sleep 0.2
  done
  echo "load: server did not start" >&2; exit 1
}
# versions that satisfy the generated ranges (svc-i needs svc-d at ^1.(d%5)); patch 0 installs, patch 1 upgrades
versions() {
  python3 -c 'import json,sys; n,p=int(sys.argv[1]),int(sys.argv[2]); print(json.dumps({"environment":"dev","versions":{"svc-%03d"%i:"1.%d.%d"%(i%5,p) for i in range(n)}}))' "$SERVICES" "$1"
}
create_release() {
  curl -fsS -X POST -H "$AUTH" -H 'Content-Type: application/json' -d "$(versions "$1")" "$BASE/api/v1/releases" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
state() {
  curl -fsS -H "$AUTH" "$BASE/api/v1/releases/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])'
}

# 1. install every service (fast), wait for its end
start_server "$INSTALL_SPEED" install
INSTALL=$(create_release 0)
while [ "$(state "$INSTALL")" = running ]; do sleep 1; done
echo "load: install $INSTALL: $(state "$INSTALL")" >&2
stop_server

# 2. the upgrade runs while wrk measures
start_server "$SPEED" server
UPGRADE=$(create_release 1)
UPGRADE_START=$(date +%s)
echo "load: upgrade $UPGRADE started at --speed $SPEED" >&2
"$JAVA" bench/SseClient.java "$BASE" "$UPGRADE" "$TOKEN" --drop-every "$DROP_EVERY" > "$WORK/sse.out" 2> "$WORK/sse.err" &
SSE_PID=$!

cat > "$WORK/auth.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
declare -A RESULT
run_wrk() { # name, url, [auth]
  local script=()
  [ "${3:-}" = auth ] && script=(-s "$WORK/auth.lua")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "${script[@]}" "$2" > /dev/null # warm-up (JIT, pools)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" "$2" > "$WORK/wrk-$1.txt"
  local rps p99 non2xx errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-$1.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$WORK/wrk-$1.txt")
  errors=$(awk '/Socket errors:/ {sub(/.*Socket errors: /,""); print}' "$WORK/wrk-$1.txt")
  RESULT[$1]="$rps|$p99|${non2xx:-0}|${errors:-none}"
  echo "load: $1: $rps req/s, p99 $p99, non-2xx ${non2xx:-0}, socket errors ${errors:-none}" >&2
}
run_wrk healthz "$BASE/healthz"
run_wrk status "$BASE/api/v1/releases/$UPGRADE" auth
run_wrk inventory "$BASE/api/v1/environments/dev/inventory" auth
run_wrk history "$BASE/api/v1/history?environment=dev" auth
AFTER_WRK=$(state "$UPGRADE")
WRK_SECONDS=$(( $(date +%s) - UPGRADE_START ))
echo "load: upgrade $UPGRADE after wrk ($(( $(date +%s) - UPGRADE_START )) s in): $AFTER_WRK" >&2

# 3. the SSE client ends with the release
SSE_RC=0
wait "$SSE_PID" || SSE_RC=$?
SSE_PID=""
UPGRADE_SECONDS=$(( $(date +%s) - UPGRADE_START ))
FINAL=$(state "$UPGRADE")
RELEASE_SECONDS=$(curl -fsS -H "$AUTH" "$BASE/api/v1/releases/$UPGRADE" | python3 -c 'import json,sys,datetime as d; r=json.load(sys.stdin); f=lambda t: d.datetime.fromisoformat(t.replace("Z","+00:00")); print(round((f(r["updated"])-f(r["created"])).total_seconds()))')
REQUESTS=$(grep -c '"route"' "$WORK/server.log" || true)

echo
echo "Load on $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, a $SERVICES-service upgrade running (--speed $SPEED)"
echo
echo "| endpoint | requests/s | p99 latency | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---|"
for name in healthz status inventory history; do
  IFS='|' read -r rps p99 non2xx errors <<< "${RESULT[$name]}"
  label=$name
  [ "$name" = healthz ] && label="healthz (baseline: no auth, no database)"
  echo "| $label | $rps | $p99 | $non2xx | $errors |"
done
echo
echo "Release $UPGRADE: '$AFTER_WRK' when wrk finished ($WRK_SECONDS s after it started); '$FINAL', ran ${RELEASE_SECONDS} s (created to last update)."
echo "SSE client (reconnecting with Last-Event-ID every $DROP_EVERY events): $(cat "$WORK/sse.out") (exit $SSE_RC)"
[ -s "$WORK/sse.err" ] && sed 's/^/  sse: /' "$WORK/sse.err" | head -5
echo "Server log lines for requests: $REQUESTS; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
