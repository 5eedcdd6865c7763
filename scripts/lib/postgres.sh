# shellcheck shell=bash
# A throwaway PostgreSQL 15 cluster for tests, on 127.0.0.1. Source this file:
#
#   pg_start  initialises a cluster in a temp dir, starts it on a free port
#             (55432 upward), exports ABONADO_TEST_PG=postgresql://abonado@127.0.0.1:PORT/postgres
#             (user abonado, trust auth, may CREATE DATABASE), and adds pg_stop to the EXIT
#             trap, after whatever the trap already ran. A caller that sets its own EXIT trap
#             later must call pg_stop in it.
#   pg_stop   stops the cluster and removes its dir; safe to call twice or without pg_start.
#
# Quiet on success; on failure prints the initdb/pg_ctl output and the server log to stderr and
# returns non-zero. Runs the server as the `postgres` OS user when called as root (CI), as the
# caller otherwise. Works under `set -euo pipefail`.

ABONADO_PG_BIN=${ABONADO_PG_BIN:-/usr/lib/postgresql/15/bin}
ABONADO_PG_DIR=${ABONADO_PG_DIR:-}
ABONADO_PG_PORT=${ABONADO_PG_PORT:-}

# Runs a command as the cluster's owner (PostgreSQL refuses to run as root).
_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$ABONADO_PG_DIR" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True when something already listens on 127.0.0.1:$1.
_pg_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_pg_fail() {
  echo "postgres.sh: $1" >&2
  [[ -f $ABONADO_PG_DIR/setup.log ]] && cat "$ABONADO_PG_DIR/setup.log" >&2
  [[ -f $ABONADO_PG_DIR/server.log ]] && cat "$ABONADO_PG_DIR/server.log" >&2
  pg_stop
  return 1
}

# Appends pg_stop to the EXIT trap, keeping the command already there.
_pg_trap_stop() {
  local current previous=""
  current=$(trap -p EXIT)
  if [[ -n $current ]]; then
    local -a parts
    eval "parts=($current)"  # trap -- 'command' EXIT
    previous=${parts[2]}
  fi
  [[ $previous == *pg_stop* ]] && return 0
  # shellcheck disable=SC2064  # expanding now is the point: it keeps the old command
  trap "${previous:+$previous; }pg_stop" EXIT
}

pg_start() {
  if [[ -n $ABONADO_PG_PORT ]]; then return 0; fi  # already running
  local bin=$ABONADO_PG_BIN
  [[ -x $bin/initdb ]] || { echo "postgres.sh: no $bin/initdb (apt-get install postgresql-15)" >&2; return 1; }
  ABONADO_PG_DIR=$(mktemp -d -t abonado-pg.XXXXXX)
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$ABONADO_PG_DIR"; fi
  _pg_trap_stop
  if ! _pg_as_owner "$bin/initdb" -D "$ABONADO_PG_DIR/data" -A trust -U abonado -E UTF8 \
      --locale=C --no-sync --no-instructions >"$ABONADO_PG_DIR/setup.log" 2>&1; then
    _pg_fail "initdb failed"
    return 1
  fi
  # Another process may take the port between the check and the bind: try the next one.
  local port=55432 tries=0
  while ((tries < 5 && port < 55632)); do
    if _pg_port_busy "$port"; then
      port=$((port + 1))
      continue
    fi
    tries=$((tries + 1))
    if _pg_as_owner "$bin/pg_ctl" -D "$ABONADO_PG_DIR/data" -l "$ABONADO_PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $ABONADO_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=on" \
        start >>"$ABONADO_PG_DIR/setup.log" 2>&1; then
      ABONADO_PG_PORT=$port
      export ABONADO_TEST_PG="postgresql://abonado@127.0.0.1:$port/postgres"
      return 0
    fi
    grep -q "could not bind\|could not create any TCP/IP sockets" "$ABONADO_PG_DIR/server.log" 2>/dev/null ||
      break
    port=$((port + 1))
  done
  _pg_fail "could not start PostgreSQL"
  return 1
}

pg_stop() {
  local dir=$ABONADO_PG_DIR
  [[ -n $dir && -d $dir ]] || return 0
  if [[ -f $dir/data/postmaster.pid ]]; then
    _pg_as_owner "$ABONADO_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      _pg_as_owner "$ABONADO_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
      true
  fi
  rm -rf "$dir"
  ABONADO_PG_DIR=""
  ABONADO_PG_PORT=""
  unset ABONADO_TEST_PG
}
