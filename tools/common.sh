# Sourced by the scripts beside it.

# Builds a project that references Apache's official C# client from a checkout of
# apache/rocketmq-clients: build_with_official_client <project> <checkout> [dotnet build options...].
# OfficialCsharpClient.targets goes into every project's build, where it changes only the official
# client's, to stand in for the one package of it that the package feed does not serve.
build_with_official_client() {
  local project=$1 checkout=$2; shift 2
  dotnet build "$project" -v quiet -nologo "$@" -p:RocketMqClientsSource="$checkout" \
    -p:CustomAfterMicrosoftCommonTargets="$(realpath "$(dirname "${BASH_SOURCE[0]}")")/OfficialCsharpClient/OfficialCsharpClient.targets"
}

# Runs the dev broker as a process of its own on a free port: start_dev_broker <dll> <log> [broker
# arguments...] sets broker_pid, and endpoint once it serves; stop_dev_broker [signal] ends it.
broker_pid="" endpoint=""
start_dev_broker() {
  local dll=$1 log=$2; shift 2
  endpoint=""
  dotnet "$dll" --port 0 "$@" > "$log" 2>&1 &
  broker_pid=$!
  # The broker picks a free port and says which once it serves.
  until [ -n "$endpoint" ]; do
    kill -0 "$broker_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
    endpoint=$(grep -o 'MessagingService on [0-9.:]*' "$log" | head -1 | cut -d' ' -f3 || true)
  done
}
stop_dev_broker() {
  if [ -n "$broker_pid" ]; then
    kill "-${1:-TERM}" "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
    broker_pid=""
  fi
}
