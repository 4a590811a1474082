#!/usr/bin/env bash
# Two builds of the gateway side by side on GET /l/{code}, with nginx as the common peer: A from another checkout
# (built; e.g. `git worktree add ../base <commit> && (cd ../base && ./mvnw -q -B package -DskipTests)`), B from this
# one. Both run at once, each with its own embedded broker (idle while the other is measured), so a change is compared
# within the same minutes of a noisy machine instead of across runs; rounds alternate which goes first.
# Each gateway is warmed up for WARMUP seconds (default 120) before the rounds. Needs Debian's wrk and nginx.
# Usage: deploy/bench/redirect-a-b.sh <checkout A> [rounds=5] [seconds=10] [connections=32]
set -euo pipefail
base=$(cd "${1:?usage: $0 <checkout A> [rounds] [seconds] [connections]}" && pwd)
cd "$(dirname "$0")/../.."
rounds=${2:-5}
secs=${3:-10}
conns=${4:-32}
warmup=${WARMUP:-120}
state_a=$(mktemp -d)
state_b=$(mktemp -d)
nginx_pid= gateway_a= gateway_b=
trap 'kill $gateway_a $gateway_b $nginx_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$state_a" "$state_b"' EXIT
mkdir -p /tmp/lp-bench-nginx
nginx -c "$PWD/deploy/bench/nginx.conf" & nginx_pid=$!
(cd "$base" && LP_ACCESS_LOG=off LP_STATE_DIR="$state_a" LP_HTTP_PORT=18383 exec ./leadpulse gateway) > "$state_a/gateway.out" 2>&1 &
gateway_a=$!
LP_ACCESS_LOG=off LP_STATE_DIR="$state_b" LP_HTTP_PORT=18385 ./leadpulse gateway > "$state_b/gateway.out" 2>&1 & gateway_b=$!
until grep -q 'is up' "$state_a/gateway.out" 2>/dev/null && grep -q 'is up' "$state_b/gateway.out" 2>/dev/null; do
  for pid in $gateway_a $gateway_b; do
    kill -0 "$pid" 2>/dev/null || { echo "a gateway did not start:" >&2; tail -5 "$state_a/gateway.out" "$state_b/gateway.out" >&2; exit 1; }
  done
  sleep 1
done
new_link() { # port, state directory
  curl -sf -X POST "http://127.0.0.1:$1/v1/links" -H "Authorization: Bearer $(cat "$2/secrets/api-key")" \
    -H 'Content-Type: application/json' -d '{"repId": "r", "teamId": "t", "leadId": "L", "targetUrl": "https://example.com/outline"}' \
    | sed -E 's/.*"code":"([^"]+)".*/\1/'
}
url_a=http://127.0.0.1:18383/l/$(new_link 18383 "$state_a")
url_b=http://127.0.0.1:18385/l/$(new_link 18385 "$state_b")
args=(-t2 -c"$conns" -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' -H 'Host: go.leadpulse.example')
wrk "${args[@]}" -d"$warmup"s "$url_a" > /dev/null
wrk "${args[@]}" -d"$warmup"s "$url_b" > /dev/null
rate() { wrk "${args[@]}" -d"$secs"s "$1" | awk '/Requests\/sec/ {rps = $2} END {print rps + 0}'; }
for round in $(seq "$rounds"); do
  nginx_rate=$(rate http://127.0.0.1:18090/l/x)
  if [ $((round % 2)) = 1 ]; then a=$(rate "$url_a"); b=$(rate "$url_b"); else b=$(rate "$url_b"); a=$(rate "$url_a"); fi
  awk -v r="$round" -v n="$nginx_rate" -v a="$a" -v b="$b" \
    'BEGIN {if (n * a == 0) {print "round " r ": a wrk run reported no rate"; exit}
            printf "round %d: nginx %.0f req/s, A %.0f (%.2fx nginx), B %.0f (%.2fx nginx), B/A %.3f\n", r, n, a, a / n, b, b / n, b / a}'
done
