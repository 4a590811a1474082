#!/usr/bin/env bash
# Issue 4: click -> alert in Redis at a sustained rate on the whole pipeline (ClickToAlertRate): paced open-loop customer
# clicks through the gateway, latency = the alert's lp:alerts stream entry time (Redis clock) - the click's occurredAt;
# p50/p90/p99/max, split at detectedAt. Target: p99 <= 250 ms at 5,000 clicks/s.
# Usage: deploy/bench/click-to-alert-rate.sh [rate=5000] [seconds=30] [warm-up seconds=5] [sender threads=rate/50]
# Extra JVM options (a profiler) in LP_BENCH_JAVA_OPTS; LP_BENCH_NO_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${LP_BENCH_NO_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests install
  ./mvnw -q -B -pl deploy/launcher dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
cp="deploy/launcher/target/test-classes:deploy/launcher/target/classes:$(cat deploy/launcher/target/test-classpath.txt)"
echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
(while sleep 15; do echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; done) &
sampler=$!
trap 'kill $sampler' EXIT
java -Xmx4g ${LP_BENCH_JAVA_OPTS:-} --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$cp" io.leadpulse.launcher.bench.ClickToAlertRate "$@"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
