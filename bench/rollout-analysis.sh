#!/usr/bin/env bash
# Benchmark: validation of rolling updates and blue-green switches on the sandbox's seeded traffic (100 requests/s;
# the old version fails 1 %, the new one 10 % or 1 %): median time from the new version's first request to all
# traffic back on the old one, and the false-rollback rate of a healthy new version, for Slipway's default panel
# (judged during the rollout and in a verification window) and, on the same traffic and phases, a Flagger-style fixed
# 60 s check and Argo Rollouts' documented example (5 m, failureLimit 3). Prints a markdown table. See
# docs/benchmarks.md.
# Usage: bench/rollout-analysis.sh [--rps 100] [--trials 100] [--healthy-trials 500] [--seed 42] [--window 5m]
#        [--threads N]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/jdk.sh
./mvnw -q -o -pl slipway-bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -Xmx1g -cp slipway-bench/target/slipway-bench.jar dev.slipway.bench.RolloutAnalysisBenchmark "$@"
