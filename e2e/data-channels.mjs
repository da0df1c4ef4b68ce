// Data channels through the SFU with the client library itself (/sdk/sfu-client.js, no web client), in headless
// Chromium (issue 16's proof):
//
//   node data-channels.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]
//
// C joins an empty room data-only (no audio, no video) and must connect before any track exists; A joins
// publishing audio and video, B receiving only. A sends 10 B, 64 KiB and 1 MiB on the reliable channel
// (topic "bulk"): B and C must get all three intact (length and FNV-1a hash) and in order, from A's id, and A
// none of its own. B sends one message named to C and one named to A: each gets only its own. A sends a string:
// it arrives as its UTF-8 bytes. A sends 40 lossy messages: what B and C receive is intact and marked
// unreliable (loopback: most should arrive). With --api-key also: D, whose token lacks publishData, cannot
// send (nobody receives it; D is told data_not_allowed), and a message POSTed to /api/v1/rooms/NAME/data
// reaches A, B and C with `from` null.
// Prints ONE JSON object ({ok, failures, steps, ids, durationMs}); exit 0 ok, 1 a check failed, 2 usage.

import { scenarioArgs, log } from './lib/args.mjs';
import { launchBrowser, issueToken, waitFor, sleep, recordUnreachable } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const USAGE = 'usage: node data-channels.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]';
const OVERALL_MS = 150000;
const WAIT_MS = 30000;
const QUIET_MS = 2000; // how long a message that must not arrive is waited for
const BULK_SIZES = [10, 64 * 1024, 1024 * 1024];
const LOSSY_COUNT = 40;

const { url, room, apiKey } = scenarioArgs(USAGE, [], 'data');
const result = { ok: false, failures: [], url, room, steps: {}, ids: {}, durationMs: 0 };
const step = stepRecorder(result);
const started = Date.now();

