#!/usr/bin/env bash
# Stop the throwaway Neo4j started by neo4j/start.sh and delete its scratch store and .neo4j/.
# Idempotent: with nothing running it just tidies up and exits 0.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
STATE="$PWD/.neo4j"

say() { echo "neo4j/stop.sh: $*" >&2; }

is_our_server() {  # pid: alive and really our launcher (not a recycled pid)
    [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'Launcher\.java'
}

pid=$(cat "$STATE/pid" 2>/dev/null || true)
home=$(cat "$STATE/home" 2>/dev/null || true)

if is_our_server "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do  # up to 30 s for a clean shutdown
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "pid $pid ignored TERM for 30s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    say "stopped pid $pid"
fi

# Only ever delete a scratch home that start.sh made (mktemp -d .../opmodel-neo4j.XXXXXX).
if [[ -n "$home" && -d "$home" && "$(basename "$home")" == opmodel-neo4j.* ]]; then
    rm -rf "$home"
fi
rm -rf "$STATE"
