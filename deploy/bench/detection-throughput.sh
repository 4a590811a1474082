#!/usr/bin/env bash
# Whole detection job vs a pass-through job (same Kafka sources, discarding sink) on the same recorded events,
# parallelism 1, alternating rounds after warm-up rounds of each that are not counted; rates by wall time and per CPU-second
# of the JVM. Usage: deploy/bench/detection-throughput.sh [leads=100000] [rounds=3] [hashmap|rocksdb] [warm-up rounds=2]
# Extra JVM options (a profiler, e.g. -XX:StartFlightRecording=filename=bench.jfr) come in LP_BENCH_JAVA_OPTS;
# LP_BENCH_NO_BUILD=1 reuses what the last run built (the build takes a core for a minute). Every run is a job on one mini
# cluster that lives for the whole benchmark; LP_BENCH_CLUSTER=per-run starts one per run (as up to session 11).
set -euo pipefail
source "$(dirname "$0")/run-bench.sh"
run_bench "${LP_BENCH_HEAP:-4g}" io.leadpulse.launcher.bench.DetectionThroughput "$@"
