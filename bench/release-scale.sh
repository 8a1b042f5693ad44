#!/usr/bin/env bash
# Benchmark: a 10,000-service release through the real engine on the sandbox in virtual time, in a 1 GiB heap:
# wall time, engine CPU time per transition, peak heap, transitions (goals: <= 1 GiB, <= 50 µs per transition).
# Prints a markdown table. See docs/benchmarks-release.md.
# Usage: bench/release-scale.sh [--services 10000] [--replicas 3] [--seed 42]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh
./mvnw -q -o -pl slipway-bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -Xmx1g -cp slipway-bench/target/slipway-bench.jar dev.slipway.bench.ScaleBenchmark "$@"
