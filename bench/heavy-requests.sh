#!/usr/bin/env bash
# Heavy-request benchmark (issue 15, item 2): /healthz latency while 8 worst-case validations run at once, with the
# baseline (no validation running) measured first in the same run against the same server. The worst cases: a
# 1 MiB flow mapping of ~96,000 invented keys, and the largest spec the server still loads (just under
# SpecSize.NODES_AT_MOST nodes, all unknown keys). 4 tokens send 2 each (HeavyWork.PER_TOKEN is 2 per token).
# Goal: /healthz p99 < 50 ms under that load; each validation answered (200, never a 5xx).
# Prints a markdown table. See docs/benchmarks.md ("Heavy requests").
# Usage: bench/heavy-requests.sh [--seconds 20] [--port 18490]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh

SECONDS_EACH=20 PORT=18490
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    *) echo "heavy-requests: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null 2>&1 || { echo "heavy-requests: needs python3 (apt-get install -y python3)" >&2; exit 1; }

# SLIPWAY_JAR=path: measure that jar (e.g. another commit's, for a side-by-side run) instead of building this tree's
JAR=${SLIPWAY_JAR:-}
if [ -z "$JAR" ]; then
  echo "heavy-requests: building slipway.jar" >&2
  ./mvnw -B -ntp -o -q -pl slipway-cli -am package -DskipTests
  JAR=slipway-cli/target/slipway.jar
fi
JAVA="$JAVA_HOME/bin/java"
SLIPWAY=("$JAVA" -jar "$JAR")

WORK=$(mktemp -d /tmp/slipway-heavy.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

TOKENS=()
for i in 1 2 3 4; do
  TOKENS+=("$("${SLIPWAY[@]}" token create --name "bench-$i" --role viewer --data-dir "$WORK/data" 2>/dev/null)")
done
"${SLIPWAY[@]}" serve --data-dir "$WORK/data" --port "$PORT" > "$WORK/server.out" 2> "$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 300); do
  python3 -c "import urllib.request;urllib.request.urlopen('http://127.0.0.1:$PORT/healthz')" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "heavy-requests: server died" >&2; exit 1; }
  sleep 0.2
done

python3 - "$PORT" "$SECONDS_EACH" "${TOKENS[@]}" <<'PY'
import http.client, sys, threading, time

port, seconds, tokens = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
LIMIT = 20_000  # SpecSize.NODES_AT_MOST

def flow_mapping():
    parts, size, i = [], 1, 0
    while size < 1024 * 1024 - 32:
        part = "k%d: 1, " % i
        parts.append(part); size += len(part); i += 1
    return "{" + "".join(parts) + "z: 1}\n"

def under_limit():
    return "{" + "".join("k%d: 1, " % i for i in range(LIMIT // 2 - 2)) + "z: 1}\n"

def healthz_latencies(stop_at):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = []
    while time.time() < stop_at:
        t = time.perf_counter()
        conn.request("GET", "/healthz"); r = conn.getresponse(); r.read()
        out.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, r.status
        time.sleep(0.01)
    return out

def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]

answers, durations, lock = {}, [], threading.Lock()
def validator(token, body, stop_at):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.time() < stop_at:
        t = time.perf_counter()
        conn.request("POST", "/api/v1/systems/validate", body=body.encode(),
                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/yaml"})
        r = conn.getresponse(); r.read()
        with lock:
            answers[r.status] = answers.get(r.status, 0) + 1
            if r.status == 200: durations.append((time.perf_counter() - t) * 1000)

baseline = healthz_latencies(time.time() + seconds)
bodies = [flow_mapping(), under_limit()]
stop_at = time.time() + seconds
threads = [threading.Thread(target=validator, args=(tokens[i // 2], bodies[i % 2], stop_at)) for i in range(8)]
for t in threads: t.start()
time.sleep(0.5)
loaded = healthz_latencies(stop_at)
for t in threads: t.join()

print("| /healthz | requests | p50 ms | p99 ms | max ms |")
print("|---|---|---|---|---|")
print("| alone (baseline) | %d | %.1f | %.1f | %.1f |" % (len(baseline), p(baseline, .5), p(baseline, .99), max(baseline)))
print("| with 8 worst-case validations | %d | %.1f | %.1f | %.1f |" % (len(loaded), p(loaded, .5), p(loaded, .99), max(loaded)))
print()
print("validations answered: %s; 200s took p50 %.0f ms, p99 %.0f ms" % (
    ", ".join("%d × %d" % (n, s) for s, n in sorted(answers.items())), p(durations, .5) if durations else 0,
    p(durations, .99) if durations else 0))
if any(s >= 500 for s in answers): sys.exit("a validation answered 5xx")
if p(loaded, .99) >= 50: print("GOAL MISSED: /healthz p99 >= 50 ms", file=sys.stderr)
PY
