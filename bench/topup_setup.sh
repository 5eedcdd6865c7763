#!/usr/bin/env bash
# Makes N active lines on a running abonado for bench/topup.lua, through the
# real API as a client would: N SIM cards and numbers loaded into stock, N
# people (TMF632), then an activation in the app with the simulated
# fingerprint for each (FL-1). Prints the line ids, one a line.
#   bench/topup_setup.sh BASE_URL TOKEN N
set -euo pipefail
base=$1 token=$2 n=$3

# POSTs JSON; prints the response headers and body.
post() {
  curl -sS --fail-with-body -i -X POST "$base$1" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$2"
}
# The id at the end of the Location header of a 201.
location_id() { sed -n 's|^Location: .*/\([^/[:space:]]*\)[[:space:]]*$|\1|p'; }

# An ICCID: 8951 + 14 digits + the Luhn check digit (19 digits).
luhn_complete() {
  local payload=$1 sum=0 doubled=1 i d
  for ((i = ${#payload} - 1; i >= 0; i--)); do
    d=${payload:i:1}
    if ((doubled)); then
      d=$((d * 2))
      ((d > 9)) && d=$((d - 9))
    fi
    sum=$((sum + d))
    doubled=$((1 - doubled))
  done
  echo "$payload$(((10 - sum % 10) % 10))"
}

# Numbers and documents from a range of their own per run (a rerun on the same database).
run=$(($(date +%s) % 1000))
iccids=() sims="" numbers=""
for ((i = 0; i < n; i++)); do
  iccids+=("$(luhn_complete "$(printf '8951%05d%09d' "$run" "$i")")")
  sims+="${sims:+,}\"${iccids[i]}\""
  numbers+="${numbers:+,}\"$(printf '+5197%07d' $((run * 10000 + i)))\""
done
post /api/v1/inventory/sims "{\"iccids\":[$sims]}" >/dev/null
post /api/v1/inventory/numbers "{\"msisdns\":[$numbers]}" >/dev/null

for ((i = 0; i < n; i++)); do
  dni=$(printf '4%07d' $((run * 10000 + i)))
  party=$(post /tmf-api/party/v4/individual "{\"givenName\":\"Bench\",\"familyName\":\"Line $i\",
    \"individualIdentification\":[{\"identificationType\":\"DNI\",\"identificationId\":\"$dni\"}]}" |
    location_id)
  activation=$(post /api/v1/activations \
    "{\"partyId\":\"$party\",\"iccid\":\"${iccids[i]}\",\"channel\":\"app\"}" | location_id)
  post "/api/v1/activations/$activation/biometric" "{\"fingerprint\":\"FP-$dni\"}" |
    grep -o '"productId":"[^"]*"' | cut -d'"' -f4
done
