#!/usr/bin/env bash
# Benchmark: `slipway generate --target all` for a synthetic 200-service system through the launcher,
# against hello world run by the same launcher, JVM and flags, measured in the same run.
# Prints the median wall time of each and the ratio (goal: <= 2.0). Usage: bench/generate-speed.sh [SERVICES] [RUNS]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
SERVICES=${1:-200}
RUNS=${2:-15}
source scripts/jdk.sh
./slipway --version >/dev/null   # builds the distribution if needed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" bench/SyntheticSystem.java "$SERVICES" > "$work/slipway.yaml"

now_ms() { date +%s%N | awk '{printf "%.1f", $1/1000000}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_it() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f\n", (e-s)/1000000}'
}

generate() { ./slipway generate -f "$work/slipway.yaml" --target all --out "$work/out-$1"; }
hello() { SLIPWAY_MAIN=dev.slipway.cli.Hello ./slipway; }

# warm-up: file-system caches, the launcher's JDK cache, the class-data archive
for i in 1 2 3; do generate warm >/dev/null; hello >/dev/null; done
files=$(find "$work/out-warm" -type f | wc -l)

: > "$work/generate.txt"; : > "$work/hello.txt"
for i in $(seq "$RUNS"); do
  # interleaved, each into a fresh directory, so both see the same machine load
  time_it generate "$i" >> "$work/generate.txt"
  time_it hello >> "$work/hello.txt"
done
g=$(median < "$work/generate.txt")
h=$(median < "$work/hello.txt")
echo "slipway generate --target all, $SERVICES services, $files files: median ${g} ms over $RUNS runs"
echo "hello world through the same launcher and JVM:             median ${h} ms over $RUNS runs"
awk -v g="$g" -v h="$h" 'BEGIN {printf "ratio generate / hello = %.2f (goal <= 2.0)\n", g/h}'
