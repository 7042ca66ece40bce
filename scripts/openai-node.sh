#!/usr/bin/env bash
# Installs the official OpenAI Node SDK that OpenAiNodeSdkIT drives against Maestro's OpenAI-compatible endpoint,
# idempotently, into a gitignored folder (.openai-node at the repository root, or MAESTRO_OPENAI_NODE_DIR).
# A second run with the same version installed is a no-op. Prints nothing but errors unless something is installed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
DIR=${MAESTRO_OPENAI_NODE_DIR:-$ROOT/.openai-node}
PACKAGE="openai@6.49.0"  # 7.x needs Node >= 22; machines here have Node 20

if ! command -v npm >/dev/null 2>&1; then
  echo "maestro: npm is missing, so the OpenAI Node SDK for the endpoint's tests cannot be installed; install Node.js and npm (apt-get install npm)" >&2
  exit 1
fi

name=${PACKAGE%@*}
version=${PACKAGE##*@}
installed=$(node -p "try { require('$DIR/node_modules/$name/package.json').version } catch (e) { '' }" 2>/dev/null || true)
[ "$installed" = "$version" ] && exit 0

echo "maestro: installing $PACKAGE into $DIR" >&2
mkdir -p "$DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "$PACKAGE" >&2
