#!/usr/bin/env bash
# Builds VIP Care, prepares an embedded SQLite database with demo data and serves it at
# http://127.0.0.1:3000. Safe to run again: it rebuilds only what changed and resets the
# demo passwords.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo leptos build --release --precompress --split

export VIPCARE_DATABASE="${VIPCARE_DATABASE:-data/vipcare.db}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export VIPCARE_PUBLIC_ORIGIN="${VIPCARE_PUBLIC_ORIGIN:-http://$LEPTOS_SITE_ADDR}"
password="${VIPCARE_DEMO_PASSWORD:-}"
mkdir -p "$(dirname "$VIPCARE_DATABASE")"

./target/release/vipcare migrate
if [ -n "$password" ]; then
  ./target/release/vipcare seed-demo --password "$password"
else
  ./target/release/vipcare seed-demo
fi
echo
echo "Open $VIPCARE_PUBLIC_ORIGIN  (Ctrl-C stops the server)"
exec ./target/release/vipcare serve
