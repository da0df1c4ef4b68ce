// DEVELOPMENT STAND-IN, not the product: a tiny fake of the Java SFU's outside (same signaling
// protocol, same REST room endpoint, the web client served at /) so the web client and the e2e
// scripts can be exercised before the real server exists.
//
//   node dev/mock-sfu.mjs [--port 0] [--api-key dev]   -> prints {"url":"http://127.0.0.1:PORT"} on stdout
//
// Media is relayed by a hidden headless Chromium page that holds one RTCPeerConnection per client
// and forwards received tracks with replaceTrack (so it decodes and re-encodes: slow, and nothing
// like an SFU's packet forwarding). Answers carry `a=msid:<participantId> <trackId>` and only
// 127.0.0.1 candidates. Signaling uses a minimal hand-written WebSocket (text frames only).

import { createServer } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, numberArg, log } from '../lib/args.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const USAGE = 'usage: node dev/mock-sfu.mjs [--port 0] [--api-key dev]';
const args = parseArgs(process.argv.slice(2), USAGE);
const apiKey = typeof args['api-key'] === 'string' ? args['api-key'] : 'dev';
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sfu-server/src/main/resources/web');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

// ---------------------------------------------------------------------------------------------
// The media relay page

const RELAY_SCRIPT = () => {
  const peers = new Map(); // participantId -> { pc, published: [] }
  const tracks = new Map(); // trackId -> { track, owner }

  function gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 3000);
    });
  }

  /** Rewrites each sending m-section's msid to "<owner participantId> <trackId>"; keeps only loopback candidates. */
  function munge(sdp, subscriptions) {
    const [head, ...sections] = sdp.split(/\r\n(?=m=)/);
    return [head, ...sections.map((section) => {
      const mid = /a=mid:(\S+)/.exec(section)?.[1];
      let lines = section.split('\r\n').filter((l) => !l.startsWith('a=candidate:') || / 127\.0\.0\.1 /.test(l));
      const trackId = subscriptions[mid];
      if (trackId && tracks.has(trackId) && /a=sendonly/.test(section)) {
        lines = lines.filter((l) => !l.startsWith('a=msid:'));
        const at = lines.findIndex((l) => l.startsWith('a=sendonly'));
        lines.splice(at + 1, 0, `a=msid:${tracks.get(trackId).owner} ${trackId}`);
      }
      return lines.join('\r\n');
    })].join('\r\n');
  }

  window.relay = {
    async warmUp() {
      // Loopback host candidates need capture permission (granted by --use-fake-ui-for-media-stream).
      const s = await navigator.mediaDevices.getUserMedia({ audio: true });
      s.getTracks().forEach((t) => t.stop());
    },
    async offer(pid, sdp, subscriptions) {
      let peer = peers.get(pid);
      if (!peer) {
        const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
        peer = { pc, published: [] };
        pc.ontrack = (ev) => {
          const trackId = `${pid}-${ev.transceiver.mid}`;
          tracks.set(trackId, { track: ev.track, owner: pid });
          // Chromium pulls remote media only when something plays it; unplayed, a forwarded track
          // is silent (audio) or starts without a key frame (video).
          const sink = document.createElement(ev.track.kind);
          sink.srcObject = new MediaStream([ev.track]);
          sink.play().catch(() => {});
          peer.published.push({ id: trackId, participantId: pid, kind: ev.track.kind });
        };
        peers.set(pid, peer);
      }
      const { pc } = peer;
      await pc.setRemoteDescription({ type: 'offer', sdp });
      for (const t of pc.getTransceivers()) {
        if (t.stopped || t.currentDirection === 'stopped' || t.mid == null) continue;
        const sub = tracks.get(subscriptions[t.mid]);
        if (sub) {
          t.direction = 'sendonly';
          await t.sender.replaceTrack(sub.track);
          const params = t.sender.getParameters();
          params.degradationPreference = 'maintain-resolution';
          await t.sender.setParameters(params).catch(() => {});
        }
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const published = peer.published.splice(0);
      return { sdp: munge(pc.localDescription.sdp, subscriptions), published };
    },
    close(pid) {
      peers.get(pid)?.pc.close();
      peers.delete(pid);
      for (const [id, t] of tracks) if (t.owner === pid) tracks.delete(id);
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Minimal WebSocket (RFC 6455): text frames, close, ping; client frames are masked.

function acceptWebSocket(req, socket, onText, onClose) {
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let buffer = Buffer.alloc(0);
  let closed = false;
  const frame = (opcode, payload) => {
    const len = payload.length;
    const header = len < 126 ? Buffer.from([0x80 | opcode, len])
      : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
    if (!socket.destroyed) socket.write(Buffer.concat([header, payload]));
  };
  const ws = {
    send: (text) => frame(1, Buffer.from(text)),
    close: () => { if (!closed) { frame(8, Buffer.alloc(0)); socket.end(); } },
  };
  const finish = () => { if (!closed) { closed = true; onClose(); } };
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = buffer[0] & 15;
      let len = buffer[1] & 127;
      let offset = 2;
      if (len === 126) { if (buffer.length < 4) return; len = buffer.readUInt16BE(2); offset = 4; }
      if (len === 127) { if (buffer.length < 10) return; len = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      const masked = buffer[1] & 128;
      const total = offset + (masked ? 4 : 0) + len;
      if (buffer.length < total) return;
      const mask = masked ? buffer.subarray(offset, offset + 4) : null;
      const payload = Buffer.from(buffer.subarray(total - len, total));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      buffer = buffer.subarray(total);
      if (opcode === 1) onText(payload.toString('utf8'));
      else if (opcode === 8) { ws.close(); finish(); }
      else if (opcode === 9) frame(10, payload);
    }
  });
  socket.on('close', finish);
  socket.on('error', finish);
  return ws;
}

// ---------------------------------------------------------------------------------------------
// Rooms and signaling

const rooms = new Map(); // name -> Map(pid -> client)

function describe(client) {
  return { id: client.id, name: client.name, tracks: client.tracks };
}

function broadcast(client, message) {
  for (const other of rooms.get(client.room)?.values() ?? []) if (other !== client) other.ws.send(JSON.stringify(message));
}

async function main() {
  const { browser, close } = await launchBrowser();
  const relayPage = await (await browser.newContext()).newPage();

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const roomMatch = /^\/api\/v1\/rooms\/([^/]+)$/.exec(pathname);
    if (roomMatch) {
      if (req.headers.authorization !== `Bearer ${apiKey}`) return res.writeHead(401).end('{"error":"unauthorized"}');
      const name = decodeURIComponent(roomMatch[1]);
      const members = rooms.get(name);
      if (!members) return res.writeHead(404).end('{"error":"not_found"}');
      return res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ name, participants: [...members.values()].map(describe) }));
    }
    const file = path.join(webRoot, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(webRoot + path.sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      return res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      return res.writeHead(404).end('not found');
    }
  });

  server.on('upgrade', (req, socket) => {
    if (new URL(req.url, 'http://x').pathname !== '/ws') return socket.destroy();
    const client = { id: randomUUID().slice(0, 8), name: null, room: null, tracks: [], queue: Promise.resolve() };
    const error = (code, message) => client.ws.send(JSON.stringify({ type: 'error', code, message }));
    const leave = () => {
      const members = rooms.get(client.room);
      if (!members?.delete(client.id)) return;
      relayPage.evaluate((pid) => window.relay.close(pid), client.id).catch(() => {});
      broadcast(client, { type: 'participantLeft', participantId: client.id });
      if (!members.size) rooms.delete(client.room);
      log(`${client.name} left ${client.room}`);
    };
    client.ws = acceptWebSocket(req, socket, (text) => {
      let msg;
      try { msg = JSON.parse(text); } catch { return error('bad_request', 'not JSON'); }
      if (msg.type === 'ping') return client.ws.send('{"type":"pong"}');
      if (msg.type === 'join') {
        if (client.room) return error('bad_request', 'already joined');
        client.name = String(msg.name || 'Guest');
        client.room = String(msg.room || '');
        if (!rooms.has(client.room)) rooms.set(client.room, new Map());
        const members = rooms.get(client.room);
        client.ws.send(JSON.stringify({ type: 'joined', participantId: client.id, room: client.room, participants: [...members.values()].map(describe) }));
        members.set(client.id, client);
        broadcast(client, { type: 'participantJoined', participant: describe(client) });
        log(`${client.name} joined ${client.room} as ${client.id}`);
        return undefined;
      }
      if (!client.room) return error('not_joined', 'join first');
      if (msg.type === 'leave') { leave(); return client.ws.close(); }
      if (msg.type === 'offer') {
        // Offers are answered in order, one at a time, as the real server does.
        client.queue = client.queue.then(async () => {
          try {
            const { sdp, published } = await relayPage.evaluate(
              ([pid, offer, subs]) => window.relay.offer(pid, offer, subs), [client.id, msg.sdp, msg.subscriptions || {}]);
            client.ws.send(JSON.stringify({ type: 'answer', sdp }));
            for (const track of published) {
              client.tracks.push(track);
              broadcast(client, { type: 'trackPublished', track });
            }
          } catch (err) {
            error('invalid_sdp', err.message.split('\n')[0]);
          }
        });
      }
      return undefined;
    }, leave);
  });

  await new Promise((resolve) => server.listen(numberArg(args, 'port', 0, USAGE), '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  await relayPage.goto(`${url}/__relay`); // a blank secure-context page, not the client
  await relayPage.evaluate(RELAY_SCRIPT);
  await relayPage.evaluate(() => window.relay.warmUp());
  log(`mock SFU at ${url} (api key "${apiKey}")`);
  process.stdout.write(`${JSON.stringify({ url })}\n`);

  const stop = async () => {
    server.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  log(`mock SFU failed: ${err.message}`);
  process.exit(1);
});
