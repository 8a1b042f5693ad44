#!/usr/bin/env bash
# Benchmark: canary analysis on the sandbox's seeded traffic (10, 100, 1,000 requests/s; stable fails 1 %): median
# time from a bad canary's first request to all traffic back on stable (errors ×2, ×5, ×10, p95 latency ×2) and the
# false-rollback rate of a healthy canary, for Slipway's statistical and threshold judges and, on the same traffic,
# fixed-interval threshold analysis as Flagger (60 s, 1 failed check) and Argo Rollouts (5 m, failureLimit 3) run
# it. Every trial is a release through the real engine in virtual time. Prints markdown tables. See docs/benchmarks.md.
# Usage: bench/analysis.sh [--rps 10,100,1000] [--trials 1000] [--seed 42] [--step-interval 10m] [--threads N]
#        [--canaries all|healthy|faulty]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh
./mvnw -q -o -pl slipway-bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -Xmx1g -cp slipway-bench/target/slipway-bench.jar dev.slipway.bench.AnalysisBenchmark "$@"
