#!/usr/bin/env bash
# Runs every test: picks a JDK >= 21, makes sure PostgreSQL with pgvector is running (installing pgvector
# from Debian's source package when missing), then runs the Maven build with unit and integration tests.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/java.sh
. "$ROOT/scripts/lib/java.sh"
maestro_select_java
maestro_utf8_locale
echo "maestro: testing with $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" >&2

if [ -z "${MAESTRO_TEST_DB_URL:-}" ]; then
  bash "$ROOT/scripts/postgres-local.sh"
fi

# The console's browser test (ConsoleBrowserIT) drives Debian's headless Chromium through its chromedriver.
if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "maestro: installing chromium and chromium-driver for the console's browser test" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || echo "maestro: could not install chromium; ConsoleBrowserIT will be skipped (or fail under CI)" >&2
fi

# The tools module's integration tests run real MCP servers from npm.
bash "$ROOT/scripts/mcp-servers.sh"

exec mvn -B -ntp verify "$@"