/** The same bytes in Node and in the page: byte i of message `seed` is (i * 31 + seed * 7) mod 256. */
function pattern(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

/** Runs in each page before anything else: the same pattern and hash as above. */
const PAGE_HELPERS = `window.pattern = ${pattern.toString()}; window.fnv1a = ${fnv1a.toString()};`;

/** Opens a page on the server's origin (the library is imported from there) and joins with the library. */
async function join(browser, name, { audio = false, video = false, grants } = {}) {
  const token = apiKey ? (await issueToken(url, apiKey, { room, name, grants })).token : '';
  const context = await browser.newContext();
  await context.addInitScript(PAGE_HELPERS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}/sdk/sfu-client.js`, { waitUntil: 'domcontentloaded', timeout: 15000 });
  const joined = await page.evaluate(async (options) => {
    const { Room } = await import('/sdk/sfu-client.js');
    const room = new Room({ ...options, simulcast: false });
    const received = [];
    const notices = [];
    room.on('data', ({ from, data, topic, reliable }) => received.push({
      from, topic, reliable, size: data.length, hash: window.fnv1a(data), text: data.length < 100 ? new TextDecoder().decode(data) : null,
    }));
    room.on('notice', ({ code, message }) => notices.push({ code, message }));
    window.e2e = { room, received, notices };
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`not connected within ${options.timeoutMs} ms `
      + `(signaling ${room.signalingState}, media ${room.connectionState})`)), options.timeoutMs));
    await Promise.race([room.connect(), timeout]);
    return { id: room.localParticipant.id, transceivers: room.pc.getTransceivers().length };
  }, { url, room, name, token, audio, video, timeoutMs: WAIT_MS }).catch((err) => {
    throw new Error(`${name} could not join: ${err.message.split('\n')[0]}`);
  });
  log(`${name} joined as ${joined.id}`);
  result.ids[name] = joined.id;
  return { name, page, errors, ...joined };
}

const received = (p, topic) => p.page.evaluate((t) => window.e2e.received.filter((m) => m.topic === t), topic);
const othersSeen = (p) => p.page.evaluate(() => window.e2e.room.participants.size);

/** Sends `pattern(size, seed)` (or a string) from p; resolves with the time sendData took. */
function send(p, { size, seed, text, options }) {
  return p.page.evaluate(async ({ size, seed, text, options }) => {
    const t0 = performance.now();
    await window.e2e.room.sendData(text ?? window.pattern(size, seed), options);
    return Math.round(performance.now() - t0);
  }, { size, seed, text, options });
}

async function waitForCount(p, topic, count) {
  return waitFor(async () => {
    const messages = await received(p, topic);
    return messages.length >= count ? messages : null;
  }, { timeoutMs: WAIT_MS });
}

function expectBulk(receiver, messages, sender) {
  const want = BULK_SIZES.map((size, seed) => ({ size, hash: fnv1a(pattern(size, seed)) }));
  const got = (messages ?? []).map(({ from, size, hash, reliable }) => ({ from, size, hash, reliable }));
  const ok = got.length === want.length && got.every((m, i) => m.from === sender.id && m.reliable === true
    && m.size === want[i].size && m.hash === want[i].hash);
  step(`bulk arrives intact and in order at ${receiver.name}`, ok, { got, want });
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  try {
    const c = await join(browser, 'C');
    step('data-only participant connects in an empty room', c.id && c.transceivers === 0, { transceivers: c.transceivers });
    const a = await join(browser, 'A', { audio: true, video: true });
    const b = await join(browser, 'B');
    const everyone = [a, b, c];
    step('everyone sees the two others', await waitFor(async () => (await Promise.all(everyone.map(othersSeen))).every((n) => n === 2), { timeoutMs: WAIT_MS }));

    const sendTimes = [];
    for (const [seed, size] of BULK_SIZES.entries()) sendTimes.push(await send(a, { size, seed, options: { topic: 'bulk' } }));
    result.bulkSendMs = sendTimes;
    expectBulk(b, await waitForCount(b, 'bulk', BULK_SIZES.length), a);
    expectBulk(c, await waitForCount(c, 'bulk', BULK_SIZES.length), a);

    await send(a, { text: 'héllo ✓', options: { topic: 'text' } });
    const text = await waitForCount(b, 'text', 1);
    step('a string arrives as its UTF-8 bytes', text?.[0]?.text === 'héllo ✓', text);

    await send(b, { size: 100, seed: 10, options: { topic: 'direct', to: [c.id] } });
    await send(b, { size: 200, seed: 11, options: { topic: 'direct', to: [a.id] } });
    const toC = await waitForCount(c, 'direct', 1);
    const toA = await waitForCount(a, 'direct', 1);
    await sleep(QUIET_MS);
    const [finalC, finalA] = [await received(c, 'direct'), await received(a, 'direct')];
    step('named recipients get only theirs', finalC.length === 1 && finalC[0].size === 100 && finalA.length === 1
      && finalA[0].size === 200 && toC && toA, { C: finalC, A: finalA });
    step('nobody receives its own messages', (await received(a, 'bulk')).length === 0 && (await received(b, 'direct')).length === 0);

    const lossyHashes = new Set();
    for (let i = 0; i < LOSSY_COUNT; i++) {
      lossyHashes.add(fnv1a(pattern(1000, 100 + i)));
      await send(a, { size: 1000, seed: 100 + i, options: { topic: 'lossy', reliable: false } });
    }
    await sleep(QUIET_MS);
    for (const p of [b, c]) {
      const got = await received(p, 'lossy');
      const intact = got.every((m) => m.reliable === false && m.size === 1000 && lossyHashes.has(m.hash) && m.from === a.id);
      step(`lossy messages arrive intact at ${p.name}`, got.length > 0 && intact, { received: got.length, sent: LOSSY_COUNT });
    }

    if (apiKey) await withApiKey(browser, everyone);
    for (const p of everyone) step(`no page errors at ${p.name}`, p.errors.length === 0, p.errors);
  } finally {
    await close();
    result.durationMs = Date.now() - started;
  }
}

/** What needs tokens and REST: a participant without publishData, and data from the backend. */
async function withApiKey(browser, everyone) {
  const d = await join(browser, 'D', { grants: { publish: false, subscribe: true, publishData: false } });
  await send(d, { size: 50, seed: 50, options: { topic: 'forbidden' } }).catch((err) => log(`D's send: ${err.message}`));
  const told = await waitFor(() => d.page.evaluate(() => window.e2e.notices.some((n) => n.code === 'data_not_allowed')), { timeoutMs: 5000 });
  await sleep(QUIET_MS);
  const leaked = (await Promise.all(everyone.map((p) => received(p, 'forbidden')))).flat();
  step('without publishData nothing is relayed and the sender is told', told && leaked.length === 0, { told, leaked: leaked.length });

  const body = { data: Buffer.from('from the backend').toString('base64'), topic: 'rest' };
  const response = await fetch(`${url}/api/v1/rooms/${encodeURIComponent(room)}/data`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const reply = await response.json().catch(() => null);
  step('REST data is accepted', response.status === 200 && reply?.recipients >= 3, { status: response.status, reply });
  for (const p of everyone) {
    const got = await waitForCount(p, 'rest', 1);
    step(`REST data reaches ${p.name} from null`, got?.[0]?.from === null && got[0].text === 'from the backend', got);
  }
}

runReporting(run, result, OVERALL_MS);
