#!/usr/bin/env bash
# Starts a RocketMQ process on configuration that holds what only its environment knows:
#   bash with-settings.sh sh mqbroker -c /home/rocketmq/rendered/broker.conf
#   bash with-settings.sh sh mqproxy -pc /home/rocketmq/rendered/rmq-proxy.json
# A read-only mounted file cannot hold a secret or an address chosen at start, so this script
# copies the broker.conf and rmq-proxy.json mounted beside it (whichever are there) into
# rendered/ beside it, adds the settings below, then runs its arguments in its place (exec):
#   ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY   RocketMQ 5.3's authentication (ACL 2.0): every request
#       must be signed with this one key pair. The broker keeps it as its super user and checks the
#       requests that reach it (mqadmin's, the proxy's); the proxy checks the applications' requests
#       against the users it reads from the broker, and signs its own calls to the broker with it.
#       Authorization stays off. Both keys or neither.
#   OTEL_EXPORTER_OTLP_ENDPOINT   where the process exports its own metrics over OTLP/gRPC (a URL:
#       RocketMQ takes a bare host:port for https), with OTEL_EXPORTER_OTLP_HEADERS ("k=v,k2=v2")
#       sent as headers. Without it, metrics stay off.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/rendered"

fail() {
  echo "with-settings: $*" >&2
  exit 1
}

templates=()
for file in broker.conf rmq-proxy.json; do
  [[ -f "$here/$file" ]] && templates+=("$file")
