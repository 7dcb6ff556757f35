#!/usr/bin/env bash
# One-shot init for the RocketMQ containers: creates the topics, each with its message type, and the
# consumer groups the applications need.
#   ROCKETMQ_TOPICS="user-registered:TRANSACTION other:NORMAL"   ROCKETMQ_GROUPS="points-service"
# mqadmin exits 0 even when it fails, and does nothing while the broker has not yet registered
# with the name server, so success is read from its output and every step is retried.
# When the broker checks signatures (with-settings.sh), ROCKETMQ_ACCESS_KEY and
# ROCKETMQ_SECRET_KEY are the keys mqadmin signs with.
set -uo pipefail

namesrv="${NAMESRV_ADDR:-rocketmq-namesrv:9876}"
cluster="${ROCKETMQ_CLUSTER:-DefaultCluster}"
topics="${ROCKETMQ_TOPICS:?name the topics as ROCKETMQ_TOPICS=\"name:TYPE ...\"}"
groups="${ROCKETMQ_GROUPS:-}"
attempts="${INIT_ATTEMPTS:-30}"
pause="${INIT_PAUSE_SECONDS:-2}"

# mqadmin signs its requests with the keys in $ROCKETMQ_HOME/conf/tools.yml. The distribution's
# file holds sample keys; it is replaced by one with ours that only this user can read.
if [[ -n "${ROCKETMQ_ACCESS_KEY:-}${ROCKETMQ_SECRET_KEY:-}" ]]; then
  access_key="${ROCKETMQ_ACCESS_KEY:?ROCKETMQ_SECRET_KEY is set: set ROCKETMQ_ACCESS_KEY, the access key it belongs to, too}"
  secret_key="${ROCKETMQ_SECRET_KEY:?ROCKETMQ_ACCESS_KEY is set: set ROCKETMQ_SECRET_KEY, its secret key, too}"
  for key in "$access_key" "$secret_key"; do
    if [[ ! "$key" =~ ^[A-Za-z0-9._-]+$ ]]; then
      echo "rocketmq-init: ROCKETMQ_ACCESS_KEY and ROCKETMQ_SECRET_KEY may hold only letters, digits, '.', '_' and '-'" >&2
      exit 1
    fi
  done
  tools="${ROCKETMQ_HOME:?ROCKETMQ_HOME (set in the image) names the folder whose conf/tools.yml mqadmin reads}/conf/tools.yml"
  (umask 077 && printf "accessKey: '%s'\nsecretKey: '%s'\n" "$access_key" "$secret_key" >"$tools.new" && mv -f "$tools.new" "$tools") || exit 1
  echo "rocketmq-init: mqadmin signs as $access_key"
fi

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
