#!/usr/bin/env bash
# Whole detection job vs a pass-through job (same Kafka sources, discarding sink) on the same recorded events,
# parallelism 1, alternating rounds. Usage: deploy/bench/detection-throughput.sh [leads=100000] [rounds=3] [hashmap|rocksdb]
# Extra JVM options (a profiler, e.g. -XX:StartFlightRecording=filename=bench.jfr) come in LP_BENCH_JAVA_OPTS;
# LP_BENCH_NO_BUILD=1 reuses what the last run built and installed (the build takes a core for a minute).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${LP_BENCH_NO_BUILD:-}" ] || [ ! -f deploy/launcher/target/test-classpath.txt ]; then
  ./mvnw -q -B -DskipTests install
  ./mvnw -q -B -pl deploy/launcher dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
cp="deploy/launcher/target/test-classes:deploy/launcher/target/classes:$(cat deploy/launcher/target/test-classpath.txt)"
exec java -Xmx4g ${LP_BENCH_JAVA_OPTS:-} --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$cp" io.leadpulse.launcher.bench.DetectionThroughput "$@"
