#!/usr/bin/env bash
# JMH micro-benchmarks: the gateway's hot path (RedirectHotPathBenchmark), or with LP_JMH_MODULE=flink-jobs the
# detection job's state (LeadStateBenchmark). Extra arguments go to JMH, e.g. a regexp to pick benchmarks:
# deploy/bench/jmh.sh clickId; LP_JMH_MODULE=flink-jobs deploy/bench/jmh.sh LeadStateBenchmark
set -euo pipefail
cd "$(dirname "$0")/../.."
module=${LP_JMH_MODULE:-tracking-gateway}
./mvnw -q -B -DskipTests -pl "$module" -am install
./mvnw -q -B -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")"
exec java -cp "$cp" org.openjdk.jmh.Main "${@:-Benchmark}"
