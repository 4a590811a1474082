#!/usr/bin/env bash
# Issue 4: click -> alert in Redis at a sustained rate on the whole pipeline (ClickToAlertRate): paced open-loop customer
# clicks through the gateway, latency = the alert's lp:alerts stream entry time (Redis clock) - the click's occurredAt;
# p50/p90/p99/max, split at detectedAt. Target: p99 <= 250 ms at 5,000 clicks/s.
# Usage: deploy/bench/click-to-alert-rate.sh [rate=5000] [seconds=30] [warm-up seconds=5] [wrk connections=max(32, rate/50)]
# Extra JVM options (a profiler) in LP_BENCH_JAVA_OPTS; LP_BENCH_NO_BUILD=1 reuses the last build.
set -euo pipefail
source "$(dirname "$0")/run-bench.sh"
run_bench 4g io.leadpulse.launcher.bench.ClickToAlertRate "$@"
