#!/usr/bin/env bash
# Drives the dev broker with Apache RocketMQ's official clients, which nobody here wrote: each
# client runs the same checks against the dev broker in memory; durable (--data) with signed
# requests; and durable across a SIGKILL and a restart on the same data folder.
#
#   tools/check-official-clients.sh                    the Node.js client, from npm
#   tools/check-official-clients.sh --csharp <folder>  also the C# client, built from a checkout of
#                                                      apache/rocketmq-clients (protos submodule included)
set -euo pipefail
tools=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
root=$(realpath "$tools/..")
source "$tools/common.sh"
csharp_source=""
while [ $# -gt 0 ]; do
  case $1 in
    --csharp) csharp_source=$(realpath "${2:?--csharp needs a checkout of apache/rocketmq-clients}"); shift 2 ;;
    *) sed -n '2,8p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
done

dotnet build "$root/RocketMq/DevBroker" -v quiet -nologo
(cd "$tools/NodeClientCheck" && npm ci --no-audit --no-fund --loglevel=error)
clients=("node $tools/NodeClientCheck/check.mjs")
if [ -n "$csharp_source" ]; then
  build_with_official_client "$tools/CSharpClientCheck" "$csharp_source"
  clients+=("dotnet $tools/CSharpClientCheck/bin/Debug/net10.0/CSharpClientCheck.dll")
fi

work=$(mktemp -d)
log=""
trap 'stop_dev_broker; rm -rf "$work"' EXIT

# A short transaction timeout and check interval, so check-backs come within seconds.
start_broker() {
  log="$work/broker-$RANDOM.log"
  start_dev_broker "$root/RocketMq/DevBroker/bin/Debug/net10.0/RocketMq.DevBroker.dll" "$log" \
    --topic user-registered:TRANSACTION --topic normal-messages --group points-service \
    --transaction-timeout 2s --check-interval 2s "$@"
}

signed=(--access-key check-ak --secret-key check-secret)
for client in "${clients[@]}"; do
  check() { $client --endpoint "$endpoint" "$@" || { echo "-- broker log:"; cat "$log"; exit 1; }; }

  start_broker
  echo "== ${client%% *} client, dev broker in memory"
  check
  stop_dev_broker

  start_broker --data "$work/signed-$RANDOM" "${signed[@]}"
  echo "== ${client%% *} client, dev broker durable, with signed requests"
  check "${signed[@]}"
  stop_dev_broker

  data="$work/killed-$RANDOM"
  start_broker --data "$data" "${signed[@]}"
  echo "== ${client%% *} client, dev broker durable, killed with SIGKILL and restarted on its data"
  check "${signed[@]}" --phase before-kill
  stop_dev_broker KILL
  start_broker --data "$data" "${signed[@]}"
  check "${signed[@]}" --phase after-restart
  stop_dev_broker
done
