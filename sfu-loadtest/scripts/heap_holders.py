#!/usr/bin/env python3
"""What holds the heap of a server under load, from a heap dump (jcmd PID GC.heap_dump FILE).

  heap_holders.py holders DUMP CLASS...    per instance of each CLASS: retained size, and what it dominates,
                                           grouped by field (e.g. dev.sfu.core.room.Subscription)
  heap_holders.py classes DUMP [MIN MAX]   classes with MIN..MAX instances (default 90..1100, i.e. per
                                           participant at 100 subscribers) by retained size
  heap_holders.py diff IDLE LOADED N       shallow bytes per class, loaded minus idle, divided by N

Retained sizes come from the dominator tree (Cooper-Harvey-Kennedy) over all objects reachable from the GC
roots; instance sizes assume compressed oops (4-byte references, 12-byte headers, 8-byte alignment). Pure
Python, a minute or so for a 50 MB dump.
"""
import collections, struct, sys

PRIM = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PNAME = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]', 11: 'long[]'}


def load(path):
    """Returns {object id: [class name, shallow size, [(field, referenced id)]]} and the set of root ids."""
    data = open(path, 'rb').read()
    p = data.index(b'\0') + 1
    if struct.unpack_from('>I', data, p)[0] != 8:
        sys.exit('only 8-byte identifiers are supported')
    p += 12
    strings, classname, classes, objs, roots = {}, {}, {}, {}, set()

    def rid(q):
        return struct.unpack_from('>Q', data, q)[0]

    root_len = {0xFF: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16}
    while p < len(data):
        tag = data[p]
        end = p + 9 + struct.unpack_from('>I', data, p + 5)[0]
        p += 9
        if tag == 0x01:
            strings[rid(p)] = data[p + 8:end].decode('utf-8', 'replace')
        elif tag == 0x02:
            classname[rid(p + 4)] = strings.get(rid(p + 16), '?').replace('/', '.')
        elif tag in (0x0C, 0x1C):
            q = p
            while q < end:
                st = data[q]
                q += 1
                if st in root_len:
                    roots.add(rid(q))
                    q += root_len[st]
                elif st == 0x20:  # class dump
                    cid, sup = rid(q), rid(q + 12)
                    q += 8 + 4 + 8 * 6 + 4
                    constants = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    for _ in range(constants):
                        t = data[q + 2]
                        q += 3 + (8 if t == 2 else PRIM[t])
                    statics = []
                    count = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    for _ in range(count):
                        name, t = strings.get(rid(q), '?'), data[q + 8]
                        q += 9
                        if t == 2:
                            if rid(q):
                                statics.append(('static ' + name, rid(q)))
                            q += 8
                        else:
                            q += PRIM[t]
                    fields = []
                    count = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    for _ in range(count):
                        fields.append((strings.get(rid(q), '?'), data[q + 8]))
                        q += 9
                    classes[cid] = (sup, fields)
                    objs[cid] = ['class ' + classname.get(cid, '?'), 0, statics]
                    roots.add(cid)
                elif st == 0x21:  # instance
                    oid, cid, nb = rid(q), rid(q + 12), struct.unpack_from('>I', data, q + 20)[0]
                    objs[oid] = [cid, nb, q + 24]
                    q += 24 + nb
                elif st == 0x22:  # object array
                    oid, num, acid = rid(q), struct.unpack_from('>I', data, q + 12)[0], rid(q + 16)
                    refs = [('[]', v) for v in struct.unpack_from('>%dQ' % num, data, q + 24) if v]
                    objs[oid] = [classname.get(acid, '?'), (16 + 4 * num + 7) & ~7, refs]
                    q += 24 + 8 * num
                elif st == 0x23:  # primitive array
                    oid, num, t = rid(q), struct.unpack_from('>I', data, q + 12)[0], data[q + 16]
                    objs[oid] = [PNAME[t], (16 + PRIM[t] * num + 7) & ~7, []]
                    q += 17 + PRIM[t] * num
                else:
                    sys.exit('unknown heap dump sub-record 0x%x' % st)
        p = end
    layout = {}

    def fields_of(cid):
        if cid not in layout:
            out, c = [], cid
            while c in classes:
                out.extend(classes[c][1])
                c = classes[c][0]
            layout[cid] = out
        return layout[cid]

    for o in objs.values():
        if isinstance(o[0], int):
            cid, nb, q = o
            refs, nrefs = [], 0
            for name, t in fields_of(cid):
                if t == 2:
                    nrefs += 1
                    if rid(q):
                        refs.append((name, rid(q)))
                    q += 8
                else:
                    q += PRIM[t]
            o[0], o[1], o[2] = classname.get(cid, '?'), (12 + nb - 4 * nrefs + 7) & ~7, refs
    return objs, roots


