// Participants that join through the client library (/sdk/sfu-client.js, no web client) in Chromium
// (Playwright) or Firefox ESR (Puppeteer over WebDriver BiDi), and the checks the data-channel scripts share:
// a byte pattern both Node and the page compute, its FNV-1a hash, and what each page received.
//
// A participant is { name, browser: 'chromium'|'firefox', page, context, id, errors }. Pages record every
// whole message as { from, topic, reliable, size, hash, at (Date.now() at delivery) } in window.e2e.received:
// hashes and sizes, never the bytes, so a 1 MiB message costs the test nothing to read back.

import { issueToken, waitFor } from './browser.mjs';
import { log } from './args.mjs';

/** The same bytes in Node and in the page: byte i of message `seed` is (i * 31 + seed * 7) mod 256. */
export function pattern(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

export function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

/** What the message `seed` of `size` bytes must look like on arrival. */
export const expected = (size, seed) => ({ size, hash: fnv1a(pattern(size, seed)) });

/** Keeps the offers the page sends on its WebSocket (what a browser offers is what a server bug shows in). */
function keepSentOffers() {
  window.sentOffers = [];
  const sendOnSocket = WebSocket.prototype.send;
  WebSocket.prototype.send = function sendAndKeep(data) {
    try {
      const message = JSON.parse(data);
      if (message.type === 'offer') window.sentOffers.push(message.sdp);
    } catch {
      // not JSON: not ours
    }
    return sendOnSocket.call(this, data);
  };
}

/** Runs in each page before anything else: the same pattern and hash as above, and the offers kept. */
const PAGE_HELPERS = `window.pattern = ${pattern.toString()}; window.fnv1a = ${fnv1a.toString()}; (${keepSentOffers.toString()})();`;

/** The m=application section's lines of p's first offer that say how it does data (SCTP port, message size). */
export const dataLinesOfFirstOffer = (p) => p.page.evaluate(() => (window.sentOffers[0] ?? '').split(/\r?\n/)
  .filter((line) => /^(m=application|a=sctp-port|a=max-message-size)/.test(line)));

/** A new page on the server's origin (the library is imported from there) with PAGE_HELPERS installed. */
async function openPage(kind, browser) {
  if (kind === 'firefox') {
    const context = await browser.createBrowserContext();
    // A window of its own: tabs of one window hide each other, and hidden pages are throttled.
    const page = await context.newPage({ type: 'window' });
    await page.evaluateOnNewDocument(PAGE_HELPERS);
    return { context, page };
  }
  const context = await browser.newContext();
  await context.addInitScript(PAGE_HELPERS);
  return { context, page: await context.newPage() };
}

/**
 * Opens a page in `browser` (a Playwright Chromium or a Puppeteer Firefox, as `kind` says) and joins `room` with
 * the library: data-only unless `audio`/`video`. Resolves once connected (ICE, DTLS up) with the participant.
 */
export async function joinWithLibrary(kind, browser, options) {
  const { context, page } = await openPage(kind, browser);
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    const type = msg.type();
    // Failed loads are recorded with their URL below (the console line has none).
    if (msg.text().startsWith('Failed to load resource')) return;
    if (type === 'error' || type === 'warning' || type === 'warn') errors.push(`console ${type}: ${msg.text()}`);
  });
  page.on('response', (response) => {
    // The browser asks for a favicon the server does not have: not the library's doing.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
  });
  const participant = { name: options.name, browser: kind, context, page, errors };
  return Object.assign(participant, await joinOn(participant, options));
}

/**
 * (Re)loads p's page on the server's origin and joins with the library there: { id, maxMessageSize }. Also what a
 * reloaded participant does to come back.
 */
