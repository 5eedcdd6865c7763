# shellcheck shell=bash
# A throwaway SMTP sink for tests, on 127.0.0.1 (aiosmtpd, Debian python3-aiosmtpd). Source this
# file:
#
#   smtp_start  starts `python3 -m aiosmtpd` with the Mailbox handler on a free port (18025
#               upward), exports ABONADO_TEST_SMTP=smtp://127.0.0.1:PORT and ABONADO_TEST_SMTP_DIR
#               (a Maildir: each received mail is one file under $ABONADO_TEST_SMTP_DIR/new/), and
#               adds smtp_stop to the EXIT trap, after whatever the trap already ran. A caller that
#               sets its own EXIT trap later must call smtp_stop in it.
#   smtp_stop   stops the server and removes its dir; safe to call twice or without smtp_start.
#
# Quiet on success; on failure prints the server's output to stderr and returns non-zero. Uses
# /usr/bin/python3: Debian's Python packages belong to it, whatever python3 comes first on PATH.
# Works under `set -euo pipefail`.

ABONADO_SMTP_PYTHON=${ABONADO_SMTP_PYTHON:-/usr/bin/python3}
ABONADO_SMTP_DIR=${ABONADO_SMTP_DIR:-}
ABONADO_SMTP_PID=${ABONADO_SMTP_PID:-}

# True when something already listens on 127.0.0.1:$1.
_smtp_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_smtp_fail() {
  echo "smtp.sh: $1" >&2
  [[ -f $ABONADO_SMTP_DIR/server.log ]] && cat "$ABONADO_SMTP_DIR/server.log" >&2
  smtp_stop
  return 1
}

# Appends smtp_stop to the EXIT trap, keeping the command already there.
_smtp_trap_stop() {
  local current previous=""
  current=$(trap -p EXIT)
  if [[ -n $current ]]; then
    local -a parts
    eval "parts=($current)"  # trap -- 'command' EXIT
    previous=${parts[2]}
  fi
  [[ $previous == *smtp_stop* ]] && return 0
  # shellcheck disable=SC2064  # expanding now is the point: it keeps the old command
  trap "${previous:+$previous; }smtp_stop" EXIT
}

# Waits (at most ~10 s) until PID $1 listens on port $2; false if it exits or never listens.
_smtp_wait_listening() {
  local pid=$1 port=$2 i
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    _smtp_port_busy "$port" && return 0
    sleep 0.05
  done
  return 1
}

smtp_start() {
  if [[ -n $ABONADO_SMTP_PID ]]; then return 0; fi  # already running
  "$ABONADO_SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
    { echo "smtp.sh: $ABONADO_SMTP_PYTHON has no aiosmtpd (apt-get install python3-aiosmtpd)" >&2; return 1; }
  ABONADO_SMTP_DIR=$(mktemp -d -t abonado-smtp.XXXXXX)
  _smtp_trap_stop
  # Maildir creates its new/, cur/ and tmp/ only when the directory itself is missing.
  mkdir -p "$ABONADO_SMTP_DIR"/mail/{new,cur,tmp}
  # Another process may take the port between the check and the bind: try the next one.
  local port=18025 tries=0 pid
  while ((tries < 5 && port < 18225)); do
    if _smtp_port_busy "$port"; then
      port=$((port + 1))
      continue
    fi
    tries=$((tries + 1))
    "$ABONADO_SMTP_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox \
      "$ABONADO_SMTP_DIR/mail" >>"$ABONADO_SMTP_DIR/server.log" 2>&1 </dev/null &
    pid=$!
    if _smtp_wait_listening "$pid" "$port"; then
      ABONADO_SMTP_PID=$pid
      export ABONADO_TEST_SMTP="smtp://127.0.0.1:$port"
      export ABONADO_TEST_SMTP_DIR="$ABONADO_SMTP_DIR/mail"
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    port=$((port + 1))
  done
  _smtp_fail "could not start the SMTP sink"
  return 1
}

smtp_stop() {
  local pid=$ABONADO_SMTP_PID dir=$ABONADO_SMTP_DIR i
  if [[ -n $pid ]]; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [[ -n $dir && -d $dir ]] && rm -rf "$dir"
  ABONADO_SMTP_PID=""
  ABONADO_SMTP_DIR=""
  unset ABONADO_TEST_SMTP ABONADO_TEST_SMTP_DIR
  return 0
}
