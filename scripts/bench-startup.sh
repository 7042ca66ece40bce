#!/usr/bin/env bash
# Cold start of two Maestro checkouts, taking turns: `maestro --help`, and `maestro serve` to its first /health/live
# 200 on port 18181 (loopback). Prints one line per run; sort them to compare. OLD_DB_URL gives the old checkout a
# database of its own (its schema may be older).
# Usage: [OLD_DB_URL=jdbc:postgresql://127.0.0.1:5432/maestro_old] scripts/bench-startup.sh OLD_DIR NEW_DIR [rounds]
set -uo pipefail
old=${1:?old checkout}; new=${2:?new checkout}; rounds=${3:-8}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
help_time() { local s=$(date +%s%N); "$1/maestro" --help >/dev/null 2>&1; ms $s; }
serve_time() {
  local s=$(date +%s%N)
  if [ "$2" = old ] && [ -n "${OLD_DB_URL:-}" ]; then
    MAESTRO_DB_URL=$OLD_DB_URL "$1/maestro" serve --port 18181 >"${TMPDIR:-/tmp}/maestro-bench-serve-$2.log" 2>&1 &
  else
    "$1/maestro" serve --port 18181 >"${TMPDIR:-/tmp}/maestro-bench-serve-$2.log" 2>&1 &
  fi
  local pid=$!
  until curl -sf http://127.0.0.1:18181/health/live >/dev/null 2>&1; do sleep 0.02; done
  ms $s
  kill $pid; wait $pid 2>/dev/null
}
for i in $(seq 1 $rounds); do
  echo "help old $(help_time $old)"; echo "help new $(help_time $new)"
  echo "serve old $(serve_time $old old)"; echo "serve new $(serve_time $new new)"
done
