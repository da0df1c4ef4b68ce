#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian's Chromium (never a downloaded browser),
# iproute2 and the npm packages of the browser tests (playwright-core). Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: installing Debian's chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The downlink-limit browser test joins two network namespaces by a veth pair and shapes it with tc (root).
if ! command -v ip >/dev/null 2>&1 || ! command -v tc >/dev/null 2>&1; then
  echo "install-test-deps: installing iproute2 (ip, tc)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq iproute2 >/dev/null
fi

if [ -f e2e/package.json ] && [ ! -d e2e/node_modules/playwright-core ]; then
  echo "install-test-deps: installing e2e npm packages"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
