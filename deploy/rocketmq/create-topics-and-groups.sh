#!/usr/bin/env bash
# One-shot init for the RocketMQ containers: creates the topics, each with its message type, and the
# consumer groups the applications need.
#   ROCKETMQ_TOPICS="user-registered:TRANSACTION other:NORMAL"   ROCKETMQ_GROUPS="points-service"
# mqadmin exits 0 even when it fails, and does nothing while the broker has not yet registered
# with the name server, so success is read from its output and every step is retried.
set -uo pipefail

namesrv="${NAMESRV_ADDR:-rocketmq-namesrv:9876}"
cluster="${ROCKETMQ_CLUSTER:-DefaultCluster}"
topics="${ROCKETMQ_TOPICS:?name the topics as ROCKETMQ_TOPICS=\"name:TYPE ...\"}"
groups="${ROCKETMQ_GROUPS:-}"
attempts="${INIT_ATTEMPTS:-30}"
pause="${INIT_PAUSE_SECONDS:-2}"

run_until_success() {
  local what="$1"; shift
  local output
  for ((i = 1; i <= attempts; i++)); do
    output=$(sh mqadmin "$@" 2>&1)
    if grep -q "success" <<<"$output"; then
      echo "rocketmq-init: $what: done"
      return 0
    fi
    echo "rocketmq-init: $what: attempt $i/$attempts did not succeed; last output:" >&2
    echo "$output" | tail -n 3 >&2
    sleep "$pause"
  done
  echo "rocketmq-init: FAILED to $what after $attempts attempts" >&2
  return 1
}

for topic in $topics; do
  name="${topic%%:*}"
  type="NORMAL"
  [[ "$topic" == *:* ]] && type="${topic#*:}"
  run_until_success "create $type topic $name" \
    updateTopic -n "$namesrv" -c "$cluster" -t "$name" -a "+message.type=$type" || exit 1
done

for group in $groups; do
  run_until_success "create consumer group $group" \
    updateSubGroup -n "$namesrv" -c "$cluster" -g "$group" || exit 1
done
