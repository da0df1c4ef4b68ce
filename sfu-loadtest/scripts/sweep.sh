#!/usr/bin/env bash
# Runs the load tool against the server jar at 1 publisher -> N subscribers for each N, on 127.0.0.1.
# Per step: a fresh server, heap after a full GC before joining and while N subscribers are connected
# (jcmd GC.run during the tool's warm-up), then the measured run; JSON reports into OUT.
# Usage: sfu-loadtest/scripts/sweep.sh [OUT=/tmp/sweep] [DURATION=20] [N...=10 25 50 100]
# Needs the jars from the reactor build (no install, so the shared ~/.m2 stays clean):
#   mvn -B -o -q -pl sfu-server,sfu-loadtest -am package -DskipTests
# and jcmd, curl. Ports: SFU_HTTP_PORT (18080), SFU_RTC_UDP_PORT (20000).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/sweep}; DURATION=${2:-20}; shift $(( $# > 2 ? 2 : $# )) || true
STEPS=${*:-10 25 50 100}
HTTP=${SFU_HTTP_PORT:-18080}; UDP=${SFU_RTC_UDP_PORT:-20000}
mkdir -p "$OUT"
gc() { jcmd -J-Dsun.tools.attach.attachTimeout=30000 "$1" GC.run >/dev/null 2>&1 || echo "jcmd GC.run failed" >&2; }
heap() { curl -s "127.0.0.1:$HTTP/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%d", s}'; }
for n in $STEPS; do
  SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP \
  SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
    java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/server-$n.log" 2>&1 &
  server=$!
  for i in $(seq 1 120); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
  gc $server; sleep 1; h0=$(heap)
  java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP --publishers 1 --subscribers "$n" \
    --duration "$DURATION" --warmup 8 --join-concurrency 16 --json "$OUT/load-$n.json" > "$OUT/load-$n.txt" 2>&1 &
  tool=$!
  for i in $(seq 1 600); do grep -q '^joined:' "$OUT/load-$n.txt" && break; sleep 0.5; done
  sleep 2; gc $server; sleep 1; h1=$(heap)
  echo "{\"subscribers\": $n, \"heapAfterGcIdle\": $h0, \"heapAfterGcLoaded\": $h1}" > "$OUT/heap-$n.json"
  wait $tool || echo "load tool exited $?"
  kill $server; wait $server 2>/dev/null || true
  echo "N=$n heap idle $((h0>>10)) KB loaded $((h1>>10)) KB -> $(( (h1-h0)/n/1024 )) KB per subscriber"
  grep -E "server CPU|lost|latency all|delivery" "$OUT/load-$n.txt"
done
