#!/usr/bin/env bash
# Where the detection job's CPU goes: runs deploy/bench/detection-throughput.sh (same arguments) and reads every thread
# of its JVM (/proc/<pid>/task/*/stat) four times a second; sums each thread's CPU over the readings in which a
# detection run is going (its lead task exists), digits in thread names folded, so the JIT compiler and the garbage
# collector show beside the job's tasks. Usage: deploy/bench/detection-thread-cpu.sh [same as detection-throughput.sh]
set -euo pipefail
cd "$(dirname "$0")/../.."
readings=$(mktemp)
trap 'rm -f "$readings" "$readings.log"' EXIT
deploy/bench/detection-throughput.sh "$@" > "$readings.log" 2>&1 & bench=$!
jvm=
until [ -n "$jvm" ]; do sleep 0.2; jvm=$(pgrep -f 'launcher.bench.DetectionThroughput' | head -1 || true); done
while kill -0 "$jvm" 2>/dev/null; do echo "--"; cat /proc/"$jvm"/task/*/stat 2>/dev/null || true; sleep 0.25; done > "$readings"
wait $bench
grep -E '^(round|median)' "$readings.log"
sed -nE 's/^--$/--/p; s/^([0-9]+) \((.*)\) [A-Z] (.*)$/\1\t\2\t\3/p' "$readings" | awk -F'\t' -v hz="$(getconf CLK_TCK)" '
  function reading() {
    if (live) { n++; for (t in now) { spent[name[t]] += now[t] - (t in before ? before[t] : 0) } }
    delete before; for (t in now) before[t] = now[t]; delete now; live = 0
  }
  $0 == "--" { reading(); next }
  { split($3, f, " "); t = $1; now[t] = f[11] + f[12]; gsub(/[0-9]+/, "#", $2); name[t] = $2; if ($2 ~ /^activation/) live = 1 }
  END { reading(); for (k in spent) total += spent[k]
        printf "  %7.2f s in all, over about %.1f s of detection runs (%.2f cores)\n", total / hz, n / 4, total / hz / (n / 4)
        for (k in spent) if (spent[k] > 0) printf "  %7.2f s %5.1f %%  %s\n", spent[k] / hz, 100 * spent[k] / total, k }' | sort -rn
