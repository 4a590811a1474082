#!/usr/bin/env bash
# Where the gateway's CPU goes on the redirect: ./leadpulse gateway (access log off) under wrk on GET /l/{code}, warmed
# up for WARMUP seconds (default 30), then the CPU seconds of each of its JVM's threads (/proc/<pid>/task/*/stat, digits
# in names folded) over SECONDS of wrk at full speed, with the rate, so each thread's share reads as microseconds per
# click. Needs Debian's wrk. Usage: deploy/bench/redirect-thread-cpu.sh [seconds=15] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}
conns=${2:-32}
warmup=${WARMUP:-30}
state=$(mktemp -d)
LP_ACCESS_LOG=off LP_STATE_DIR="$state" LP_HTTP_PORT=18383 ./leadpulse gateway > "$state/gateway.out" 2>&1 & gateway_pid=$!
trap 'kill $gateway_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$state"' EXIT
until grep -q 'is up' "$state/gateway.out" 2>/dev/null; do sleep 1; done
jvm=$(pgrep -P $gateway_pid java || echo $gateway_pid)
code=$(curl -sf -X POST http://127.0.0.1:18383/v1/links -H "Authorization: Bearer $(cat "$state/secrets/api-key")" \
  -H 'Content-Type: application/json' -d '{"repId": "r", "teamId": "t", "leadId": "L", "targetUrl": "https://example.com/outline"}' \
  | sed -E 's/.*"code":"([^"]+)".*/\1/')
args=(-t2 -c"$conns" -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' -H 'Host: go.leadpulse.example')
wrk "${args[@]}" -d"$warmup"s "http://127.0.0.1:18383/l/$code" > /dev/null
threads() { # thread name (digits folded) and utime+stime in clock ticks, one line per thread
  for stat in /proc/"$jvm"/task/*/stat; do cat "$stat" 2>/dev/null; echo; done \
    | sed -nE 's/^[0-9]+ \((.*)\) (.*)$/\1\t\2/p' | awk -F'\t' '{split($2, f, " "); name = $1; gsub(/[0-9]+/, "#", name); print name "\t" f[12] + f[13]}'
}
wrk "${args[@]}" -d"$((secs + 4))"s "http://127.0.0.1:18383/l/$code" > "$state/wrk.txt" &
sleep 2
threads > "$state/before"
sleep "$secs"
threads > "$state/after"
wait %2 2>/dev/null || wait
rate=$(awk '/Requests\/sec/ {print $2}' "$state/wrk.txt")
echo "gateway under wrk: $rate clicks/s; CPU per thread over $secs s:"
awk -F'\t' -v hz="$(getconf CLK_TCK)" -v secs="$secs" -v rate="$rate" '
  FNR == NR { before[$1] += $2; next } { after[$1] += $2 }
  END { for (n in after) { s = (after[n] - before[n]) / hz; total += s; cpu[n] = s }
        for (n in cpu) if (cpu[n] > 0) printf "  %7.2f s %5.1f %% %6.2f us/click  %s\n", cpu[n], 100 * cpu[n] / total, 1e6 * cpu[n] / secs / rate, n
        printf "  %7.2f s in all (%.2f cores)\n", total, total / secs }' "$state/before" "$state/after" | sort -rn
