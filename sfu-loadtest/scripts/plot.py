#!/usr/bin/env python3
"""Plots a sweep (load-N.json files from sweep.sh) as one SVG with no dependencies:
left, server datagrams sent per second and server CPU per datagram against subscribers;
right, forwarding latency p50/p95/p99 against subscribers.
Usage: plot.py SWEEP_DIR OUT.svg"""
import glob, json, os, sys

def load(d):
    rows = []
    for f in glob.glob(os.path.join(d, "load-*.json")):
        r = json.load(open(f))
        t, s = r["totals"], r["setup"]
        rows.append((s["subscribersPerRoom"], t["serverPacketsSent"] / s["durationSeconds"],
                     t["serverCpuMicrosPerPacketSent"], t["all"]["p50Micros"], t["all"]["p95Micros"],
                     t["all"]["p99Micros"]))
    return sorted(rows)

def chart(x0, title, xs, series, ylabel, w=420, h=300):
    ymax = max(max(v for v in vals) for _, vals, _ in series) * 1.1 or 1
    xmax = max(xs) * 1.05
    px = lambda x: x0 + 60 + (w - 80) * x / xmax
    py = lambda y: 40 + (h - 80) * (1 - y / ymax)
    out = [f'<text x="{x0 + w/2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(xmax)}" y2="{py(0)}" stroke="black"/>',
           f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(0)}" y2="{py(ymax)}" stroke="black"/>',
           f'<text x="{x0 + w/2}" y="{h - 5}" text-anchor="middle">subscribers (1 publisher)</text>',
           f'<text x="{x0 + 12}" y="{h/2}" transform="rotate(-90 {x0 + 12} {h/2})" text-anchor="middle">{ylabel}</text>']
    for i in range(5):
        y = ymax * i / 4
        out.append(f'<text x="{px(0) - 4}" y="{py(y) + 4}" text-anchor="end" font-size="10">{y:.0f}</text>')
    for x in xs:
        out.append(f'<text x="{px(x)}" y="{py(0) + 14}" text-anchor="middle" font-size="10">{x}</text>')
    for k, (name, vals, color) in enumerate(series):
        pts = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, vals))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        out += [f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3" fill="{color}"/>' for x, v in zip(xs, vals)]
        out.append(f'<text x="{px(0) + 10}" y="{50 + 14 * k}" fill="{color}" font-size="11">{name}</text>')
    return out

def main(d, path):
    rows = load(d)
    xs = [r[0] for r in rows]
    left = chart(0, "Server throughput", xs, [("datagrams sent / s", [r[1] for r in rows], "#1f77b4")],
                 "datagrams per second")
    right = chart(440, "Forwarding latency", xs, [("p50 us", [r[3] for r in rows], "#2ca02c"),
                                                  ("p95 us", [r[4] for r in rows], "#ff7f0e"),
                                                  ("p99 us", [r[5] for r in rows], "#d62728")], "microseconds")
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="880" height="300" font-family="sans-serif" '
           'font-size="12"><rect width="880" height="300" fill="white"/>'] + left + right + ["</svg>"]
    open(path, "w").write("\n".join(svg) + "\n")
    for r in rows:
        print("N=%d: %.0f datagrams/s, %.2f us CPU per datagram, latency p50/p95/p99 %d/%d/%d us" % r)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
