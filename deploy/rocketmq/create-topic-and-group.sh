#!/usr/bin/env bash
# One-shot init for the RocketMQ container: declares the TRANSACTION topic and the consumer group.
# mqadmin exits 0 even when it fails, and does nothing while the broker has not yet registered
# with the name server, so success is read from its output and every step is retried.
set -uo pipefail

namesrv="${NAMESRV_ADDR:-rmqnamesrv:9876}"
cluster="${ROCKETMQ_CLUSTER:-DefaultCluster}"
topic="${ROCKETMQ_TOPIC:-user-registered}"
group="${ROCKETMQ_GROUP:-points-service}"
attempts="${INIT_ATTEMPTS:-30}"
pause="${INIT_PAUSE_SECONDS:-2}"

run_until_success() {
  local what="$1"; shift
  local output
  for ((i = 1; i <= attempts; i++)); do
    output=$(sh mqadmin "$@" 2>&1)
    if grep -q "success" <<<"$output"; then
      echo "rmqinit: $what: done"
      return 0
    fi
    echo "rmqinit: $what: attempt $i/$attempts did not succeed; last output:" >&2
    echo "$output" | tail -n 3 >&2
    sleep "$pause"
  done
  echo "rmqinit: FAILED to $what after $attempts attempts" >&2
  return 1
}

run_until_success "create TRANSACTION topic $topic" \
  updateTopic -n "$namesrv" -c "$cluster" -t "$topic" -a +message.type=TRANSACTION || exit 1
run_until_success "create consumer group $group" \
  updateSubGroup -n "$namesrv" -c "$cluster" -g "$group" || exit 1
