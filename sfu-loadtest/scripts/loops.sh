#!/usr/bin/env bash
# The same load with SFU_MEDIA_LOOPS=1 and then 2 (or the counts given): ROOMS rooms of 1 publisher -> N subscribers
# each, against the server jar on 127.0.0.1. Per run: the server's datagrams sent per second, its process CPU, and
# the CPU of each media loop thread ("sfu-media-*", from /proc/<pid>/task/*/schedstat) with the participants each
# loop holds (sfu_media_loop_participants), over the middle of the measured window; the tool's report into OUT.
# Usage: sfu-loadtest/scripts/loops.sh [OUT=/tmp/loops] [DURATION=20] [ROOMS=2] [N=50] [LOOPS...=1 2]
# Needs the jars of the reactor build: mvn -B -o -q -pl sfu-server,sfu-loadtest -am package -DskipTests
# Ports: SFU_HTTP_PORT (18080), SFU_RTC_UDP_PORT (20000) .. + loops - 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/loops}; DURATION=${2:-20}; ROOMS=${3:-2}; N=${4:-50}; shift $(( $# > 4 ? 4 : $# )) || true
COUNTS=${*:-1 2}
HTTP=${SFU_HTTP_PORT:-18080}; UDP=${SFU_RTC_UDP_PORT:-20000}
TICK=$(getconf CLK_TCK)
mkdir -p "$OUT"
# name=cpu-ns of every media loop thread
threads() { local t; for t in /proc/$1/task/*; do
  case "$(cat "$t/comm" 2>/dev/null)" in sfu-media*) echo "$(cat "$t/comm")=$(cut -d' ' -f1 "$t/schedstat")";; esac
  done | sort; }
process_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
metric() { curl -s "127.0.0.1:$HTTP/metrics" | awk -v m="$1" 'index($0, m) == 1 {printf "%d", $NF}'; }
loop_participants() { curl -s "127.0.0.1:$HTTP/metrics" | grep '^sfu_media_loop_participants' | sed 's/sfu_media_loop_participants//' | tr '\n' ' '; }
for loops in $COUNTS; do
  SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP SFU_MEDIA_LOOPS=$loops \
  SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
    java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/server-$loops.log" 2>&1 &
  server=$!
  for i in $(seq 1 120); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
  java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP --rooms "$ROOMS" --publishers 1 \
    --subscribers "$N" --duration "$DURATION" --warmup 8 --join-concurrency 16 --quiet --json "$OUT/load-$loops.json" \
    > "$OUT/load-$loops.txt" 2>&1 &
  tool=$!
  for i in $(seq 1 600); do grep -q '^joined:' "$OUT/load-$loops.txt" && break; sleep 0.5; done
  joined=$(date +%s)
  sleep $(( joined + 10 - $(date +%s) > 0 ? joined + 10 - $(date +%s) : 0 ))
  placement=$(loop_participants)
  threads $server > "$OUT/threads0-$loops"; c0=$(process_ticks $server); p0=$(metric sfu_media_packets_sent_total); t0=$(date +%s%N)
  sleep $(( DURATION > 6 ? DURATION - 4 : 2 ))
  threads $server > "$OUT/threads1-$loops"; c1=$(process_ticks $server); p1=$(metric sfu_media_packets_sent_total); t1=$(date +%s%N)
  wait $tool || echo "load tool exited $?"
  kill $server; wait $server 2>/dev/null || true
  wall=$(( (t1 - t0) / 1000000 ))
  echo "SFU_MEDIA_LOOPS=$loops: $(( (p1 - p0) * 1000 / wall )) datagrams/s sent, process CPU $(( (c1 - c0) * 100000 / TICK / wall ))% of one core over ${wall} ms"
  echo "  participants per loop: $placement"
  join -t= "$OUT/threads0-$loops" "$OUT/threads1-$loops" | while IFS== read -r name a b; do
    echo "  $name: $(( (b - a) / 10000 / wall ))% of one core"; done
  grep -E "server CPU|lost|latency all|delivery" "$OUT/load-$loops.txt" | sed 's/^/  /'
done
