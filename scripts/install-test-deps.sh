#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian's Chromium and Firefox ESR (never a downloaded
# browser), coturn, nftables and iproute2, GStreamer with its Python bindings, and the npm packages of the
# browser tests (playwright-core for Chromium, puppeteer-core for Firefox over WebDriver BiDi). Safe to run
# again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the browsers; coturn for the TURN relay test; nft, ip and tc for the lossy-link and
# downlink-limit tests, which shape private network namespaces (netem is not in every kernel; nftables'
# numgen random drop and tc tbf are).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/turnserver ] || missing+=(coturn)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
{ command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1; } || missing+=(iproute2)
# The GStreamer webrtcbin client (e2e/gst/peer.py, run with Debian's /usr/bin/python3): webrtcbin, DTLS and
# SRTP (bad), VP8 (good), Opus and the test sources (base), libnice's ICE elements, the GObject bindings and
# typelibs it imports (Gst, GstWebRTC, GstSdp, Nice) and the WebSocket client.
for pkg in gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-nice \
    python3-gi python3-gst-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-plugins-bad-1.0 gir1.2-nice-0.1 \
    python3-websockets; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-deps: installing Debian's ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# puppeteer-core never downloads a browser; the variable says so to any package that might.
if [ -f e2e/package.json ] && { [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/puppeteer-core ]; }; then
  echo "install-test-deps: installing e2e npm packages"
  (cd e2e && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
