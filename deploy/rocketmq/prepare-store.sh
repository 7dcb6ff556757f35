#!/usr/bin/env bash
# Prepares the broker's store volume before the broker starts; run as root in the broker's image:
#   bash prepare-store.sh /home/rocketmq/store rocketmq:rocketmq [--keep]
# A new volume belongs to root, and the image runs RocketMQ as its user rocketmq (uid 3000), which
# could not write to it: the folder is handed to that user. Unless --keep is given, what an earlier
# run left there is removed first, so each run of the AppHost starts with an empty broker, as its
# PostgreSQL starts empty. This runs once per run: a broker restarted from the dashboard finds its
# store as it was. --keep is for a store that outlives the run (a named data volume).
set -euo pipefail

store="${1:?name the store folder, e.g. bash prepare-store.sh /home/rocketmq/store rocketmq:rocketmq}"
owner="${2:?name the user the broker runs as, e.g. rocketmq:rocketmq}"
keep="${3:-}"

if [[ -n "$keep" && "$keep" != "--keep" ]]; then
  echo "prepare-store: the third argument can only be --keep, not '$keep'" >&2
  exit 2
fi

if [[ ! -d "$store" ]]; then
  echo "prepare-store: $store is not a folder; mount the broker's store volume there" >&2
  exit 1
fi

if [[ -z "$keep" ]]; then
  find "$store" -mindepth 1 -delete
  chown "$owner" "$store"
  echo "prepare-store: $store is empty and belongs to $owner"
else
  # What the broker wrote is already its user's; only the folder itself may still be root's.
  chown "$owner" "$store"
  echo "prepare-store: $store is kept as it was and belongs to $owner"
fi
