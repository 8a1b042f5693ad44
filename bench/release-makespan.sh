#!/usr/bin/env bash
# Benchmark: release makespan on seeded random DAGs (10, 50, 200, 1,000 services) — Slipway's scheduling (the
# Schedule model, and the real engine on the sandbox in virtual time up to 1,000 services) against the critical
# path, Argo CD-style sync waves and Flux-style dependsOn polling; with caps k = 4 and 16 against
# max(critical path, total work / k). Prints markdown tables. See docs/benchmarks-release.md.
# Usage: bench/release-makespan.sh [--sizes 10,50,200,1000] [--seed 42] [--seeds 20] [--engine-max 1000]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh
./mvnw -q -o -pl slipway-bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -Xmx1g -cp slipway-bench/target/slipway-bench.jar dev.slipway.bench.MakespanBenchmark "$@"
