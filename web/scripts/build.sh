#!/usr/bin/env bash
# Builds the agent console into web/dist: `npm ci` when node_modules is
# missing or package-lock.json changed since the last install, then
# `npm run build` (type check, Vite, first-load size check).
set -euo pipefail
cd "$(dirname "$0")/.."
# Node and npm from .tools/ when scripts/deps had to put them there.
# shellcheck source=../../scripts/lib/node.sh
source ../scripts/lib/node.sh
# playwright-core (the browser tests' driver) never downloads a browser: the tests use Debian's.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp=node_modules/.abonado-package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run --silent build
