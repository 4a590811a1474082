#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot path (RedirectHotPathBenchmark). Extra arguments go to JMH,
# e.g. a regexp to pick benchmarks: deploy/bench/jmh.sh clickId
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -DskipTests -pl tracking-gateway -am install
./mvnw -q -B -pl tracking-gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="tracking-gateway/target/test-classes:tracking-gateway/target/classes:$(cat tracking-gateway/target/test-classpath.txt)"
exec java -cp "$cp" org.openjdk.jmh.Main "${@:-RedirectHotPathBenchmark}"
