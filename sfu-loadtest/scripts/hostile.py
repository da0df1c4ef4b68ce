#!/usr/bin/env python3
"""Hostile and careless signaling clients for a soak next to the load tool (docs/operations.md, "Soak").

Against a development-mode server (joins need no token), for SECONDS, in threads, each reconnecting when cut off:
  unread   clients that join and flood pings without reading a byte (rate limit / outbound queue cap end them)
  silent   clients that join and then neither read nor answer pings (the keepalive removes them)
  slow     slowloris: connections that send one header byte every 2 s and never finish a request
  garbage  clients that send non-JSON and oversized frames before join
Prints what each did at the end. Loopback only by default. Usage:
  python3 sfu-loadtest/scripts/hostile.py [--port 18082] [--seconds 600] [--clients 4] [--slow 100]
"""
import argparse, base64, os, socket, struct, threading, time

def upgrade(host, port):
    s = socket.create_connection((host, port), timeout=5)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            raise OSError("closed during upgrade")
        head += chunk
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise OSError(head.split(b"\r\n")[0].decode())
    return s

def frame(text, opcode=1):
    payload = text.encode() if isinstance(text, str) else text
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else
        bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
    return head + mask + bytes(b ^ mask[i & 3] for i, b in enumerate(payload))

def join(s, room, name):
    s.sendall(frame('{"type":"join","room":"%s","name":"%s"}' % (room, name)))

def run(kind, body, until, counts):
    while time.time() < until:
        try:
            body(until)
            counts[kind + "_cut"] = counts.get(kind + "_cut", 0) + 1
        except OSError:
            counts[kind + "_cut"] = counts.get(kind + "_cut", 0) + 1
            time.sleep(0.2)

def main():
    a = argparse.ArgumentParser()
    a.add_argument("--host", default="127.0.0.1"); a.add_argument("--port", type=int, default=18082)
    a.add_argument("--seconds", type=int, default=600); a.add_argument("--clients", type=int, default=4)
    a.add_argument("--slow", type=int, default=100)
    o = a.parse_args()
    until = time.time() + o.seconds
    counts = {}

    def unread(until):
        s = upgrade(o.host, o.port)
        s.settimeout(2)
        join(s, "hostile-unread", "flood")
        batch = frame('{"type":"ping"}') * 64
        try:
            while time.time() < until:
                s.sendall(batch)
        finally:
            s.close()

    def silent(until):
        s = upgrade(o.host, o.port)
        join(s, "hostile-silent", "silent")
        s.settimeout(1)
        try:
            while time.time() < until:
                time.sleep(1)
                s.sendall(b"")  # never read, never pong: wait for the server to give up
                try:
                    if s.recv(1, socket.MSG_PEEK) == b"":
                        return
                except socket.timeout:
                    pass
        finally:
            s.close()

    def garbage(until):
        s = upgrade(o.host, o.port)
        s.settimeout(2)
        try:
            s.sendall(frame("not json") + frame(b"\x00" * 64, opcode=2) + frame("x" * 300_000))
            while time.time() < until and s.recv(65536):
                pass
        finally:
            s.close()

    def slowloris(until):
        s = socket.create_connection((o.host, o.port), timeout=5)
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            while time.time() < until:
                time.sleep(2)
                s.sendall(b"X")
        finally:
            s.close()

    threads = []
    for kind, body, n in (("unread", unread, o.clients), ("silent", silent, o.clients),
                          ("garbage", garbage, o.clients), ("slow", slowloris, o.slow)):
        for _ in range(n):
            t = threading.Thread(target=run, args=(kind, body, until, counts), daemon=True)
            t.start()
            threads.append(t)
    for t in threads:
        t.join(o.seconds + 30)
    print("hostile: sessions cut off by the server (reconnected each time):", dict(sorted(counts.items())))

if __name__ == "__main__":
    main()
