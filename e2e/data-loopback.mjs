// The library's data channels in headless Chromium without the SFU: sdk/data-channels.js on one
// RTCPeerConnection, and on a second one in the same page a stand-in for the server that relays each part back
// as the server does (the client's header replaced by {"from", "topic"}, MORE kept, part by part). Checks that
// 10 B, 64 KiB, 1 MiB and eight concurrent 1 MiB messages come back intact and in order, a string as its UTF-8,
// a lossy message as one unreliable part (and one too large for a part is refused), and that bad arguments reject.
//
//   node data-loopback.mjs      (needs only Chromium; serves the web client's files itself)
//
// Prints ONE JSON object ({ok, failures, steps, durationMs}); exit 0 ok, 1 a check failed.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../sfu-server/src/main/resources/web');
const result = { ok: false, failures: [], steps: {}, durationMs: 0 };
const step = stepRecorder(result);
const started = Date.now();

function serve() {
  const server = createServer(async (req, res) => {
    const file = path.join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(ROOT + path.sep)) return res.writeHead(403).end();
    const body = await readFile(file).catch(() => null);
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
    return undefined;
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs in the page: the library's side, the relay, the checks. */
async function inPage() {
  const { DataChannels } = await import('/sdk/data-channels.js');
  const { decodeEnvelope, encodeEnvelope } = await import('/sdk/envelope.js');
  const pattern = (size, seed) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed * 7) & 0xff);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  const client = new RTCPeerConnection();
  const relay = new RTCPeerConnection();
  client.onicecandidate = (e) => e.candidate && relay.addIceCandidate(e.candidate);
  relay.onicecandidate = (e) => e.candidate && client.addIceCandidate(e.candidate);
  const received = [];
  const warnings = [];
  const data = new DataChannels(client, { onMessage: (m) => received.push(m), warn: (w) => warnings.push(w) });
  // The stand-in server: every part straight back, with the header the server would put on it.
  relay.ondatachannel = ({ channel }) => {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = ({ data: raw }) => {
      const { more, header, payload } = decodeEnvelope(new Uint8Array(raw));
      const out = new TextEncoder().encode(JSON.stringify({ from: 'PA_relay', ...(header.topic ? { topic: header.topic } : {}) }));
      channel.send(encodeEnvelope(out, payload, more));
    };
  };
  await client.setLocalDescription();
  await relay.setRemoteDescription(client.localDescription);
  await relay.setLocalDescription();
  await client.setRemoteDescription(relay.localDescription);

  const until = async (count) => {
    for (let i = 0; i < 300 && received.length < count; i++) await new Promise((r) => setTimeout(r, 100));
    return received.splice(0, count);
  };
  const steps = {};
  const sizes = [10, 64 * 1024, 1024 * 1024];
  for (const [seed, size] of sizes.entries()) await data.send(pattern(size, seed), { topic: 'bulk' });
  const bulk = await until(3);
  steps.bulkIntactInOrder = bulk.length === 3 && bulk.every((m, i) => same(m.data, pattern(sizes[i], i))
    && m.from === 'PA_relay' && m.topic === 'bulk' && m.reliable);
  steps.partBytes = data.partBytes();

  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, (_, i) => data.send(pattern(1024 * 1024, 20 + i))));
  const burst = await until(8);
  steps.concurrentMegabytesInOrder = burst.length === 8 && burst.every((m, i) => same(m.data, pattern(1024 * 1024, 20 + i)) && m.topic === null);
  steps.burstMs = Math.round(performance.now() - t0);

  await data.send('héllo ✓');
  const [text] = await until(1);
  steps.stringAsUtf8 = new TextDecoder().decode(text.data) === 'héllo ✓';

  await data.send(pattern(1000, 3), { reliable: false, topic: 'lossy' });
  const [lossy] = await until(1);
  steps.lossyOnePartUnreliable = lossy && !lossy.reliable && same(lossy.data, pattern(1000, 3));
  steps.lossyTooLargeRefused = await data.send(pattern(70000, 1), { reliable: false }).then(() => false, (e) => e instanceof RangeError);
  steps.badDataRefused = await data.send(42).then(() => false, (e) => e instanceof TypeError);
  steps.badTopicRefused = await data.send('x', { topic: 'x'.repeat(129) }).then(() => false, (e) => e instanceof RangeError);
  steps.noWarnings = warnings.length === 0 ? true : warnings;
  data.close();
  client.close();
  relay.close();
  return steps;
}

async function run() {
  const server = await serve();
  const { browser, close } = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/sdk/envelope.js`);
    const steps = await page.evaluate(inPage);
    for (const [name, value] of Object.entries(steps)) {
      if (typeof value === 'number') result[name] = value;
      else step(name, value === true, value);
    }
    step('no page errors', errors.length === 0, errors);
  } finally {
    await close();
    server.close();
    result.durationMs = Date.now() - started;
  }
}

runReporting(run, result, 120000);
