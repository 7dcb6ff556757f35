#!/usr/bin/env bash
# Starts the RocketMQ broker (with its gRPC proxy) with authentication on: every request must be
# signed with one key pair, the one the applications and mqadmin sign with.
#   ROCKETMQ_ACCESS_KEY=... ROCKETMQ_SECRET_KEY=... bash with-authentication.sh sh mqbroker --enable-proxy \
#     -c /home/rocketmq/authenticated/broker.conf -pc /home/rocketmq/authenticated/rmq-proxy.json
# A read-only mounted file cannot hold a secret from the environment, so this script renders the
# broker.conf and rmq-proxy.json that sit beside it, with RocketMQ 5.3's authentication (ACL 2.0)
# settings added, into authenticated/ beside it, then runs its arguments in its place (exec).
# Authorization stays off: the one user is a super user, as RocketMQ creates the initial user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
access_key="${ROCKETMQ_ACCESS_KEY:?set ROCKETMQ_ACCESS_KEY, the access key requests are signed with}"
secret_key="${ROCKETMQ_SECRET_KEY:?set ROCKETMQ_SECRET_KEY, the secret key of ROCKETMQ_ACCESS_KEY}"

# The keys go unquoted into a properties file, JSON, mqadmin's YAML and the applications'
# connection string (Endpoints=...;AccessKey=...;SecretKey=...): characters any of them would
# read differently are refused rather than escaped.
for variable in ROCKETMQ_ACCESS_KEY ROCKETMQ_SECRET_KEY; do
  if [[ ! "${!variable}" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "with-authentication: $variable may hold only letters, digits, '.', '_' and '-'" >&2
    exit 1
  fi
done

# rmq-proxy.json's settings, without the closing brace: the authentication settings go after them.
proxy_template="$(<"$here/rmq-proxy.json")"
shopt -s extglob
proxy_settings="${proxy_template%\}*}"
proxy_settings="${proxy_settings%%+([[:space:]])}"
if [[ "$proxy_settings" != *"{"*"\""* || "$proxy_template" != *"}"*([[:space:]]) ]]; then
  echo "with-authentication: $here/rmq-proxy.json is not a JSON object with settings in it" >&2
  exit 1
fi

if [[ $# -eq 0 ]]; then
  echo "with-authentication: name the command to run, e.g. sh mqbroker --enable-proxy -c ... -pc ..." >&2
  exit 1
fi

out="$here/authenticated"
umask_before="$(umask)"
umask 077 # the rendered broker.conf holds the secret
mkdir -p "$out"

# broker.conf (Java properties; a key given again further down wins). The broker checks the
# requests that reach it directly, such as mqadmin's, and keeps the users: it creates the initial
# user on its first start (as a super user) and signs its own calls to other nodes with the inner
# client credentials.
{
  cat "$here/broker.conf"
  printf '\n# Authentication (ACL 2.0), added by with-authentication.sh from the environment.\n'
  printf 'authenticationEnabled = true\n'
  printf 'authenticationProvider = org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider\n'
  printf 'authenticationMetadataProvider = org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider\n'
  printf 'initAuthenticationUser = {"username":"%s","password":"%s"}\n' "$access_key" "$secret_key"
  printf 'innerClientAuthenticationCredentials = {"accessKey":"%s","secretKey":"%s"}\n' "$access_key" "$secret_key"
} >"$out/broker.conf"

# rmq-proxy.json: the gRPC proxy checks the applications' signatures against the users the broker
# in the same JVM keeps (local mode), so it needs no secret of its own.
{
  printf '%s,\n' "$proxy_settings"
  printf '  "authenticationEnabled": true,\n'
  printf '  "authenticationProvider": "org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider",\n'
  printf '  "authenticationMetadataProvider": "org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider"\n'
  printf '}\n'
} >"$out/rmq-proxy.json"

umask "$umask_before"
echo "with-authentication: requests must be signed by access key $access_key"
exec "$@"
