// Data channels through the SFU between Firefox ESR and Chromium, both with the client library (issue 16): each
// browser announces its own a=max-message-size (Chromium 256 KiB, Firefox far more) and the server cuts the
// parts it relays for each receiver's limit.
//
//   node data-firefox.mjs --url http://127.0.0.1:PORT [--api-key KEY] [--room NAME]
//
// C (Chromium, data-only) and F (Firefox, data-only) join; then M (Firefox, audio and video) joins. Each of F and
// M sends 10 B, 64 KiB and 1 MiB reliable: C and the other Firefox get exactly these, intact (size, FNV-1a hash)
// and in order. C sends the same: F and M get them. A lossy message each way between F and C arrives intact. C
// receives M's audio and video tracks. F hands its channel one part of almost 1 MiB: C gets it whole, the server
// having cut it into parts of at most 256 KiB for C. The offers' m=application lines and each page's pc.sctp.maxMessageSize
// are reported.
// Prints ONE JSON object on stdout ({ok, failures, steps, offers, ...}); exit code 0 when ok.

import { scenarioArgs, log } from './lib/args.mjs';
import { checkServerReachable, launchBrowser, waitFor } from './lib/browser.mjs';
import { launchFirefox } from './lib/firefox.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import {
  dataLinesOfFirstOffer, expected, joinWithLibrary, othersSeen, received, sameMessages, send, waitForCount,
} from './lib/sdk-participants.mjs';

const USAGE = 'usage: node data-firefox.mjs --url http://127.0.0.1:PORT [--api-key KEY] [--room NAME]';
const { url, room, apiKey } = scenarioArgs(USAGE, [], 'data-firefox');
const OVERALL_MS = 240000;
const WAIT_MS = 45000;
const BULK_SIZES = [10, 64 * 1024, 1024 * 1024];
const LOSSY_SIZE = 800;

const result = { ok: false, failures: [], room, steps: {}, ids: {}, offers: {}, maxMessageSize: {}, timings: {} };
const step = stepRecorder(result);

/** `sender` sends BULK_SIZES reliable with `topic`; each receiver must get exactly those, in order. */
async function bulk(sender, receivers, topic, firstSeed) {
  const want = BULK_SIZES.map((size, i) => expected(size, firstSeed + i));
  let lastStart = 0;
  for (const [i, size] of BULK_SIZES.entries()) lastStart = (await send(sender, { size, seed: firstSeed + i, options: { topic } })).startedAt;
  for (const r of receivers) {
    const got = await waitForCount(r, topic, want.length, WAIT_MS);
    const { ok, detail } = sameMessages(got, want, { fromId: sender.id });
    step(`${topic}: 10 B, 64 KiB, 1 MiB from ${sender.name} (${sender.browser}) arrive intact and in order at ${r.name} (${r.browser})`, ok, detail);
    if (ok) result.timings[`${topic}:1MiB->${r.name}`] = got[2].at - lastStart;
  }
}

/** One lossy message from `sender` to `receiver` (named); it must arrive intact and marked unreliable. */
async function oneLossy(sender, receiver, seed) {
  const topic = `lossy-${sender.name}-${receiver.name}`;
  // A few tries: the lossy channel may drop one even on loopback.
  for (let i = 0; i < 3; i++) await send(sender, { size: LOSSY_SIZE, seed, options: { topic, reliable: false, to: [receiver.id] } });
  const got = await waitForCount(receiver, topic, 1, 5000);
  const want = expected(LOSSY_SIZE, seed);
  const ok = got.length >= 1 && got.length <= 3 && got.every((m) => m.size === want.size && m.hash === want.hash
    && m.reliable === false && m.from === sender.id);
  step(`a lossy message from ${sender.name} (${sender.browser}) arrives intact at ${receiver.name} (${receiver.browser})`, ok,
    { arrived: got.length, sentCopies: 3 });
}

/**
 * F hands its channel ONE envelope of almost 1 MiB (the library would have sent 64 KiB parts): the server takes it
 * (its limit is 1 MiB) and must cut it for C, whose a=max-message-size is 256 KiB. C's library joins the parts;
 * the largest SCTP message C saw on its reliable channel meanwhile shows the cut.
 */
