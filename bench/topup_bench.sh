#!/usr/bin/env bash
# Durable top-ups through the real HTTP API (bench/README.md, issue 4), with
# the two figures they are judged against measured in the same run: the
# trivial GET on the same server and SQLite's own one-commit-per-row rate
# (synchronous=FULL, WAL) on the same disk. Then checks that every top-up
# acknowledged with a 201 is in the balance: its row, its ledger entry, and
# every bucket equal to the sum of its ledger.
#   bench/topup_bench.sh ABONADO_BIN WORK_DIR [SECONDS] [LINES]
set -euo pipefail
bin=$(realpath "$1") work=$(mkdir -p "$2" && cd "$2" && pwd) seconds=${3:-10} lines=${4:-200}
here=$(cd "$(dirname "$0")" && pwd)
db="$work/topups.db"
rm -f "$db" "$db-wal" "$db-shm" "$work/sms.jsonl"

"$bin" user add --db "sqlite://$db" --username bench --role operator <<<"topup-bench-Secret-1" \
  >/dev/null
"$bin" user add --db "sqlite://$db" --username stock --role admin <<<"topup-bench-Secret-2" >/dev/null
"$bin" serve --db "sqlite://$db" --listen 127.0.0.1:0 --no-access-log --web /nonexistent \
  --simulate-registries --sms "file://$work/sms.jsonl" --mail "file://$work/mail.jsonl" \
  --files "$work/files" --outbox-key "$work/outbox.key" >"$work/serve.out" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/serve.out" 2>/dev/null || true)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "topup bench: abonado did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