class Graph:
    def __init__(self, path):
        objs, roots = load(path)
        self.objs = objs
        self.ids = [None] + list(objs)
        index = {oid: i for i, oid in enumerate(self.ids) if i}
        n = len(self.ids)
        succ = [[index[r] for r in roots if r in index]] + [None] * (n - 1)
        for i in range(1, n):
            succ[i] = [index[v] for _, v in objs[self.ids[i]][2] if v in index]
        order, seen, stack = [], bytearray(n), [(0, 0)]
        seen[0] = 1
        while stack:
            v, k = stack[-1]
            if k < len(succ[v]):
                stack[-1] = (v, k + 1)
                w = succ[v][k]
                if not seen[w]:
                    seen[w] = 1
                    stack.append((w, 0))
            else:
                order.append(v)
                stack.pop()
        po = [-1] * n
        for i, v in enumerate(order):
            po[v] = i
        pred = [[] for _ in range(n)]
        for v in range(n):
            if seen[v]:
                for w in succ[v]:
                    pred[w].append(v)
        idom = [-1] * n
        idom[0] = 0
        rpo = order[::-1]
        changed = True
        while changed:
            changed = False
            for v in rpo[1:]:
                new = -1
                for u in pred[v]:
                    if idom[u] == -1:
                        continue
                    if new == -1:
                        new = u
                        continue
                    a, b = u, new
                    while a != b:
                        while po[a] < po[b]:
                            a = idom[a]
                        while po[b] < po[a]:
                            b = idom[b]
                    new = a
                if idom[v] != new:
                    idom[v] = new
                    changed = True
        self.idom = idom
        self.index = index
        self.cls = [None] + [objs[o][0] for o in self.ids[1:]]
        self.retained = [0] + [objs[o][1] for o in self.ids[1:]]
        for v in order:
            if v and idom[v] > 0:
                self.retained[idom[v]] += self.retained[v]

    def field(self, parent, child):
        for name, v in self.objs[self.ids[parent]][2]:
            if self.index.get(v) == child:
                return name
        return '?'


def holders(path, names):
    g = Graph(path)
    children = collections.defaultdict(list)
    for v in range(1, len(g.ids)):
        if g.idom[v] > 0:
            children[g.idom[v]].append(v)
    for name in names:
        targets = [v for v in range(1, len(g.ids)) if g.cls[v] == name]
        if not targets:
            print('no instances of', name)
            continue
        total = sum(g.retained[v] for v in targets)
        print('== %s: %d instances, %.1f KB retained each' % (name, len(targets), total / len(targets) / 1024))
        size, count = collections.Counter(), collections.Counter()
        for t in targets:
            for c in children[t]:
                key = '%s -> %s' % (g.field(t, c), g.cls[c])
                size[key] += g.retained[c]
                count[key] += 1
        for key, s in size.most_common(20):
            print('  %7.1f KB each  %6d  %s' % (s / len(targets) / 1024, count[key], key))


def classes(path, lo=90, hi=1100):
    g = Graph(path)
    size, count = collections.Counter(), collections.Counter()
    for v in range(1, len(g.ids)):
        size[g.cls[v]] += g.retained[v]
        count[g.cls[v]] += 1
    for name, s in size.most_common():
        if lo <= count[name] <= hi and s > 50_000:
            print('%10d B  %6d  %7.1f KB each  %s' % (s, count[name], s / count[name] / 1024, name))


def diff(idle, loaded, n):
    def histogram(path):
        h = collections.Counter()
        c = collections.Counter()
        for o in load(path)[0].values():
            h[o[0]] += o[1]
            c[o[0]] += 1
        return h, c
    (a, ac), (b, bc) = histogram(idle), histogram(loaded)
    delta = {k: b[k] - a[k] for k in set(a) | set(b)}
    print('total %.1f KB per subscriber' % (sum(delta.values()) / n / 1024))
    for k, v in sorted(delta.items(), key=lambda kv: -kv[1])[:40]:
        print('%8.2f KB  %+7d objects  %s' % (v / n / 1024, bc[k] - ac[k], k))


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'holders':
        holders(args[0], args[1:])
    elif command == 'classes':
        classes(args[0], *map(int, args[1:3]))
    elif command == 'diff':
        diff(args[0], args[1], int(args[2]))
    else:
        sys.exit(__doc__)
