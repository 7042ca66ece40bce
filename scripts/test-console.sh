#!/usr/bin/env bash
# Runs the console's unit tests (node --test) when Node is installed; build-console.sh has installed its packages.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../console"
if ! command -v node >/dev/null 2>&1; then
  echo "maestro: node not found; the console's unit tests were not run" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
node --test test/
