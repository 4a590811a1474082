#!/usr/bin/env bash
# Issue 4: many open leads with live silence timers on the heap or RocksDB state backend (OpenLeads): memory per lead,
# checkpoint size and duration, and silence timer lateness (detectedAt - deadline; target: all within 2 s).
# Usage: deploy/bench/open-leads.sh [leads=1000000] [hashmap|rocksdb] [rate=10000 leads/s] [silence seconds=feed + 60]
# The JVM gets LP_BENCH_XMX (default 8g); extra JVM options (a profiler) in LP_BENCH_JAVA_OPTS; LP_BENCH_NO_BUILD=1
# reuses the last build.
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
java -Xmx"${LP_BENCH_XMX:-8g}" ${LP_BENCH_JAVA_OPTS:-} --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$cp" io.leadpulse.launcher.bench.OpenLeads "$@"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
