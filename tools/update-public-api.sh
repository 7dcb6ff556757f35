#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of each packed RocketMQ library from what it declares public now.
#
#   tools/update-public-api.sh
#
# After an intended change of a library's public surface (the build fails with RS0016 for an added
# symbol, RS0017 for a removed one), run this and commit the changed PublicAPI.Unshipped.txt with the
# change: the diff is the API change a reviewer reads. PublicAPI.Shipped.txt holds what a released
# version promised; it is edited by hand at a release (the Unshipped lines move there), and a symbol
# removed from it stays an error until it is listed as *REMOVED*<line> in Unshipped, on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=(RocketMq/Client/RocketMq.Client.csproj RocketMq/Hosting/RocketMq.Hosting.csproj)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Unshipped starts over from the lines removals need; the build then names every public symbol the
# baseline lacks, in the analyzer's own notation, and those become the file.
for project in "${projects[@]}"; do
  unshipped="$(dirname "$project")/PublicAPI.Unshipped.txt"
  { echo '#nullable enable'; grep '^\*REMOVED\*' "$unshipped" 2>/dev/null || true; } > "$unshipped.new"
  mv "$unshipped.new" "$unshipped"
done

for project in "${projects[@]}"; do
  dotnet build "$project" --no-incremental -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false >"$log" 2>&1 || { cat "$log"; exit 1; }
  unshipped="$(dirname "$project")/PublicAPI.Unshipped.txt"
  full=$(realpath "$project")
  grep -F "[$full]" "$log" \
    | sed -n "s/.*warning RS0016: Symbol '\(.*\)' is not part of the declared public API (.*/\1/p" \
    | LC_ALL=C sort -u >>"$unshipped" || true
  echo "$unshipped: $(($(wc -l <"$unshipped") - 1)) lines"
done

# The check: a build with warnings as errors passes only when the baselines match the code.
for project in "${projects[@]}"; do
  dotnet build "$project" -nologo -clp:NoSummary >"$log" 2>&1 || { grep -E 'RS00[0-9]+' "$log" | sort -u; exit 1; }
done
