#!/usr/bin/env bash
# Long run against the server jar: 1 publisher -> N subscribers for DURATION seconds, with the heap after a full
# GC (jcmd GC.run, then /metrics) sampled every EVERY seconds, so heap per subscription can be seen to hold
# steady. Writes OUT/heap.csv (seconds since joined, heap after GC in bytes), the load tool's report
# (OUT/load.txt, OUT/load.json: per-second rows with p99 latency) and the media loop's CPU per datagram.
# Usage: sfu-loadtest/scripts/longrun.sh [OUT=/tmp/longrun] [N=100] [DURATION=600] [EVERY=60]
# Needs the reactor jars (mvn -B -o -q -pl sfu-server,sfu-loadtest -am package -DskipTests), jcmd, curl.
# Ports: SFU_HTTP_PORT (18082), SFU_RTC_UDP_PORT (20002).
# OUT/resources.csv: the server's open files, threads, participants and heap after GC at idle (before the load)
# and SETTLE_SECONDS (default 35: past the keepalive and ICE consent timeouts) after the load tool ended;
# OUT/protections.txt: sfu_protections_total by reason then (hostile clients beside the run, docs/operations.md).
# CPU pinning (optional, taskset -c): SERVER_CPUS=0 TOOL_CPUS=1 keeps the server and the load tool off each
# other's cores on a 2-core machine (each JVM then sizes its thread pools for the CPUs it is given).
# TOOL_OPTS: extra load tool options, e.g. --no-pacing, or --churn 20 (the documented soak: 20 subscribers a
# minute leave and are replaced while the media flows), or data channel traffic (--data-rate 20 --data-senders 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/longrun}; N=${2:-100}; DURATION=${3:-600}; EVERY=${4:-60}
HTTP=${SFU_HTTP_PORT:-18082}; UDP=${SFU_RTC_UDP_PORT:-20002}
mkdir -p "$OUT"
source sfu-loadtest/scripts/server_probes.sh
metric() { curl -s "127.0.0.1:$HTTP/metrics" | awk -v k="$1" 'index($0, k) == 1 {s += $NF} END {printf "%d", s}'; }
SFU_HTTP_HOST=127.0.0.1 SFU_HTTP_PORT=$HTTP SFU_RTC_BIND_HOST=127.0.0.1 SFU_RTC_UDP_PORT=$UDP \
SFU_ICE_ALLOWED_NETWORKS=127.0.0.0/8 SFU_MAX_PARTICIPANTS_PER_ROOM=1000 \
  $(pin "${SERVER_CPUS:-}") java ${SERVER_JAVA_OPTS:-} -jar sfu-server/target/sfu-server.jar > "$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -sf "127.0.0.1:$HTTP/health" >/dev/null && break; sleep 0.5; done
gc $server; sleep 1; idle=$(metric 'jvm_memory_used_bytes{area="heap"')
echo "phase,fds,threads,participants,heapAfterGcBytes" > "$OUT/resources.csv"
echo "idle,$(fds $server),$(threads $server),$(metric sfu_media_loop_participants),$idle" >> "$OUT/resources.csv"
echo "seconds,heapAfterGcBytes,idleHeapAfterGcBytes,subscribers" > "$OUT/heap.csv"
$(pin "${TOOL_CPUS:-}") java -jar sfu-loadtest/target/sfu-loadtest.jar --url http://127.0.0.1:$HTTP --publishers 1 \
  --subscribers "$N" --duration "$DURATION" --warmup 8 --join-concurrency 16 ${TOOL_OPTS:-} \
  --json "$OUT/load.json" > "$OUT/load.txt" 2>&1 &
tool=$!
for i in $(seq 1 600); do grep -q '^joined:' "$OUT/load.txt" && break; sleep 0.5; done
joined=$(date +%s)
sleep 10; c0=$(media_ns $server); p0=$(metric sfu_media_packets_sent_total)
delays > "$OUT/delays-$N-start.txt"; delays copy > "$OUT/copies-$N-start.txt"
while kill -0 $tool 2>/dev/null && [ $(( $(date +%s) - joined )) -lt $(( DURATION + 8 - 2 )) ]; do
  gc $server; sleep 1
  echo "$(( $(date +%s) - joined )),$(metric 'jvm_memory_used_bytes{area="heap"'),$idle,$N" | tee -a "$OUT/heap.csv"
  sleep $(( EVERY - 1 ))
done
c1=$(media_ns $server); p1=$(metric sfu_media_packets_sent_total)
delays > "$OUT/delays-$N-end.txt"; delays copy > "$OUT/copies-$N-end.txt"
echo "{\"mediaLoopCpuNs\": $((c1-c0)), \"datagramsSent\": $((p1-p0))}" > "$OUT/media.json"
wait $tool || echo "load tool exited $? (3: stalls, missing or corrupt packets; see its result line)"
sleep "${SETTLE_SECONDS:-35}"; gc $server; sleep 1
echo "after,$(fds $server),$(threads $server),$(metric sfu_media_loop_participants),$(metric 'jvm_memory_used_bytes{area="heap"')" >> "$OUT/resources.csv"
curl -s "127.0.0.1:$HTTP/metrics" | grep '^sfu_protections_total' > "$OUT/protections.txt" || true
cat "$OUT/resources.csv" "$OUT/protections.txt"
grep -E "server CPU|lost|latency|delivery|heap|tool loop lag|stalls \(|churn|^  data|server data|result" "$OUT/load.txt" | tail -28
python3 - "$OUT" "$N" <<'PY'
import csv, json, os, sys
sys.path.insert(0, os.path.join(os.getcwd(), "sfu-loadtest", "scripts"))
from summarize import server_delay
d, n = sys.argv[1], sys.argv[2]; rows = list(csv.DictReader(open(f"{d}/heap.csv")))
for r in rows:
    per = (int(r["heapAfterGcBytes"]) - int(r["idleHeapAfterGcBytes"])) / int(r["subscribers"]) / 1024
    print(f"t={r['seconds']:>5} s heap after GC {int(r['heapAfterGcBytes']) >> 20} MB -> {per:.0f} KB per subscriber")
m = json.load(open(f"{d}/media.json"))
print(f"media loop: {m['mediaLoopCpuNs'] / 1000 / max(1, m['datagramsSent']):.2f} us CPU per datagram sent")
print(f"server-added delay p50 / p99 / p99.9 (us): per datagram to its last copy {server_delay(d, n)}; "
      f"per copy {server_delay(d, n, 'copies')} (the heap samples' full GCs fall inside this window)")
p99 = sorted(s["latencyP99Micros"] for s in json.load(open(f"{d}/load.json"))["perSecond"])
print(f"per-second p99 latency: median {p99[len(p99) // 2]} us, 90th percentile of seconds {p99[int(len(p99) * 0.9)]} us")
t = json.load(open(f"{d}/load.json"))["totals"]
print(f"stalls: {t.get('stalls', 'n/a')} on {t.get('stalledSubscriptions', 'n/a')} subscriptions ({t.get('stalledMillis', 'n/a')} ms)")
c = t.get("churn") or {}
if c.get("perMinute"):
    print(f"churn {c['perMinute']}/min: {c['leaves']} left, {c['joins']} joined, {c['joinFailures']} join failures, "
          f"{c['stillJoining']} still joining; first packet p50/p99 {c['firstPacketP50Millis']}/{c['firstPacketP99Millis']} ms, "
          f"first frame p50/p99 {c['firstFrameP50Millis']}/{c['firstFrameP99Millis']} ms ({c['withoutFrame']} without)")
PY
