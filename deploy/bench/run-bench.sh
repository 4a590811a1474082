# Sourced by the benchmark scripts: run_bench <heap> <main class> [args...] builds the project (unless
# LP_BENCH_NO_BUILD=1 and a build exists), then runs the launcher's benchmark class on its test classpath with extra
# JVM options from LP_BENCH_JAVA_OPTS, printing the machine and the load average at the start, every 15 s and at the end.
run_bench() {
  local heap=$1 main=$2
  shift 2
  cd "$(dirname "${BASH_SOURCE[0]}")/../.."
  if [ -z "${LP_BENCH_NO_BUILD:-}" ] || [ ! -f deploy/launcher/target/test-classpath.txt ]; then
    ./mvnw -q -B -DskipTests package   # also writes deploy/launcher/target/test-classpath.txt (this checkout's jars)
  fi
  local cp="deploy/launcher/target/test-classes:deploy/launcher/target/classes:$(cat deploy/launcher/target/test-classpath.txt)"
  echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  (while sleep 15; do echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; done) &
  local sampler=$!
  trap "kill $sampler" EXIT
  java -Xmx"$heap" ${LP_BENCH_JAVA_OPTS:-} --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$cp" "$main" "$@"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}
