#!/usr/bin/env bash
# Profiles the server jar under load with JFR (CPU samples and allocation samples) and prints the top
# methods and allocation sites. Usage: sfu-loadtest/scripts/profile.sh [SUBSCRIBERS=100] [OUT=/tmp/profile]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100}; OUT=${2:-/tmp/profile}; HTTP=${SFU_HTTP_PORT:-18081}; UDP=${SFU_RTC_UDP_PORT:-20001}
mkdir -p "$OUT"
SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP \
SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
  java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP --subscribers "$N" --duration 40 --join-concurrency 16 \
  --warmup 5 --quiet --json "$OUT/load.json" > "$OUT/load.txt" 2>&1 &
tool=$!
for i in $(seq 1 240); do grep -q '^joined:' "$OUT/load.txt" && break; sleep 0.5; done
sleep 8
sent() { curl -s "127.0.0.1:$HTTP/metrics" | awk '/^sfu_media_packets_sent_total/ {printf "%d", $NF}'; }
p0=$(sent)
jcmd -J-Dsun.tools.attach.attachTimeout=30000 $server JFR.start name=load settings=profile duration=25s \
  filename="$OUT/server.jfr" >/dev/null
sleep 25; p1=$(sent)
# class histogram with the subscribers connected (forces a full GC): what a subscription keeps on the heap
jcmd -J-Dsun.tools.attach.attachTimeout=30000 $server GC.class_histogram > "$OUT/histogram.txt" || true
wait $tool || true
sleep 1
python3 sfu-loadtest/scripts/jfr_top.py "$OUT/server.jfr" $((p1 - p0)) | tee "$OUT/top.txt"
