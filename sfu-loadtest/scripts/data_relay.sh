#!/usr/bin/env bash
# One data channel run against the server jar: a fresh server with the per-participant data limits raised (so the
# relay, not the rate limiter, is what is measured), the live heap (after a full GC) at idle, every EVERY seconds
# while the load tool runs, and SETTLE_SECONDS after it ended (OUT/NAME-heap.csv); the tool's report in OUT/NAME.txt and OUT/NAME.json.
# Usage: sfu-loadtest/scripts/data_relay.sh OUT NAME DURATION EVERY [load tool options...]
#   e.g. data_relay.sh /tmp/data 1to4-100B 20 10 --publishers 0 --subscribers 5 --data-senders 1 \
#          --data-rate 5000 --data-size 100
# Needs the reactor jars (mvn -B -o -q -pl sfu-loadtest -am package -DskipTests), jcmd, curl.
# Ports: SFU_HTTP_PORT (18084), SFU_RTC_UDP_PORT (20004). Pinning as sweep.sh: SERVER_CPUS=0 TOOL_CPUS=1.
# Server limits: SFU_DATA_MESSAGES_PER_SECOND (default here 100000), SFU_DATA_BYTES_PER_SECOND (1 GiB),
# SFU_DATA_SEND_BUFFER_BYTES (the server's default, 4 MiB, unless set).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$1; NAME=$2; DURATION=$3; EVERY=$4; shift 4
HTTP=${SFU_HTTP_PORT:-18084}; UDP=${SFU_RTC_UDP_PORT:-20004}
mkdir -p "$OUT"
source sfu-loadtest/scripts/server_probes.sh
metric() { curl -s "127.0.0.1:$HTTP/metrics" | awk -v k="$1" 'index($0, k) == 1 {s += $NF} END {printf "%d", s}'; }
# live heap in bytes: the class histogram runs a full GC and counts what is left (the /metrics gauge read after
# GC.run also counts what the relay allocated in between: tens of MB a second at 16 KiB messages); the
# histogram itself is kept as OUT/NAME-histo-SECONDS.txt (what holds the heap)
live() { jcmd -J-Dsun.tools.attach.attachTimeout=30000 $server GC.class_histogram > "$OUT/$NAME-histo-$1.txt" 2>/dev/null
  awk '/^Total/ {print $3}' "$OUT/$NAME-histo-$1.txt"; }
SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP \
SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
SFU_DATA_MESSAGES_PER_SECOND=${SFU_DATA_MESSAGES_PER_SECOND:-100000} \
SFU_DATA_BYTES_PER_SECOND=${SFU_DATA_BYTES_PER_SECOND:-1073741824} \
  $(pin "${SERVER_CPUS:-}") java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/$NAME-server.log" 2>&1 &
server=$!
# wait for it on the way out: it drains on SIGTERM, and the next run's health check must not find it
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
heap_csv="$OUT/$NAME-heap.csv"
echo "phase,seconds,liveHeapBytes,dataMessagesSent,receiverBufferFullDrops" > "$heap_csv"
echo "idle,0,$(live idle),0,0" >> "$heap_csv"
$(pin "${TOOL_CPUS:-}") java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP \
  --duration "$DURATION" --warmup 3 --join-concurrency 8 "$@" --json "$OUT/$NAME.json" > "$OUT/$NAME.txt" 2>&1 &
tool=$!
for i in $(seq 1 600); do grep -q '^joined:' "$OUT/$NAME.txt" && break; sleep 0.5; done
joined=$(date +%s)
while kill -0 $tool 2>/dev/null && [ $(( $(date +%s) - joined )) -lt $(( DURATION + 3 - 1 )) ]; do
  for s in $(seq 1 "$EVERY"); do kill -0 $tool 2>/dev/null && sleep 1; done; kill -0 $tool 2>/dev/null || break
  t=$(( $(date +%s) - joined ))
  echo "load,$t,$(live $t),$(metric sfu_data_messages_sent_total),$(metric 'sfu_data_drops_total{reason="receiver_buffer_full"')" >> "$heap_csv"
done
wait $tool || echo "load tool exited $? (3: something missing, corrupt or stalled; see its result line)"
sleep "${SETTLE_SECONDS:-5}"
echo "after,$(( $(date +%s) - joined )),$(live after),$(metric sfu_data_messages_sent_total),$(metric 'sfu_data_drops_total{reason="receiver_buffer_full"')" >> "$heap_csv"
cat "$heap_csv"
grep -E "^  (data|server data|server CPU|result|participants)" "$OUT/$NAME.txt"
