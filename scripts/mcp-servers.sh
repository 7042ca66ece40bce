#!/usr/bin/env bash
# Installs the MCP servers the tools module's tests run for real, idempotently, into a gitignored folder
# (.mcp-servers at the repository root, or MAESTRO_MCP_SERVERS_DIR). A second run with the same
# versions installed is a no-op. Prints nothing but errors unless something is installed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
DIR=${MAESTRO_MCP_SERVERS_DIR:-$ROOT/.mcp-servers}
PACKAGES=(
  "@modelcontextprotocol/server-everything@2026.8.31"
  "@modelcontextprotocol/server-filesystem@2026.8.31"
)

if ! command -v npm >/dev/null 2>&1; then
  echo "maestro: npm is missing, so the MCP servers for the tools tests cannot be installed; install Node.js and npm (apt-get install npm)" >&2
  exit 1
fi

missing=()
for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  installed=$(node -p "try { require('$DIR/node_modules/$name/package.json').version } catch (e) { '' }" 2>/dev/null || true)
  [ "$installed" = "$version" ] || missing+=("$spec")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "maestro: installing ${missing[*]} into $DIR" >&2
mkdir -p "$DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "${missing[@]}" >&2