done
[[ ${#templates[@]} -gt 0 ]] || fail "mount broker.conf or rmq-proxy.json beside $here/with-settings.sh"
[[ $# -gt 0 ]] || fail "name the command to run, e.g. sh mqbroker -c $out/broker.conf"

# The keys go unquoted into a properties file, JSON, mqadmin's YAML and the applications'
# connection string (Endpoints=...;AccessKey=...;SecretKey=...): characters any of them would
# read differently are refused rather than escaped.
access_key="${ROCKETMQ_ACCESS_KEY:-}"
secret_key="${ROCKETMQ_SECRET_KEY:-}"
if [[ -n "$access_key$secret_key" ]]; then
  [[ -n "$access_key" ]] || fail "ROCKETMQ_SECRET_KEY is set: set ROCKETMQ_ACCESS_KEY, the access key requests are signed with, too"
  [[ -n "$secret_key" ]] || fail "ROCKETMQ_ACCESS_KEY is set: set ROCKETMQ_SECRET_KEY, the secret key of ROCKETMQ_ACCESS_KEY, too"
  for variable in ROCKETMQ_ACCESS_KEY ROCKETMQ_SECRET_KEY; do
    [[ "${!variable}" =~ ^[A-Za-z0-9._-]+$ ]] || fail "$variable may hold only letters, digits, '.', '_' and '-'"
  done
fi

# RocketMQ's exporter speaks OTLP over gRPC only, takes the target as a URL, and reads its headers
# as "k:v,k2:v2", splitting on ':' and ','.
endpoint="${OTEL_EXPORTER_OTLP_ENDPOINT:-}"
header=""
if [[ -n "$endpoint" ]]; then
  [[ "${OTEL_EXPORTER_OTLP_PROTOCOL:-grpc}" == grpc ]] ||
    fail "OTEL_EXPORTER_OTLP_PROTOCOL is '${OTEL_EXPORTER_OTLP_PROTOCOL}': RocketMQ exports its metrics over OTLP/gRPC only; give it a gRPC endpoint"
  [[ "$endpoint" =~ ^https?://[]A-Za-z0-9._~%:/@[-]+$ ]] ||
    fail "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, not '$endpoint'"
  if [[ -n "${OTEL_EXPORTER_OTLP_HEADERS:-}" ]]; then
    IFS=',' read -ra pairs <<<"$OTEL_EXPORTER_OTLP_HEADERS"
    for pair in "${pairs[@]}"; do
      name="${pair%%=*}"
      value="${pair#*=}"
      [[ "$pair" == *=* && "$name" =~ ^[A-Za-z0-9_-]+$ && "$value" =~ ^[A-Za-z0-9._~+/=%-]+$ ]] ||
        fail "OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs without ':' or quotes, which RocketMQ's exporter cannot pass on"
      header="${header:+$header,}$name:$value"
    done
  fi
fi

# rmq-proxy.json's settings without the closing brace: the added settings go after them.
if [[ " ${templates[*]} " == *" rmq-proxy.json "* ]]; then
  proxy_template="$(<"$here/rmq-proxy.json")"
  shopt -s extglob
  proxy_settings="${proxy_template%\}*}"
  proxy_settings="${proxy_settings%%+([[:space:]])}"
  if [[ "$proxy_settings" != *"{"*"\""* || "$proxy_template" != *"}"*([[:space:]]) ]]; then
    fail "$here/rmq-proxy.json is not a JSON object with settings in it"
  fi
fi

umask_before="$(umask)"
umask 077 # what is rendered holds the secret
mkdir -p "$out"

# broker.conf (Java properties; a key given again further down wins). The broker creates the
# user on its first start, as a super user, and signs its own calls to other nodes as it.
if [[ " ${templates[*]} " == *" broker.conf "* ]]; then
  {
    cat "$here/broker.conf"
    printf '\n# Added by with-settings.sh from the environment.\n'
    if [[ -n "$access_key" ]]; then
      printf 'authenticationEnabled = true\n'
      printf 'authenticationProvider = org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider\n'
      printf 'authenticationMetadataProvider = org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider\n'
      printf 'initAuthenticationUser = {"username":"%s","password":"%s"}\n' "$access_key" "$secret_key"
      printf 'innerClientAuthenticationCredentials = {"accessKey":"%s","secretKey":"%s"}\n' "$access_key" "$secret_key"
    fi
    if [[ -n "$endpoint" ]]; then
      printf 'metricsExporterType = OTLP_GRPC\n'
      printf 'metricsGrpcExporterTarget = %s\n' "$endpoint"
      [[ -z "$header" ]] || printf 'metricsGrpcExporterHeader = %s\n' "$header"
    fi
  } >"$out/broker.conf"
fi

# rmq-proxy.json. The proxy reads its users from the broker (ProxyAuthenticationMetadataProvider)
# with calls it signs only when enableAclRpcHookForClusterMode is on, as the key pair below.
if [[ " ${templates[*]} " == *" rmq-proxy.json "* ]]; then
  {
    printf '%s' "$proxy_settings"
    if [[ -n "$access_key" ]]; then
      printf ',\n  "authenticationEnabled": true'
      printf ',\n  "authenticationProvider": "org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider"'
      printf ',\n  "authenticationMetadataProvider": "org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider"'
      printf ',\n  "enableAclRpcHookForClusterMode": true'
      printf ',\n  "innerClientAuthenticationCredentials": "{\\"accessKey\\":\\"%s\\",\\"secretKey\\":\\"%s\\"}"' "$access_key" "$secret_key"
    fi
    if [[ -n "$endpoint" ]]; then
      printf ',\n  "metricsExporterType": "OTLP_GRPC"'
      printf ',\n  "metricsGrpcExporterTarget": "%s"' "$endpoint"
      [[ -z "$header" ]] || printf ',\n  "metricsGrpcExporterHeader": "%s"' "$header"
    fi
    printf '\n}\n'
  } >"$out/rmq-proxy.json"
fi

umask "$umask_before"
authentication="authentication off"
[[ -z "$access_key" ]] || authentication="requests must be signed by access key $access_key"
metrics="metrics off"
[[ -z "$endpoint" ]] || metrics="metrics exported to $endpoint"
echo "with-settings: rendered ${templates[*]} into $out; $authentication; $metrics"
exec "$@"
