#!/usr/bin/env bash
# Browser-test prerequisites: Debian's Chromium and the npm packages pinned by the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
stamp=end2end/node_modules/.vipcare-lock
if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
  say "installing end-to-end test packages (npm ci)"
  (cd end2end && npm ci --no-audit --no-fund >/dev/null)
  cp end2end/package-lock.json "$stamp"
fi
