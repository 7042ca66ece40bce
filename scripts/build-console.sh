#!/usr/bin/env bash
# Builds the web console (console/, Vite + React + Carbon) and copies it to server/target/classes/console/, so it
# ends up in the server jar (and so in maestro.jar) and `maestro serve` serves it at /. Run by the Maven build (server/pom.xml, phase
# process-resources; skip with -Dconsole.skip=true) and usable by hand. Without npm it says so and exits 0:
# the server then answers / with a note on how to build the console.
# Quick when nothing changed: `npm ci` only when node_modules is older than the lock file, `npm run build` only
# when a source is newer than console/dist.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
CONSOLE="$ROOT/console"
OUT="${1:-$ROOT/server/target/classes/console}"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "maestro: npm not found, the web console is not built (install Node.js with npm, then run scripts/build-console.sh)"
  exit 0
fi

# A failed install or build fails the Maven build under CI; elsewhere it says so and the build goes on without
# the console (e.g. offline before the first install).
give_up() {
  echo "maestro: $1; the web console is not built (the Maven build skips it with -Dconsole.skip=true)" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  exit 0
}

cd "$CONSOLE"
stamp=node_modules/.package-lock.json   # written by npm after every install
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  echo "maestro: installing the console's npm packages…"
  log=$(mktemp)
  if [ -f package-lock.json ] && npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    :
  else
    # npm ci refuses a lock that lacks other platforms' optional packages (rollup's, esbuild's), which a lock made
    # where the registry serves only this platform's does; npm install takes the same locked versions.
    npm install --no-audit --no-fund --loglevel=error >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; give_up "npm install failed"; }
  fi
  rm -f "$log"
  touch "$stamp"
fi

if [ ! -f dist/index.html ] \
   || [ -n "$(find index.html vite.config.js package.json package-lock.json src "$stamp" -newer dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "maestro: building the web console…"
  npm run build --silent -- --logLevel warn || give_up "vite build failed"
  touch dist/index.html
fi

# Copy when the build is newer than the copy: a fresh folder each time, so removed assets do not linger.
if [ ! -f "$OUT/index.html" ] || ! cmp -s dist/index.html "$OUT/index.html" || [ dist/index.html -nt "$OUT/index.html" ]; then
  rm -rf "$OUT"
  mkdir -p "$(dirname "$OUT")"
  cp -R dist "$OUT"
fi
