#!/usr/bin/env bash
# Splits the CPU of the server's media loop threads ("sfu-media-*") three ways, from perf call-graph samples:
#   user               our code, the JIT'd forwarding path, Netty, the JDK's crypto;
#   kernel syscalls    sendmmsg (up to the device, loopback_xmit), recvmmsg, epoll_wait, timers;
#   kernel delivery    on loopback, the receivers' side run on the sender's CPU in softirq (ip_rcv .. udp
#                      queueing, waking the receiving threads). Over a NIC this is not on the server's CPU.
# Usage: sfu-loadtest/scripts/perf_split.sh SERVER_PID [SECONDS=10] [OUT=/tmp/perf-split]   (needs perf, root)
set -euo pipefail
PID=$1; SECS=${2:-10}; OUT=${3:-/tmp/perf-split}
mkdir -p "$OUT"
tids=$(for t in /proc/"$PID"/task/*; do if [[ "$(cat "$t/comm")" == sfu-media* ]]; then basename "$t"; fi; done | paste -sd,)
[[ -n "$tids" ]] || { echo "no sfu-media threads in $PID" >&2; exit 1; }
perf record -q -F 1999 -g -t "$tids" -o "$OUT/perf.data" -- sleep "$SECS" >/dev/null 2>&1
perf script -i "$OUT/perf.data" -F ip,sym 2>/dev/null | python3 -c '
import sys
DELIVERY = ("__netif_receive_skb", "netif_receive_skb", "process_backlog", "net_rx_action", "ip_rcv",
            "ip_local_deliver", "__udp4_lib_rcv", "udp_rcv", "udp_queue_rcv", "sock_def_readable",
            "ep_poll_callback", "try_to_wake_up", "__wake_up")
counts = {"user": 0, "kernel syscalls": 0, "kernel delivery": 0}
top_kernel = {}
def flush(frames):
    if not frames:
        return
    ip, sym = frames[0]
    if not ip.startswith("ffff"):
        counts["user"] += 1
        return
    kind = "kernel delivery" if any(s.startswith(DELIVERY) for _, s in frames) else "kernel syscalls"
    counts[kind] += 1
    top_kernel[(kind, sym)] = top_kernel.get((kind, sym), 0) + 1
frames = []
for line in sys.stdin:
    parts = line.split()
    if not parts:
        flush(frames); frames = []
        continue
    frames.append((parts[0], parts[1] if len(parts) > 1 else "?"))
flush(frames)
total = sum(counts.values()) or 1
for k, v in counts.items():
    print(f"{k:16s} {100 * v / total:5.1f} %  ({v} samples)")
print("top kernel functions (self):")
for (kind, sym), v in sorted(top_kernel.items(), key=lambda x: -x[1])[:12]:
    print(f"  {100 * v / total:5.1f} %  {kind:16s} {sym}")
' | tee "$OUT/split.txt"