async function oneLargePart(f, c) {
  const topic = 'one-large-part';
  const size = 1024 * 1024 - 64;
  await c.page.evaluate(() => {
    window.largestPart = 0;
    window.e2e.room.peer.data.channels.reliable.addEventListener('message', (event) => {
      window.largestPart = Math.max(window.largestPart, event.data.byteLength ?? event.data.length);
    });
  });
  await f.page.evaluate(({ size, topic }) => {
    const header = new TextEncoder().encode(JSON.stringify({ topic }));
    const part = new Uint8Array(4 + header.length + size);
    part.set([1, 0, header.length >> 8, header.length & 0xff]);
    part.set(header, 4);
    part.set(window.pattern(size, 50), 4 + header.length);
    window.e2e.room.peer.data.channels.reliable.send(part);
  }, { size, topic });
  const got = await waitForCount(c, topic, 1, WAIT_MS);
  const largestPart = await c.page.evaluate(() => window.largestPart);
  const { ok, detail } = sameMessages(got, [expected(size, 50)], { fromId: f.id });
  step('a single part of almost 1 MiB from F reaches C whole, cut into parts of at most 256 KiB', ok && largestPart > 0
    && largestPart <= 256 * 1024, { ...detail, largestPartAtC: largestPart });
}

async function describe(p) {
  result.ids[p.name] = p.id;
  result.offers[p.name] = await dataLinesOfFirstOffer(p);
  result.maxMessageSize[p.name] = p.maxMessageSize;
  log(`${p.name} offered ${JSON.stringify(result.offers[p.name])}`);
}

async function run() {
  // The server may be starting beside this script (a namespaced run): give it a while.
  if (!(await waitFor(async () => (await checkServerReachable(url, 2000)) === null, { timeoutMs: 30000 }))) {
    step('server reachable', false, await checkServerReachable(url));
    return;
  }
  const chromium = await launchBrowser({ timeoutMs: 30000 });
  let firefox = null;
  try {
    firefox = await launchFirefox({ timeoutMs: 30000 });
    const join = (kind, name, options = {}) => joinWithLibrary(kind, kind === 'firefox' ? firefox.browser : chromium.browser,
      { url, room, name, apiKey, timeoutMs: WAIT_MS, ...options });
    const c = await join('chromium', 'C');
    const f = await join('firefox', 'F');
    for (const p of [c, f]) await describe(p);
    step('F has the m=application section in its offer', result.offers.F.some((line) => line.startsWith('m=application')), result.offers.F);
    step('C and F see each other', await waitFor(async () => (await Promise.all([c, f].map(othersSeen))).every((n) => n === 1),
      { timeoutMs: WAIT_MS }));

    await bulk(f, [c], 'bulk-from-F', 0);
    await bulk(c, [f], 'bulk-from-C', 10);
    await oneLossy(f, c, 100);
    await oneLargePart(f, c);
    await oneLossy(c, f, 101);

    const m = await join('firefox', 'M', { audio: true, video: true });
    await describe(m);
    const everyone = [c, f, m];
    step('everyone sees the two others', await waitFor(async () => (await Promise.all(everyone.map(othersSeen))).every((n) => n === 2),
      { timeoutMs: WAIT_MS }));
    const tracksAtC = await waitFor(async () => {
      const tracks = await c.page.evaluate(() => window.e2e.tracks);
      const kinds = new Set(tracks.filter((t) => t.from === m.id).map((t) => t.kind));
      return kinds.has('audio') && kinds.has('video') ? tracks : null;
    }, { timeoutMs: WAIT_MS });
    step('C receives M\'s audio and video tracks', tracksAtC, tracksAtC);

    await bulk(m, [c, f], 'bulk-from-M', 20);
    await bulk(c, [f, m], 'bulk-from-C-again', 30);
    // Nobody gets its own messages back.
    const own = (await received(m, 'bulk-from-M')).length + (await received(c, 'bulk-from-C')).length + (await received(f, 'bulk-from-F')).length;
    step('nobody receives its own messages', own === 0, { own });
    for (const p of everyone) step(`no page errors at ${p.name} (${p.browser})`, p.errors.length === 0, p.errors);
  } finally {
    await chromium.close();
    await firefox?.close();
  }
}

runReporting(run, result, OVERALL_MS);
