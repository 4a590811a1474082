#!/usr/bin/env bash
# Whole detection job vs a pass-through job (same Kafka sources, discarding sink) on the same recorded events,
# parallelism 1, alternating rounds after warm-up rounds of each that are not counted; rates by wall time and per CPU-second
# of the JVM. Usage: deploy/bench/detection-throughput.sh [leads=100000] [rounds=3] [hashmap|rocksdb] [warm-up rounds=2]
# Extra JVM options (a profiler, e.g. -XX:StartFlightRecording=filename=bench.jfr) come in LP_BENCH_JAVA_OPTS;
# LP_BENCH_NO_BUILD=1 reuses what the last run built (the build takes a core for a minute). Every run is a job on one mini
# cluster that lives for the whole benchmark; LP_BENCH_CLUSTER=per-run starts one per run (as up to session 11).
# LP_BENCH_XMX sets the heap (default 4g). Each round runs four jobs: the pass-through, the sources with the job's own
# decoding ("decode only"), the keyed floor (the detection job's sources, decoding, four keyed shuffles and broadcast
# rules with one state value and one timer per key in each stage, none of its rules: KeyedFloor), and the detection job.
# On rocksdb the job runs RocksDB as `up` does (LP_ROCKSDB_MEMORY, default 1g, bloom filters); up to session 15 this
# benchmark ran it with Flink's local defaults (64 MB), so its earlier RocksDB figures are not comparable.
set -euo pipefail
source "$(dirname "$0")/run-bench.sh"
# The heap starts at its full size (-Xms = -Xmx, as Flink starts its task managers): the System.gc() before each run
# would otherwise shrink it, and every run would begin with a small young generation that copies the state it builds
# over and over (a quarter of the detection job's CPU went to the collector that way; docs/benchmarks.md, session 12).
heap=${LP_BENCH_XMX:-4g}
export LP_BENCH_JAVA_OPTS="-Xms$heap ${LP_BENCH_JAVA_OPTS:-}"
run_bench "$heap" io.leadpulse.launcher.bench.DetectionThroughput "$@"
