#!/usr/bin/env python3
"""Markdown table of a sweep (sweep.sh output dir), with the marginal CPU cost per datagram (least-squares
slope of server CPU seconds per second against datagrams sent per second over the steps) and the media event
loop's own CPU per datagram (media-N.json: the forwarding path without GC, JIT, Vert.x or the scrape), the
stalls the load tool saw (subscriptions silent while their publisher sent) and its own event-loop lag p99
(the receive-side queueing it adds to the latencies; "-" for reports from before these fields).
Usage: summarize.py SWEEP_DIR [LIMIT_US]  (LIMIT_US: limit.c's protect+send figure from the same session)"""
import glob, json, os, sys

def server_delay(d, n, kind="delays"):
    """p50 / p99 / p99.9 of the server's forwarding delay over the step's window, each as the bucket bound it falls
    under, in microseconds: per received datagram to its last copy (delays-N-start/end.txt, from the server's
    sfu_media_forwarding_delay buckets) or per copy (kind "copies": copies-N-*.txt, sfu_media_copy_delay)."""
    start, end = (os.path.join(d, f"{kind}-{n}-{w}.txt") for w in ("start", "end"))
    if not (os.path.exists(start) and os.path.exists(end)):
        return "-"
    read = lambda f: {le: float(c) for le, c in (line.split() for line in open(f) if line.strip())}
    a, b = read(start), read(end)
    bounds = sorted((le for le in b if le != "+Inf"), key=float) + ["+Inf"]
    counts = [b[le] - a.get(le, 0) for le in bounds]
    if not counts or counts[-1] <= 0:
        return "-"
    out = []
    for q in (0.5, 0.99, 0.999):
        le = next(le for le, c in zip(bounds, counts) if c >= q * counts[-1])
        out.append("> 50000" if le == "+Inf" else f"<= {float(le) * 1e6:.0f}")
    return " / ".join(out)

def main(d, limit_us=None):
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "load-*.json")), key=lambda p: int(p.split("-")[-1][:-5])):
        r = json.load(open(f)); t, s = r["totals"], r["setup"]; n = s["subscribersPerRoom"]
        connected = t["participantsConnected"] - s["publishersPerRoom"] * s["rooms"]
        heap = os.path.join(d, f"heap-{n}.json")
        h = json.load(open(heap)) if os.path.exists(heap) else None
        per_sub = (h["heapAfterGcLoaded"] - h["heapAfterGcIdle"]) / connected / 1024 if h else float("nan")
        media = os.path.join(d, f"media-{n}.json")
        m = json.load(open(media)) if os.path.exists(media) else None
        loop_us = m["mediaLoopCpuNs"] / 1000 / m["datagramsSent"] if m and m["datagramsSent"] > 0 else float("nan")
        rows.append(dict(n=n, c=connected, pps=t["serverPacketsSent"] / s["durationSeconds"], cpu=t["serverCpuPercent"],
                         us=t["serverCpuMicrosPerPacketSent"], lost=t["lostPackets"], loss=t["lossPercent"],
                         miss=t["deliveryLost"], exp=t["deliveryExpected"], p50=t["all"]["p50Micros"],
                         p95=t["all"]["p95Micros"], p99=t["all"]["p99Micros"], ttff=t["firstFrameP50Millis"],
                         heap=per_sub, loop=loop_us, corrupt=t["corruptPackets"] + t["srtpFailures"],
                         stalls=t.get("stalls", "-"), stalled=t.get("stalledSubscriptions", "-"),
                         lag=t["loopLag"]["p99Micros"] if "loopLag" in t else "-", delay=server_delay(d, n),
                         copy=server_delay(d, n, "copies")))
    print("| subscribers | server datagrams out/s | server CPU (% of 1 core) | CPU us per datagram (all-in) "
          "| media loop CPU us per datagram | lost (gaps) | delivery missing | latency p50 / p95 / p99 (us) | first frame p50 (ms) "
          "| heap per subscriber after GC (KB) | stalls (subscriptions) | tool loop lag p99 (us) "
          "| server-added delay per datagram, to its last copy, p50 / p99 / p99.9 (us) "
          "| server-added delay per copy p50 / p99 / p99.9 (us) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} ({r['c']} joined) | {r['pps']:.0f} | {r['cpu']:.1f} | {r['us']:.2f} | {r['loop']:.2f} | {r['lost']} ({r['loss']:.3f} %) "
              f"| {r['miss']} of {r['exp']} | {r['p50']} / {r['p95']} / {r['p99']} | {r['ttff']} | {r['heap']:.0f} "
              f"| {r['stalls']} ({r['stalled']}) | {r['lag']} | {r['delay']} | {r['copy']} |")
    if len(rows) >= 2:
        xs = [r["pps"] for r in rows]; ys = [r["cpu"] / 100 for r in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"\nmarginal server CPU per datagram sent (slope over the steps): {slope * 1e6:.2f} us; "
              f"intercept (fixed load): {100 * (my - slope * mx):.1f} % of a core")
        if limit_us:
            print(f"ratio to limit.c protect+send ({limit_us} us): all-in at N={rows[-1]['n']}: "
                  f"{rows[-1]['us'] / float(limit_us):.1f}x, marginal: {slope * 1e6 / float(limit_us):.1f}x")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
