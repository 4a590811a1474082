#!/usr/bin/env bash
# GET /l/{code} on the gateway (every click produced to the embedded Kafka broker) against nginx answering a fixed
# 302, side by side, three rounds; access logs off on both. Needs Debian's wrk and nginx (apt-get install wrk nginx-light).
# Usage: deploy/bench/redirect-vs-nginx.sh [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
conns=${2:-32}
state=$(mktemp -d)
mkdir -p /tmp/lp-bench-nginx
nginx -c "$PWD/deploy/bench/nginx.conf" & nginx_pid=$!
LP_ACCESS_LOG=off LP_STATE_DIR="$state" LP_HTTP_PORT=18383 ./leadpulse gateway > "$state/gateway.out" 2>&1 & gateway_pid=$!
trap 'kill $gateway_pid $nginx_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$state"' EXIT
until grep -q 'is up' "$state/gateway.out" 2>/dev/null; do sleep 1; done
code=$(curl -sf -X POST http://127.0.0.1:18383/v1/links -H "Authorization: Bearer $(cat "$state/secrets/api-key")" \
  -H 'Content-Type: application/json' -d '{"repId": "r", "teamId": "t", "leadId": "L", "targetUrl": "https://example.com/outline"}' \
  | sed -E 's/.*"code":"([^"]+)".*/\1/')
ua='User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0'
wrk -t2 -c"$conns" -d"$secs"s -H "$ua" "http://127.0.0.1:18383/l/$code" > /dev/null   # JIT warm-up
for round in 1 2 3; do
  for target in "nginx http://127.0.0.1:18090/l/$code" "gateway http://127.0.0.1:18383/l/$code"; do
    set -- $target
    echo "round $round $1: $(wrk -t2 -c"$conns" -d"$secs"s --latency -H "$ua" "$2" | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} END {print rps " req/s, p50 " p50 ", p99 " p99}')"
  done
done
curl -s http://127.0.0.1:18383/metrics | grep -E '^lp_gateway_events_(produced|failed|rejected)_total '
