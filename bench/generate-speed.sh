#!/usr/bin/env bash
# Benchmark: `slipway generate --target all` for synthetic systems through the launcher, against hello world run
# by the same launcher, JVM and flags, measured in the same run (interleaved, so both see the same machine load).
# Goal: generate / hello <= 2.0. Also measured, so the reader sees what part of the gap is the file system:
#   - again: generate a second time into the output it just wrote (every file unchanged: read and compared);
#   - floor: a plain Java program (bench/WriteFloor.java, same JVM and flags) that writes the same files, same
#     paths and sizes, straight into place: JVM start-up plus the file system, no Slipway work at all.
# Prints the median wall time of each, in ms. Usage: bench/generate-speed.sh [SERVICES[,SERVICES...]] [RUNS]
# (default: 10,50,200 services, 15 runs each). See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
SIZES=${1:-10,50,200}
RUNS=${2:-15}
source scripts/jdk.sh
./slipway --version >/dev/null   # builds the distribution (and its start-up cache) if needed
JAVA="$JAVA_HOME/bin/java"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/javac" -d "$work/floor" bench/WriteFloor.java

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_it() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f\n", (e-s)/1000000}'
}

generate() { ./slipway generate -f "$work/slipway.yaml" --target all --out "$1"; }
hello() { SLIPWAY_MAIN=dev.slipway.cli.Hello ./slipway; }
# the launcher's JVM flags, without its class-data cache (that holds Slipway's classes; WriteFloor uses only the JDK's)
floor() { "$JAVA" -XX:TieredStopAtLevel=1 -cp "$work/floor" WriteFloor "$work/listing.txt" "$1"; }

echo "$(date -u +%Y-%m-%d), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $RUNS runs per figure, medians in ms"
printf '%8s %6s %9s %7s %7s %7s %16s %13s\n' services files generate again hello floor "generate/hello" "floor/hello"
for services in ${SIZES//,/ }; do
  "$JAVA" bench/SyntheticSystem.java "$services" > "$work/slipway.yaml"
  # warm-up: file-system caches, the launcher's JDK cache, the class-data archive
  for i in 1 2 3; do
    rm -rf "$work/out"; generate "$work/out" >/dev/null; hello >/dev/null
  done
  files=$(find "$work/out" -type f | wc -l)
  find "$work/out" -type f -printf '%s %P\n' > "$work/listing.txt"
  rm -rf "$work/floor-out"; floor "$work/floor-out"
  for figure in generate again hello floor; do : > "$work/$figure.txt"; done
  for i in $(seq "$RUNS"); do
    rm -rf "$work/out" "$work/floor-out"
    time_it generate "$work/out" >> "$work/generate.txt"   # into a fresh directory
    time_it generate "$work/out" >> "$work/again.txt"      # the same spec again: nothing changes
    time_it hello >> "$work/hello.txt"
    time_it floor "$work/floor-out" >> "$work/floor.txt"
  done
  g=$(median < "$work/generate.txt"); a=$(median < "$work/again.txt")
  h=$(median < "$work/hello.txt"); f=$(median < "$work/floor.txt")
  awk -v n="$services" -v c="$files" -v g="$g" -v a="$a" -v h="$h" -v f="$f" \
    'BEGIN {printf "%8d %6d %9.0f %7.0f %7.0f %7.0f %16.2f %13.2f\n", n, c, g, a, h, f, g/h, f/h}'
done
echo "goal: generate/hello <= 2.0"
