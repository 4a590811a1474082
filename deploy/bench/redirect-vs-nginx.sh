#!/usr/bin/env bash
# The gateway against nginx, side by side, three rounds, access logs off on both; every click or beacon the gateway
# answers is produced to the embedded Kafka broker. Needs Debian's wrk and nginx (apt-get install wrk nginx-light).
# A third peer, "floor", is Undertow with the gateway's options answering the same 302 or 204 from constants
# (tracking-gateway/src/test/java/io/leadpulse/gateway/bench/UndertowFloor.java): the most the gateway could reach on
# its HTTP server here. ./leadpulse builds first when sources changed.
#   redirect: GET /l/{code}, nginx answering a fixed 302
#   beacon:   POST /v1/beacon with a new (c, s) each time (deploy/bench/beacons.lua), nginx answering 204
# Requests carry the Host header a tracking link has (a domain; HOST_HEADER= sends wrk's default, the address
# literal, which Undertow checks with a regular expression on every request). The gateway is warmed up for
# WARMUP seconds first (default 120: under wrk its JIT compilers still took 14 % of its CPU 30-45 s in, 0.4 % after
# 90 s); each gateway round prints the JIT's share of a core during the round, to show the gateway was warm.
# PAUSE_MS=n makes every connection wait n ms before each request (paced.lua, beacons.lua), so that the connection
# count sets the rate: for the latency at a given rate rather than the most requests a second.
# Usage: deploy/bench/redirect-vs-nginx.sh [seconds=10] [connections=32] [redirect|beacon]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
conns=${2:-32}
route=${3:-redirect}
warmup=${WARMUP:-120}
pause=${PAUSE_MS:-0}
host=${HOST_HEADER-go.leadpulse.example}
state=$(mktemp -d)
mkdir -p /tmp/lp-bench-nginx
nginx -c "$PWD/deploy/bench/nginx.conf" & nginx_pid=$!
LP_ACCESS_LOG=off LP_BEACON_RATE_PER_CLIENT=1000000 LP_STATE_DIR="$state" LP_HTTP_PORT=18383 ./leadpulse gateway \
  > "$state/gateway.out" 2>&1 & gateway_pid=$!
floor_pid=
trap 'kill $gateway_pid $nginx_pid $floor_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$state"' EXIT
until grep -q 'is up' "$state/gateway.out" 2>/dev/null; do sleep 1; done
jvm=$(pgrep -P $gateway_pid java || echo $gateway_pid)
jit_ticks() { # CPU clock ticks of the gateway JVM's compiler threads so far (one that exits during a round is missed)
  for task in /proc/"$jvm"/task/*; do
    if grep -q Compiler "$task/comm" 2>/dev/null; then sed -E 's/^.*\) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}'; fi
  done | awk '{sum += $1} END {print sum + 0}' || echo 0
}
java -cp "tracking-gateway/target/test-classes:$(cat deploy/launcher/target/classpath.txt)" \
  io.leadpulse.gateway.bench.UndertowFloor 18384 > "$state/floor.out" 2>&1 & floor_pid=$!
until grep -q 'is up' "$state/floor.out" 2>/dev/null; do sleep 1; done
code=$(curl -sf -X POST http://127.0.0.1:18383/v1/links -H "Authorization: Bearer $(cat "$state/secrets/api-key")" \
  -H 'Content-Type: application/json' -d '{"repId": "r", "teamId": "t", "leadId": "L", "targetUrl": "https://example.com/outline"}' \
  | sed -E 's/.*"code":"([^"]+)".*/\1/')
args=(-t2 -c"$conns" -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0')
[ -n "$host" ] && args+=(-H "Host: $host")
if [ "$route" = beacon ]; then
  clicks=$(for i in $(seq 64); do
    curl -s -o /dev/null -w '%{redirect_url}\n' "http://127.0.0.1:18383/l/$code" | sed -E 's/.*lp_c=([^&#]+).*/\1/'
  done | paste -sd,)
  path=/v1/beacon
  script=(-s deploy/bench/beacons.lua)
  script_args=(-- "$clicks" 2 0 "$pause")
else
  path=/l/$code
  script=()
  script_args=()
  [ "$pause" != 0 ] && script=(-s deploy/bench/paced.lua) && script_args=(-- "$pause")
fi
wrk "${args[@]}" -d"$warmup"s "${script[@]}" "http://127.0.0.1:18383$path" "${script_args[@]}" > /dev/null
wrk "${args[@]}" -d10s "${script[@]}" "http://127.0.0.1:18384$path" "${script_args[@]}" > /dev/null
for round in 1 2 3; do
  [ "$route" = beacon ] && script_args=(-- "$clicks" 2 $((round * 150000)) "$pause")   # s from 0 in the warm-up, then 150,000 a round
  for target in "nginx http://127.0.0.1:18090$path" "floor http://127.0.0.1:18384$path" "gateway http://127.0.0.1:18383$path"; do
    set -- $target
    jit_before=$(jit_ticks)
    result=$(wrk "${args[@]}" -d"$secs"s --latency "${script[@]}" "$2" "${script_args[@]}" \
      | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {print rps " req/s, p50 " p50 ", p99 " p99 (bad ? ", non-2xx/3xx " bad : "")}')
    [ "$1" != gateway ] || result+=$(awk -v t=$(( $(jit_ticks) - jit_before )) -v hz="$(getconf CLK_TCK)" -v s="$secs" \
      'BEGIN {printf ", JIT %.1f %% of a core", 100 * (t < 0 ? 0 : t) / hz / s}')
    echo "round $round $1: $result"
  done
done
curl -s http://127.0.0.1:18383/metrics | grep -E '^lp_gateway_events_(produced|failed|rejected)_total '
