#!/usr/bin/env python3
"""Top CPU methods (self and inclusive, media thread only) and top allocation sites from a JFR file."""
import collections, json, subprocess, sys

def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, path], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["recording"]["events"]

def frame_name(f):
    m = f["method"]
    return m["type"]["name"].split(".")[-1] + "." + m["name"]

def main(path, top=25):
    samples = events(path, "jdk.ExecutionSample")
    by_thread = collections.Counter(e["values"]["sampledThread"]["javaName"] for e in samples)
    print(f"CPU samples: {len(samples)}; by thread: {by_thread.most_common(8)}")
    media = [e for e in samples if (e["values"]["sampledThread"]["javaName"] or "").startswith("sfu-media")]
    self_c, incl_c = collections.Counter(), collections.Counter()
    for e in media:
        frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
        if not frames:
            continue
        self_c[frame_name(frames[0])] += 1
        for n in {frame_name(f) for f in frames}:
            incl_c[n] += 1
    n = max(1, len(media))
    print(f"\nmedia thread samples: {len(media)}\n-- self (top frame) --")
    for k, v in self_c.most_common(top):
        print(f"{100*v/n:6.1f} %  {k}")
    print("-- inclusive --")
    for k, v in incl_c.most_common(top + 15):
        print(f"{100*v/n:6.1f} %  {k}")
    alloc = events(path, "jdk.ObjectAllocationSample")
    by_class, by_site = collections.Counter(), collections.Counter()
    total = 0
    for e in alloc:
        w = e["values"]["weight"]
        total += w
        by_class[e["values"]["objectClass"]["name"]] += w
        frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
        own = [frame_name(f) for f in frames if f["method"]["type"]["name"].startswith(("dev/sfu", "io/netty"))]
        site = " < ".join([frame_name(f) for f in frames[:2]] + own[:3])
        by_site[(e["values"]["eventThread"]["javaName"] or "?")[:14] + " | " + site] += w
    print(f"\nallocation samples: {len(alloc)}, sampled weight {total/2**20:.0f} MB\n-- by class --")
    for k, v in by_class.most_common(15):
        print(f"{100*v/max(total,1):6.1f} %  {v/2**20:8.1f} MB  {k}")
    print("-- by site (thread | top 2 frames < first 3 Netty/SFU frames) --")
    for k, v in by_site.most_common(top):
        print(f"{100*v/max(total,1):6.1f} %  {v/2**20:8.1f} MB  {k}")

def thread_allocation(path):
    """Bytes each thread allocated between the first and last jdk.ThreadAllocationStatistics of the recording."""
    first, last = {}, {}
    for e in events(path, "jdk.ThreadAllocationStatistics"):
        t = (e["values"]["thread"] or {}).get("javaName") or "?"
        first.setdefault(t, e["values"]["allocated"]); last[t] = e["values"]["allocated"]
    return {t: last[t] - first[t] for t in first}

def main_alloc(path, datagrams=None):
    by_thread = thread_allocation(path)
    media = sum(v for t, v in by_thread.items() if t.startswith("sfu-media"))
    print(f"\nmedia thread(s) allocated {media / 2**20:.1f} MB during the recording (jdk.ThreadAllocationStatistics)"
          + (f": {media / datagrams:.1f} B per datagram sent ({datagrams} datagrams)" if datagrams else ""))
    for t, v in sorted(by_thread.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {v / 2**20:8.1f} MB  {t}")

if __name__ == "__main__":
    main(sys.argv[1])
    main_alloc(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
