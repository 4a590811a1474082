#!/usr/bin/env bash
# Click -> alert latency against a running `./leadpulse up`: N customer clicks (each a new visitor), then, from the
# alerts in Redis (via GET /v1/alerts), detectedAt - occurredAt per alert: the time from the gateway taking the click
# to the detection job emitting the alert (the Redis write follows in the same call). Prints median, p90, p99, max.
# Usage: deploy/bench/click-to-alert.sh [clicks=200] [base=http://localhost:8080] [state dir=.leadpulse]
set -euo pipefail
n=${1:-200}
base=${2:-http://localhost:8080}
key=${LP_API_KEY:-$(cat "${3:-.leadpulse}/secrets/api-key")}
team="bench-$(date +%s)"

# 40 links clicked in turn: one link is clicked about once a second, slower than a scanner's burst.
codes=()
for i in $(seq 1 40); do
  codes+=("$(curl -sf -X POST "$base/v1/links" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"repId\": \"bench-rep\", \"teamId\": \"$team\", \"leadId\": \"bench-lead-$i\", \"targetUrl\": \"https://example.com/\"}" \
    | sed -E 's/.*"code":"([^"]+)".*/\1/')")
done
sleep 2.1   # clicks within 2 s of a link's creation are taken for a mail scanner
for i in $(seq 1 "$n"); do
  curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' "$base/l/${codes[$((i % 40))]}"
  sleep 0.02
done
sleep 2
curl -sf "$base/v1/alerts?teamId=$team&limit=1000" -H "Authorization: Bearer $key" | python3 -c '
import json, sys, statistics
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000
lat = sorted(t(a["detectedAt"]) - t(a["occurredAt"]) for a in json.load(sys.stdin))
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"alerts={len(lat)} median={statistics.median(lat):.0f}ms p90={q(0.90):.0f}ms p99={q(0.99):.0f}ms max={lat[-1]:.0f}ms")
'
