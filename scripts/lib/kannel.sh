# shellcheck shell=bash
# A throwaway Kannel SMS gateway for tests, on 127.0.0.1: bearerbox with a fake SMSC, smsbox
# (the sendsms HTTP interface) and fakesmsc, the fake SMS centre that prints every message it
# receives (Debian kannel and kannel-extras). Source this file:
#
#   kannel_start  writes a config to a temp dir, starts the three processes in the order Kannel
#                 needs on four free ports (13100 upward), waits until the fake SMSC is online,
#                 and exports
#                   ABONADO_TEST_KANNEL=kannel://USER:PASS@127.0.0.1:SENDSMS_PORT
#                   ABONADO_TEST_KANNEL_LOG=the file where fakesmsc prints each message
#                     ("DEBUG: Got message N: <from to text|ucs-2 payload>")
#                 It adds kannel_stop to the EXIT trap, after whatever the trap already ran. A
#                 caller that sets its own EXIT trap later must call kannel_stop in it.
#   kannel_stop   stops the processes (by their PIDs) and removes the dir; safe to call twice or
#                 without kannel_start.
#
# Quiet on success; on failure prints the Kannel logs to stderr and returns non-zero. Works
# under `set -euo pipefail`.

ABONADO_KANNEL_SBIN=${ABONADO_KANNEL_SBIN:-/usr/sbin}
ABONADO_KANNEL_FAKESMSC=${ABONADO_KANNEL_FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
ABONADO_KANNEL_DIR=${ABONADO_KANNEL_DIR:-}
ABONADO_KANNEL_PIDS=${ABONADO_KANNEL_PIDS:-}

# True when something already listens on 127.0.0.1:$1.
_kannel_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_kannel_fail() {
  echo "kannel.sh: $1" >&2
  local f
  for f in "$ABONADO_KANNEL_DIR"/*.log "$ABONADO_KANNEL_DIR"/*.out; do
    [[ -f $f ]] && { echo "--- $f" >&2; tail -n 50 "$f" >&2; }
  done
  kannel_stop
  return 1
}

# Appends kannel_stop to the EXIT trap, keeping the command already there.
_kannel_trap_stop() {
  local current previous=""
  current=$(trap -p EXIT)
  if [[ -n $current ]]; then
    local -a parts
    eval "parts=($current)"  # trap -- 'command' EXIT
    previous=${parts[2]}
  fi
  [[ $previous == *kannel_stop* ]] && return 0
  # shellcheck disable=SC2064  # expanding now is the point: it keeps the old command
  trap "${previous:+$previous; }kannel_stop" EXIT
}

# Polls (at most ~10 s) until `$@` succeeds; false as soon as a started process has exited.
_kannel_wait() {
  local i pid
  for ((i = 0; i < 200; i++)); do
    for pid in $ABONADO_KANNEL_PIDS; do
      kill -0 "$pid" 2>/dev/null || return 1
    done
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

# Admin status page (text) of the bearerbox on admin port $1.
_kannel_status() {
  curl -sf --max-time 2 "http://127.0.0.1:$1/status.txt?password=$ABONADO_KANNEL_STATUS_PW"
}

_kannel_core_up() { _kannel_status "$1" >/dev/null; }
# The fake SMSC is online and an smsbox is connected.
_kannel_ready() {
  local s
  s=$(_kannel_status "$1") || return 1
  [[ $s == *"FAKE:$2 (online"* && $s == *"smsbox:"* ]] && _kannel_port_busy "$3"
}

_kannel_write_config() {
  local dir=$1 admin=$2 box=$3 smsc=$4 sendsms=$5 user=$6 pass=$7
  cat >"$dir/kannel.conf" <<CONF
group = core
admin-port = $admin
admin-interface = 127.0.0.1
admin-password = $ABONADO_KANNEL_STATUS_PW
status-password = $ABONADO_KANNEL_STATUS_PW
admin-allow-ip = "127.0.0.1"
smsbox-port = $box
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "$dir/bearerbox.log"
access-log = "$dir/access.log"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = $smsc
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $box
sendsms-port = $sendsms
sendsms-interface = 127.0.0.1
log-file = "$dir/smsbox.log"

group = sendsms-user
username = $user
password = $pass
max-messages = 10
concatenation = true

group = sms-service
keyword = default
text = "No service"
CONF
}

# Starts the three processes on ports base..base+3; false (and stopped) when one fails.
_kannel_try() {
  local dir=$1 base=$2 user=$3 pass=$4
  local admin=$base box=$((base + 1)) smsc=$((base + 2)) sendsms=$((base + 3))
  _kannel_write_config "$dir" "$admin" "$box" "$smsc" "$sendsms" "$user" "$pass"
  "$ABONADO_KANNEL_SBIN/bearerbox" -v 1 "$dir/kannel.conf" >"$dir/bearerbox.out" 2>&1 </dev/null &
  ABONADO_KANNEL_PIDS=$!
  _kannel_wait _kannel_core_up "$admin" || return 1
  # smsbox and fakesmsc exit when the bearerbox is not up yet: hence the order.
  "$ABONADO_KANNEL_SBIN/smsbox" -v 1 "$dir/kannel.conf" >"$dir/smsbox.out" 2>&1 </dev/null &
  ABONADO_KANNEL_PIDS="$! $ABONADO_KANNEL_PIDS"
  "$ABONADO_KANNEL_FAKESMSC" -H 127.0.0.1 -r "$smsc" -m 0 "000 000 text unused" \
    >"$dir/fakesmsc.log" 2>&1 </dev/null &
  ABONADO_KANNEL_PIDS="$! $ABONADO_KANNEL_PIDS"
  _kannel_wait _kannel_ready "$admin" "$smsc" "$sendsms" || return 1
  export ABONADO_TEST_KANNEL="kannel://$user:$pass@127.0.0.1:$sendsms"
  export ABONADO_TEST_KANNEL_LOG="$dir/fakesmsc.log"
}

_kannel_kill_all() {
  local pid i
  # Newest first: fakesmsc, smsbox, then the bearerbox they talk to.
  for pid in $ABONADO_KANNEL_PIDS; do
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  ABONADO_KANNEL_PIDS=""
}

kannel_start() {
  if [[ -n $ABONADO_KANNEL_PIDS ]]; then return 0; fi  # already running
  local bin
  for bin in "$ABONADO_KANNEL_SBIN/bearerbox" "$ABONADO_KANNEL_SBIN/smsbox" "$ABONADO_KANNEL_FAKESMSC"; do
    [[ -x $bin ]] || { echo "kannel.sh: no $bin (apt-get install kannel kannel-extras)" >&2; return 1; }
  done
  ABONADO_KANNEL_DIR=$(mktemp -d -t abonado-kannel.XXXXXX)
  _kannel_trap_stop
  ABONADO_KANNEL_STATUS_PW=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  local user=abonado pass
  pass=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  # Another process may take a port between the check and the bind: try the next four.
  local base=13100 tries=0
  while ((tries < 5 && base < 13500)); do
    if _kannel_port_busy "$base" || _kannel_port_busy $((base + 1)) ||
        _kannel_port_busy $((base + 2)) || _kannel_port_busy $((base + 3)); then
      base=$((base + 4))
      continue
    fi
    tries=$((tries + 1))
    _kannel_try "$ABONADO_KANNEL_DIR" "$base" "$user" "$pass" && return 0
    _kannel_kill_all
    base=$((base + 4))
  done
  _kannel_fail "could not start Kannel"
  return 1
}

kannel_stop() {
  _kannel_kill_all
  local dir=$ABONADO_KANNEL_DIR
  [[ -n $dir && -d $dir ]] && rm -rf "$dir"
  ABONADO_KANNEL_DIR=""
  unset ABONADO_TEST_KANNEL ABONADO_TEST_KANNEL_LOG
  return 0
}