export async function joinOn(p, { url, room, name, apiKey, audio = false, video = false, grants, timeoutMs = 30000 }) {
  const token = apiKey ? (await issueToken(url, apiKey, { room, name, grants })).token : '';
  // A plain resource of the origin: the web client at / would join by itself.
  await p.page.goto(`${url}/sdk/emitter.js`, { waitUntil: 'domcontentloaded', timeout: 15000 });
  const joined = await p.page.evaluate(async (options) => {
    const { Room } = await import('/sdk/sfu-client.js');
    const room = new Room({ ...options, simulcast: false });
    const received = [];
    const notices = [];
    const tracks = [];
    room.on('data', ({ from, data, topic, reliable }) => received.push({
      from, topic, reliable, size: data.length, hash: window.fnv1a(data), at: Date.now(),
    }));
    room.on('notice', ({ code, message }) => notices.push({ code, message }));
    room.on('trackSubscribed', ({ track, participant }) => tracks.push({ kind: track.kind, from: participant.id }));
    window.e2e = { room, received, notices, tracks };
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`not connected within ${options.timeoutMs} ms `
      + `(signaling ${room.signalingState}, media ${room.connectionState})`)), options.timeoutMs));
    await Promise.race([room.connect(), timeout]);
    // connect() resolves when ICE and DTLS are up; the server relays to a participant only once its channels are
    // open (SCTP association, DCEP), and what others send before that is dropped for it.
    const channels = Object.values(room.peer.data.channels);
    await Promise.race([timeout, Promise.all(channels.map((c) => (c.readyState === 'open' ? null
      : new Promise((resolve) => c.addEventListener('open', resolve, { once: true })))))]);
    return { id: room.localParticipant.id, maxMessageSize: room.pc.sctp?.maxMessageSize ?? null };
  }, { url, room, name, token, audio, video, timeoutMs }).catch((err) => {
    throw new Error(`${name} (${p.browser}) could not join: ${err.message.split('\n')[0]}`);
  });
  log(`${name} (${p.browser}) joined as ${joined.id}; the server's max-message-size as it sees it: ${joined.maxMessageSize}`);
  return joined;
}

/** Messages p received so far with `topic`, in delivery order. */
export const received = (p, topic) => p.page.evaluate((t) => window.e2e.received.filter((m) => m.topic === t), topic);

/** How many remote participants p sees. */
export const othersSeen = (p) => p.page.evaluate(() => window.e2e.room.participants.size);

/**
 * Sends `pattern(size, seed)` from p with `options` (sendData's); resolves with { startedAt (Date.now()), sendMs
 * (until sendData resolved: every part handed to the channel) }.
 */
export function send(p, { size, seed, options }) {
  return p.page.evaluate(async ({ size, seed, options }) => {
    const data = window.pattern(size, seed);
    const startedAt = Date.now();
    await window.e2e.room.sendData(data, options);
    return { startedAt, sendMs: Date.now() - startedAt };
  }, { size, seed, options });
}

/**
 * Sends `count` messages of `size` bytes (seeds firstSeed..) from p without waiting between them: sendData is
 * called for all of them at once, in order. Resolves with the time until the last one was handed over.
 */
export function sendBurst(p, { count, size, firstSeed, options }) {
  return p.page.evaluate(async ({ count, size, firstSeed, options }) => {
    const startedAt = Date.now();
    const sends = [];
    for (let i = 0; i < count; i++) sends.push(window.e2e.room.sendData(window.pattern(size, firstSeed + i), options));
    const outcomes = await Promise.allSettled(sends);
    const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason?.message ?? o.reason));
    return { startedAt, sendMs: Date.now() - startedAt, rejected: rejected.slice(0, 5), rejectedCount: rejected.length };
  }, { count, size, firstSeed, options });
}

/** Waits (≤ timeoutMs) until p holds at least `count` messages of `topic`; returns them (or what arrived). */
export async function waitForCount(p, topic, count, timeoutMs) {
  const enough = await waitFor(async () => {
    const messages = await received(p, topic);
    return messages.length >= count ? messages : null;
  }, { timeoutMs });
  return enough ?? received(p, topic);
}

/**
 * Compares what arrived with what was sent, in order: `want` is [{size, hash}], `got` the page's records.
 * Returns { ok, detail } where ok means exactly `want`, in order, every one from `fromId` and reliable as given.
 */
export function sameMessages(got, want, { fromId, reliable = true }) {
  const firstBad = got.findIndex((m, i) => !want[i] || m.size !== want[i].size || m.hash !== want[i].hash
    || m.from !== fromId || m.reliable !== reliable);
  const ok = got.length === want.length && firstBad === -1;
  const detail = { arrived: got.length, sent: want.length };
  if (!ok && firstBad >= 0) detail.firstMismatch = { index: firstBad, got: got[firstBad], want: want[firstBad] ?? null };
  if (!ok && got.length <= 5) detail.got = got.map(({ from, size, hash, reliable: r }) => ({ from, size, hash, reliable: r }));
  return { ok, detail };
}
