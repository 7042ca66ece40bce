#!/usr/bin/env bash
# Runs every test: picks a JDK >= 21, makes sure PostgreSQL with pgvector is running (installing pgvector
# from Debian's source package when missing), then runs the Maven build with unit and integration tests, installs
# its artifacts and builds the examples (separate Maven projects) against them by their coordinates.
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

# The tools module's integration tests run real MCP servers from npm; the endpoint's, the official OpenAI Node SDK.
bash "$ROOT/scripts/mcp-servers.sh"
bash "$ROOT/scripts/openai-node.sh"

mvn -B -ntp install "$@"

# The examples depend on dev.maestro:*:0.1.0-SNAPSHOT as a user's project would, from the local repository that
# the install above just filled: an offline build stays offline, and another local repository is kept.
example_opts=(-B -ntp -q)
for arg in "$@"; do
  case "$arg" in -o|--offline|-Dmaven.repo.local=*) example_opts+=("$arg") ;; esac
done
for example in embedded spring-boot; do
  echo "maestro: building and testing examples/$example against the installed artifacts" >&2
  mvn "${example_opts[@]}" -f "$ROOT/examples/$example/pom.xml" verify
done
echo "maestro: examples passed" >&2
