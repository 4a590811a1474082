#!/usr/bin/env bash
# Issue 4: many open leads with live silence timers on the heap or RocksDB state backend (OpenLeads): memory per lead,
# checkpoint size and duration, and silence timer lateness (detectedAt - deadline; target: all within 2 s).
# Usage: deploy/bench/open-leads.sh [leads=1000000] [hashmap|rocksdb] [rate=10000 leads/s] [silence seconds=feed + 60]
# The JVM gets LP_BENCH_XMX (default 8g); extra JVM options (a profiler) in LP_BENCH_JAVA_OPTS; LP_BENCH_NO_BUILD=1
# reuses the last build.
set -euo pipefail
source "$(dirname "$0")/run-bench.sh"
run_bench "${LP_BENCH_XMX:-8g}" io.leadpulse.launcher.bench.OpenLeads "$@"
