#!/usr/bin/env bash
# Runs Apache RocketMQ's own C# client against the dev broker twice: in memory, then durable
# (--data) with signed requests (--access-key/--secret-key). Usage:
#   tools/OfficialClientCheck/check.sh <checkout of apache/rocketmq-clients, protos submodule included>
set -euo pipefail
clients=$(realpath "${1:?usage: check.sh <checkout of apache/rocketmq-clients>}")
here=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
root=$(realpath "$here/../..")

dotnet build "$root/RocketMq/DevBroker" -v quiet -nologo
dotnet build "$here" -v quiet -nologo -p:RocketMqClientsSource="$clients"

broker_pid=""
data=$(mktemp -d)
stop_broker() { if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; broker_pid=""; fi; }
trap 'stop_broker; rm -rf "$data"' EXIT

# A short transaction timeout and check interval, so the check-back comes within seconds.
run() {
  local name=$1 keys=(); shift
  local log="$data/broker-$RANDOM.log" endpoint=""
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
  echo "== dev broker, $name ($endpoint)"
  if [[ " $* " == *" --access-key "* ]]; then keys=(--access-key check-ak --secret-key check-secret); fi
  dotnet "$here/bin/Debug/net10.0/OfficialClientCheck.dll" --endpoint "$endpoint" "${keys[@]}" || { echo "-- broker log:"; cat "$log"; exit 1; }
  stop_broker
}

run "in memory"
run "durable, signed" --data "$data/journal" --access-key check-ak --secret-key check-secret
