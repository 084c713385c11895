#!/usr/bin/env bash
# Start a throwaway Neo4j 5.26 Community server (no Docker) for development and tests.
#
#   neo4j/start.sh          (from the repo root; prints the Bolt URI on stdout)
#
# State lives in .neo4j/ at the repo root: pid, home (the scratch store), server.log, uri.
# A server already started from here and still answering is reused.
# Exit codes: 0 started or reused; 1 failed to start; 3 no usable java/mvn (or jars not fetched).
# Environment: NEO4J_JAVA_OPTS (JVM flags), NEO4J_START_TIMEOUT (seconds, default 120).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STATE="$ROOT/.neo4j"
LIB="$ROOT/neo4j/lib"
POM="$ROOT/neo4j/pom.xml"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
JAVA_OPTS="${NEO4J_JAVA_OPTS:--Xms256m -Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED}"
OWN_NEO4J_HINT='To use an existing Neo4j instead, point the suite at it: export NEO4J_URI=bolt://host:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...'

say() { echo "neo4j/start.sh: $*" >&2; }
no_tools() { say "$1. $OWN_NEO4J_HINT"; rmdir "$STATE" 2>/dev/null || true; exit 3; }

# True when something on the URI's host:port completes a Bolt handshake.
bolt_answers() {
    python3 - "$1" <<'PY'
import socket, sys
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
try:
    with socket.create_connection((u.hostname, u.port or 7687), timeout=3) as s:
        s.settimeout(3)
        # Bolt magic, then four version proposals: 5.0-5.8, 4.4, none, none.
        s.sendall(bytes.fromhex("6060b017" "00080805" "00000404" "00000000" "00000000"))
        reply = b""
        while len(reply) < 4:
            chunk = s.recv(4 - len(reply))
            if not chunk:
                break
            reply += chunk
    sys.exit(0 if len(reply) == 4 and reply != b"\0\0\0\0" else 1)
except OSError:
    sys.exit(1)
PY
}

is_our_server() {  # pid
    [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'Launcher\.java'
}

command -v python3 >/dev/null 2>&1 || no_tools "python3 is not on PATH"

# Java 17+ (Neo4j 5.26 runs on 17 and 21).
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=$(command -v java || true)
fi
[[ -n "$JAVA" ]] || no_tools "java (17 or newer) is not installed"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p' | head -n1)
[[ "${java_major%%.*}" =~ ^[0-9]+$ && "${java_major%%.*}" -ge 17 ]] ||
    no_tools "java at $JAVA is version '${java_major:-unknown}', Neo4j 5.26 needs 17 or newer"

mkdir -p "$STATE"

# Serialise concurrent starts (e.g. two make targets at once): lock this script itself,
# which, unlike anything in .neo4j/, survives stop.sh.
if command -v flock >/dev/null 2>&1; then
    exec 9<"$ROOT/neo4j/start.sh"
    flock 9
fi

# Reuse a running server.
if [[ -f "$STATE/pid" && -f "$STATE/uri" ]]; then
    pid=$(cat "$STATE/pid")
    uri=$(cat "$STATE/uri")
    if is_our_server "$pid" && bolt_answers "$uri"; then
        say "reusing running server (pid $pid)"
        echo "$uri"
        exit 0
    fi
fi
if [[ -f "$STATE/pid" ]]; then
    say "clearing state of a server that is gone or not answering"
    "$ROOT/neo4j/stop.sh" >&2
    mkdir -p "$STATE"
fi

# Jars: fetched once into neo4j/lib; refetched whole when pom.xml changes or a fetch was cut short.
pom_sum=$(cksum <"$POM")
if [[ ! -f "$LIB/.fetched" || "$(cat "$LIB/.fetched")" != "$pom_sum" ]] ||
    ! compgen -G "$LIB/*.jar" >/dev/null; then
    command -v mvn >/dev/null 2>&1 || no_tools "mvn (Maven) is not installed, so the Neo4j jars cannot be fetched"
    say "fetching Neo4j jars with Maven into neo4j/lib (once: ~155 MB download, 125 MB on disk)"
    rm -rf "$LIB"
    # (Maven 3.8 prints bare colour resets even with -q -B: drop them.)
    if ! mvn -q -B -f "$POM" dependency:copy-dependencies 2>&1 9<&- | sed 's/\x1b\[0m//g' >&2; then
        rm -rf "$LIB"
        no_tools "Maven could not fetch the Neo4j jars (see above)"
    fi
    echo "$pom_sum" >"$LIB/.fetched"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
home=$(mktemp -d "${TMPDIR:-/tmp}/opmodel-neo4j.XXXXXX")
log="$STATE/server.log"
echo "$home" >"$STATE/home"

started=$(date +%s)
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
nohup "$JAVA" $JAVA_OPTS -cp "$LIB/*" "$ROOT/neo4j/Launcher.java" "$home" "$port" \
    </dev/null >"$log" 2>&1 9<&- &
pid=$!
echo "$pid" >"$STATE/pid"

fail() {
    say "$1; last lines of $log:"
    tail -n 40 "$log" >&2 || true
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$home"
    rm -f "$STATE/pid" "$STATE/home" "$STATE/uri"
    exit 1
}

uri=""
while :; do
    if line=$(grep -m1 '^READY bolt://' "$log" 2>/dev/null); then
        uri=${line#READY }
        break
    fi
    kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
    (($(date +%s) - started < TIMEOUT)) || fail "the server was not ready after ${TIMEOUT}s"
    sleep 0.2
done

echo "$uri" >"$STATE/uri"
say "ready in $(($(date +%s) - started))s (pid $pid, home $home)"
echo "$uri"
