#!/usr/bin/env bash
# Webhook delivery (issue 5), two measurements:
#   throughput [alerts=20000] [rounds=3]: alerts written into the Redis alert stream as the job's Redis sink writes them,
#     delivered by the webhook sink to one standard subscription on a local receiver answering 204; deliveries/s and
#     deliveries per CPU-second of the JVM (WebhookDeliveryThroughput).
#   latency [rate=1000] [seconds=30] [warm-up=5] [links=3*rate]: paced customer clicks on the whole pipeline, alert ->
#     standard webhook on a local receiver; receive time - the alert's occurredAt, p50/p90/p99/max (ClickToWebhookLatency).
# Everything (sender, gateway, broker, Flink, Redis, receiver) runs on this machine. Extra JVM options in LP_BENCH_JAVA_OPTS.
# Usage: deploy/bench/webhook-delivery.sh throughput|latency [args...]
set -euo pipefail
source "$(dirname "$0")/run-bench.sh"
case "${1:-}" in
  throughput) main=io.leadpulse.launcher.bench.WebhookDeliveryThroughput ;;
  latency) main=io.leadpulse.launcher.bench.ClickToWebhookLatency ;;
  *) echo "usage: $0 throughput [alerts] [rounds] | latency [rate] [seconds] [warm-up seconds] [links]" >&2; exit 2 ;;
esac
shift
run_bench 4g "$main" "$@"
