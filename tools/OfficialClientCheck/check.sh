#!/usr/bin/env bash
# Runs Apache RocketMQ's own C# client against the dev broker: in memory; durable (--data) with
# signed requests (--access-key/--secret-key); and durable across a SIGKILL and a restart. Usage:
#   tools/OfficialClientCheck/check.sh <checkout of apache/rocketmq-clients, protos submodule included>
set -euo pipefail
clients=$(realpath "${1:?usage: check.sh <checkout of apache/rocketmq-clients>}")
here=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
root=$(realpath "$here/../..")

dotnet build "$root/RocketMq/DevBroker" -v quiet -nologo
dotnet build "$here" -v quiet -nologo -p:RocketMqClientsSource="$clients"

work=$(mktemp -d)
broker_pid="" endpoint="" log=""
stop_broker() { if [ -n "$broker_pid" ]; then kill "-${1:-TERM}" "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; broker_pid=""; fi; }
trap 'stop_broker; rm -rf "$work"' EXIT

# A short transaction timeout and check interval, so check-backs come within seconds.
start_broker() {
  log="$work/broker-$RANDOM.log" endpoint=""
  dotnet "$root/RocketMq/DevBroker/bin/Debug/net10.0/RocketMq.DevBroker.dll" --port 0 \
    --topic user-registered:TRANSACTION --topic normal-messages --group points-service \
    --transaction-timeout 2s --check-interval 2s "$@" > "$log" 2>&1 &
  broker_pid=$!
  # The broker picks a free port and says which once it serves.
  until [ -n "$endpoint" ]; do
    kill -0 "$broker_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
    endpoint=$(grep -o 'MessagingService on [0-9.:]*' "$log" | head -1 | cut -d' ' -f3 || true)
  done
}

check() {
  dotnet "$here/bin/Debug/net10.0/OfficialClientCheck.dll" --endpoint "$endpoint" "$@" || { echo "-- broker log:"; cat "$log"; exit 1; }
}

signed=(--access-key check-ak --secret-key check-secret)

start_broker
echo "== dev broker in memory ($endpoint)"
check
stop_broker

start_broker --data "$work/signed" "${signed[@]}"
echo "== dev broker durable, with signed requests ($endpoint)"
check "${signed[@]}"
stop_broker

start_broker --data "$work/killed" "${signed[@]}"
echo "== dev broker durable, killed with SIGKILL and restarted on its data ($endpoint)"
check "${signed[@]}" --phase before-kill
stop_broker KILL
start_broker --data "$work/killed" "${signed[@]}"
check "${signed[@]}" --phase after-restart
stop_broker
