#!/usr/bin/env bash
# Runs the load tool against the server jar at 1 publisher -> N subscribers for each N, on 127.0.0.1.
# Per step: a fresh server, heap after a full GC before joining and while N subscribers are connected
# (jcmd GC.run during the tool's warm-up), then the measured run; JSON reports into OUT.
# Usage: sfu-loadtest/scripts/sweep.sh [OUT=/tmp/sweep] [DURATION=20] [N...=10 25 50 100]
# Needs the jars from the reactor build (no install, so the shared ~/.m2 stays clean):
#   mvn -B -o -q -pl sfu-server,sfu-loadtest -am package -DskipTests
# and jcmd, curl. Ports: SFU_HTTP_PORT (18080), SFU_RTC_UDP_PORT (20000).
# CPU pinning (optional, taskset -c): SERVER_CPUS=0 TOOL_CPUS=1 keeps the server and the load tool off each
# other's cores on a 2-core machine (each JVM then sizes its thread pools for the CPUs it is given: the tool
# gets one peer event loop per CPU). TOOL_OPTS: extra load tool options, e.g. --no-pacing.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/sweep}; DURATION=${2:-20}; shift $(( $# > 2 ? 2 : $# )) || true
STEPS=${*:-10 25 50 100}
HTTP=${SFU_HTTP_PORT:-18080}; UDP=${SFU_RTC_UDP_PORT:-20000}
mkdir -p "$OUT"
source sfu-loadtest/scripts/server_probes.sh
# user and system ticks (stat fields 14, 15) of the media loop threads: system time is the kernel's UDP send (and, on
# loopback, the delivery into the receivers' sockets), user time is ours.
media_ticks() { local t u=0 k=0; for t in /proc/$1/task/*; do
  case "$(cat "$t/comm" 2>/dev/null)" in sfu-media*) read -r a b < <(sed 's/.*) //' "$t/stat" | cut -d' ' -f12,13)
    u=$((u + a)); k=$((k + b));; esac; done; echo "$u $k"; }
sent() { curl -s "127.0.0.1:$HTTP/metrics" | awk '/^sfu_media_packets_sent_total/ {printf "%d", $NF}'; }
heap() { curl -s "127.0.0.1:$HTTP/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {printf "%d", s}'; }
for n in $STEPS; do
  SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP \
  SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
    $(pin "${SERVER_CPUS:-}") java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/server-$n.log" 2>&1 &
  server=$!
  for i in $(seq 1 120); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
  gc $server; sleep 1; h0=$(heap)
  $(pin "${TOOL_CPUS:-}") java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP --publishers 1 \
    --subscribers "$n" --duration "$DURATION" --warmup 8 --join-concurrency 16 ${TOOL_OPTS:-} \
    --json "$OUT/load-$n.json" > "$OUT/load-$n.txt" 2>&1 &
  tool=$!
  for i in $(seq 1 600); do grep -q '^joined:' "$OUT/load-$n.txt" && break; sleep 0.5; done
  joined=$(date +%s); sleep 2; gc $server; sleep 1; h1=$(heap)
  echo "{\"subscribers\": $n, \"heapAfterGcIdle\": $h0, \"heapAfterGcLoaded\": $h1}" > "$OUT/heap-$n.json"
  # media loop CPU over the middle of the measured window (the tool measures from ~8 s after joining)
  sleep $(( joined + 10 - $(date +%s) > 0 ? joined + 10 - $(date +%s) : 0 ))
  c0=$(media_ns $server); read -r u0 k0 < <(media_ticks $server); p0=$(sent); delays > "$OUT/delays-$n-start.txt"; delays copy > "$OUT/copies-$n-start.txt"; t0=$(date +%s%N)
  sleep $(( DURATION > 6 ? DURATION - 4 : 2 ))
  c1=$(media_ns $server); read -r u1 k1 < <(media_ticks $server); p1=$(sent); delays > "$OUT/delays-$n-end.txt"; delays copy > "$OUT/copies-$n-end.txt"; t1=$(date +%s%N)
  echo "{\"subscribers\": $n, \"mediaLoopCpuNs\": $((c1-c0)), \"mediaLoopUserTicks\": $((u1-u0)), \"mediaLoopSystemTicks\": $((k1-k0)), \"datagramsSent\": $((p1-p0)), \"wallNs\": $((t1-t0))}" \
    > "$OUT/media-$n.json"
  wait $tool || echo "load tool exited $? (3: stalls, missing or corrupt packets; see its result line)"
  kill $server; wait $server 2>/dev/null || true
  echo "N=$n heap idle $((h0>>10)) KB loaded $((h1>>10)) KB -> $(( (h1-h0)/n/1024 )) KB per subscriber"
  grep -E "server CPU|lost|latency all|tool loop lag|delivery|stalls \(|result" "$OUT/load-$n.txt"
  echo "media loop: $(( (c1-c0) / 1000 / ((p1-p0) > 0 ? (p1-p0) : 1) )).$(( (c1-c0) / ((p1-p0) > 0 ? (p1-p0) : 1) % 1000 / 100 )) us CPU per datagram sent ($((p1-p0)) datagrams; user $((u1-u0)) / system $((k1-k0)) ticks)"
done