url="http://127.0.0.1:$port"
login() {
  curl -sS -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
stock_token=$(login stock topup-bench-Secret-2)
token=$(login bench topup-bench-Secret-1)
"$here/topup_setup.sh" "$url" "$stock_token" "$lines" >"$work/products"

# wrk with 64 connections: "requests/s p99".
measure() {
  wrk -t1 -c64 -d"${seconds}s" --latency -s "$1" "$url" >"$work/wrk.txt" 2>"$work/wrk.err"
  echo "$(awk '/^Requests\/sec/ {print int($2)}' "$work/wrk.txt") $(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
}
# CPU time of the server's threads by name (clock ticks), to tell what a
# request costs apart from how much of the machine the run got: the VM's
# host moves the rates of both runs by a factor of two or three.
cpu_ticks() {
  for t in /proc/"$server"/task/*; do
    local f
    read -r -a f < <(sed 's/^.*) //' "$t/stat")
    echo "$(cat "$t/comm") $((f[11] + f[12]))"
  done | awk '{n = ($1 ~ /^db-/) ? $1 : "io"; s[n] += $2} END {for (k in s) print k, s[k]}' | sort
}
# "name microseconds-per-request" per thread kind, from two cpu_ticks outputs.
cpu_per_request() {
  join -a1 -e0 -o 0,1.2,2.2 <(echo "$2") <(echo "$1") |
    awk -v n="$3" -v hz="$(getconf CLK_TCK)" '{printf "%s %d\n", $1, ($2 - $3) * 1e6 / hz / n}'
}
cpu0=$(cpu_ticks)
read -r get_rps get_p99 < <(measure "$here/health.lua")
cpu1=$(cpu_ticks)
# The ceiling: the same requests, refused by the route (400) once
# authenticated and parsed. Before the top-ups, whose receipts keep the
# outbox busy after them.
read -r ceiling_rps ceiling_p99 < <(ABONADO_TOKEN=$token ABONADO_PRODUCTS="$work/products" \
  ABONADO_ACKED="$work/ceiling-acked" ABONADO_KEY_PREFIX="ceiling$$" ABONADO_CEILING=1 \
  measure "$here/topup.lua")
ceiling_refused=$(sed -n 's/^top-ups refused (not 201): //p' "$work/wrk.err")
cpu2=$(cpu_ticks)
read -r topup_rps topup_p99 < <(ABONADO_TOKEN=$token ABONADO_PRODUCTS="$work/products" \
  ABONADO_ACKED="$work/acked" ABONADO_KEY_PREFIX="run$$" measure "$here/topup.lua")
cpu3=$(cpu_ticks)
get_count=$((get_rps * seconds))
topup_count=$(wc -l <"$work/acked")
get_cpu=$(cpu_per_request "$cpu0" "$cpu1" "$get_count")
ceiling_cpu=$(cpu_per_request "$cpu1" "$cpu2" "$((ceiling_rps * seconds))")
topup_cpu=$(cpu_per_request "$cpu2" "$cpu3" "$topup_count")
refused=$(sed -n 's/^top-ups refused (not 201): //p' "$work/wrk.err")
# Receipts the outbox had sent when wrk stopped (the rest go out after it).
receipts=$(grep -c 'recargaste' "$work/sms.jsonl" || true)
kill -TERM $server
wait $server || true
trap - EXIT

"$bin" bench store --db "sqlite://$work/store.db" --jobs 20000 --concurrency 256 >"$work/store.txt"
single=$(sed -n 's/^one commit per job: .* = \([0-9]*\) jobs\/s/\1/p' "$work/store.txt")

# Every acknowledged top-up, by id, is in the database with its ledger entry.
acked=$(wc -l <"$work/acked")
read -r missing unledgered mismatched topups credited < <(sqlite3 -separator ' ' "$db" <<SQL
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
.mode csv
.import $work/acked acked
.mode list
.separator ' '
-- The ledger has no index by ref_id: one of its own, or the check is quadratic.
CREATE TEMP TABLE ledgered AS SELECT ref_id FROM balance_ledger WHERE reason = 'topup';
CREATE INDEX temp.ledgered_ref ON ledgered (ref_id);
SELECT (SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM topups)),
       (SELECT COUNT(*) FROM acked a WHERE NOT EXISTS
          (SELECT 1 FROM ledgered l WHERE l.ref_id = a.id)),
       (SELECT COUNT(*) FROM balance_buckets b WHERE b.remaining <>
          (SELECT COALESCE(SUM(l.amount), 0) FROM balance_ledger l WHERE l.bucket_id = b.id)),
       (SELECT COUNT(*) FROM topups),
       (SELECT COALESCE(SUM(amount), 0) FROM balance_ledger WHERE reason = 'topup');
SQL
)

pct() { echo $((100 * $1 / $2)); }
p99_ms=$(echo "$topup_p99" | awk '/ms$/ {print $1 + 0} /us$/ {print $1 / 1000} /[0-9]s$/ && !/ms$/ && !/us$/ {print $1 * 1000}')
verdict() { if [[ $1 == yes ]]; then echo "met"; else echo "MISSED"; fi; }
echo "## Durable top-ups (POST topupBalance, wrk -t1 -c64 -d${seconds}s, $lines lines, $(nproc) cores)"
echo "| figure | result | target |"
echo "|---|---|---|"
echo "| trivial GET (/health), same server | $get_rps req/s, p99 $get_p99 | |"
echo "| one commit per row (SQLite, synchronous=FULL) | $single rows/s | |"
echo "| top-ups | $topup_rps req/s, p99 $topup_p99, $refused refused | |"
echo "| top-ups / trivial GET | $(pct "$topup_rps" "$get_rps")% | >= 25%: $(verdict "$( (( topup_rps * 4 >= get_rps )) && echo yes)") |"
echo "| top-ups / one commit per row | $(awk -v a="$topup_rps" -v b="$single" 'BEGIN {printf "%.2f", a / b}')x | >= 5x: $(verdict "$( (( topup_rps >= 5 * single )) && echo yes)") |"
echo "| top-up p99 | $topup_p99 | < 20 ms: $(verdict "$(awk -v p="$p99_ms" 'BEGIN {if (p < 20) print "yes"}')") |"
echo "| ceiling: the same POST refused (400) before any database work | $ceiling_rps req/s, p99 $ceiling_p99 ($ceiling_refused refused) | |"
echo "| ceiling / trivial GET | $(pct "$ceiling_rps" "$get_rps")% | (top-ups can reach at most this) |"
echo "| ceiling / one commit per row | $(awk -v a="$ceiling_rps" -v b="$single" 'BEGIN {printf "%.2f", a / b}')x | (top-ups can reach at most this) |"
sum_us() { awk '{s += $2} END {print s + 0}' <<<"$1"; }
by_thread() { awk '$2 > 0 {printf "%s%s %d us", sep, $1, $2; sep = ", "}' <<<"$1"; }
echo "| server CPU per trivial GET | $(sum_us "$get_cpu") us ($(by_thread "$get_cpu")) | |"
echo "| server CPU per top-up | $(sum_us "$topup_cpu") us ($(by_thread "$topup_cpu")) | |"
echo "| server CPU per refused POST (ceiling) | $(sum_us "$ceiling_cpu") us ($(by_thread "$ceiling_cpu")) | |"
echo "| acknowledged (201) | $acked; in the topups table: $((acked - missing)); with a ledger entry: $((acked - unledgered)) | all |"
echo "| buckets unequal to their ledger | $mismatched | 0 |"
echo "| receipt SMS sent when wrk stopped | $receipts of $acked (the outbox sends the rest after the run) | |"
echo "| top-ups stored / credited | $topups / S/ $((credited / 100)).$(printf '%02d' $((credited % 100))) (= $acked x S/ 3.00 plus those answered after wrk stopped) | |"
if ((missing > 0 || unledgered > 0 || mismatched > 0)); then
  echo "topup bench: acknowledged top-ups are missing from the balance" >&2
  exit 1
fi
