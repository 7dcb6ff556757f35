#!/usr/bin/env bash
# This repository's RocketMQ client against Apache's official C# client: transactional sends (begin,
# send the half message, commit) from concurrent senders, the same body, warm-up and measured
# window for both (ClientBench/). Each run starts a fresh dev broker, in memory, as a process of its
# own, runs one client against it and stops it; the two clients alternate, and the one that goes
# first alternates too. Prints each run's rates, the ratio and the load average before it.
#
#   tools/compare-clients.sh --csharp <folder> [--runs 3] [--senders 16] [--warmup 10] [--duration 20]
#
# <folder> is a checkout of apache/rocketmq-clients with its protos submodule.
set -euo pipefail
tools=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
root=$(realpath "$tools/..")
source "$tools/common.sh"
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" >&2; exit 2; }
csharp_source="" runs=3 loop=()
while [ $# -gt 0 ]; do
  case $1 in
    --csharp) csharp_source=$(realpath "${2:?--csharp needs a checkout of apache/rocketmq-clients}"); shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --senders|--warmup|--duration) loop+=("$1" "${2:?$1 needs a number}"); shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$csharp_source" ] || usage

dotnet build "$root/RocketMq/DevBroker" -c Release -v quiet -nologo
build_with_official_client "$tools/ClientBench" "$csharp_source" -c Release

work=$(mktemp -d)
trap 'stop_dev_broker; rm -rf "$work"' EXIT

# One client against a fresh broker; prints the load average before it and its result line.
measure() {
  local client=$1 log="$work/broker-$1-$2.log" load
  start_dev_broker "$root/RocketMq/DevBroker/bin/Release/net10.0/RocketMq.DevBroker.dll" "$log" --topic bench-transactions:TRANSACTION
  load=$(cut -d' ' -f1 /proc/loadavg)
  dotnet "$tools/ClientBench/bin/Release/net10.0/ClientBench.dll" --client "$client" --endpoint "$endpoint" --broker-pid "$broker_pid" "${loop[@]}" \
    > "$work/$client-$2.out" || { cat "$work/$client-$2.out" "$log"; exit 1; }
  stop_dev_broker
  echo "load-before=$load $(grep '^result ' "$work/$client-$2.out")"
  grep -v '^result ' "$work/$client-$2.out" >&2
}

field() { grep -o "$1=[0-9.]*" <<< "$2" | cut -d= -f2; }
rows=()
for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) -eq 1 ]; then order=(official ours); else order=(ours official); fi
  declare -A line=()
  for client in "${order[@]}"; do
    echo "== run $run: $client (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    line[$client]=$(measure "$client" "$run")
  done
  official=$(field per-second "${line[official]}") ours=$(field per-second "${line[ours]}")
  rows+=("$(printf '| %d | %s first | %s/s (load %s) | %s/s (load %s) | %.2f | %s / %s µs, %s B | %s / %s µs, %s B |' "$run" "${order[0]}" \
    "$official" "$(field load-before "${line[official]}")" "$ours" "$(field load-before "${line[ours]}")" \
    "$(awk "BEGIN { print $ours / $official }")" \
    "$(field client-cpu-us "${line[official]}")" "$(field broker-cpu-us "${line[official]}")" "$(field allocated-bytes "${line[official]}")" \
    "$(field client-cpu-us "${line[ours]}")" "$(field broker-cpu-us "${line[ours]}")" "$(field allocated-bytes "${line[ours]}")")")
  unset line
done

echo
echo "| Run | Order | Official C# client | This client | Ratio | Official, per transaction: CPU client / broker, allocated | This client, the same |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
