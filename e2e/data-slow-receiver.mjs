// A receiver whose link goes dark while 1 MiB messages stream to it: the server's send budget for it fills, it drops
// what does not fit and voids a message it cut with a DISCARD part (docs/protocol.md); the receiver must end up with
// whole messages only, and the others must not notice. Client library in headless Chromium.
//
//   node data-slow-receiver.mjs --url http://127.0.0.1:PORT --api-key KEY [--room NAME]
//
// MUST run in a private network namespace (only `lo`), as root, with nft (DataSlowReceiverBrowserTest runs it so):
// it drops every UDP packet to and from B's port for a while.
//
// A, B and C join (data-only). B's link is cut; A sends FLOOD_COUNT messages of 1 MiB; C gets them all, in order;
// the link comes back; A sends one more. B must have only whole messages of A's (intact, in A's order), and the
// last one. Reported: the server's receiver_buffer_full drops and the DISCARD parts B's channel carried.
// Prints ONE JSON object on stdout ({ok, failures, steps, ...}); exit code 0 when ok.

import { execFileSync } from 'node:child_process';
import { scenarioArgs, log } from './lib/args.mjs';
import { launchBrowser, sleep, waitFor } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import { expected, joinWithLibrary, othersSeen, received, sameMessages, send, waitForCount } from './lib/sdk-participants.mjs';

const USAGE = 'usage: node data-slow-receiver.mjs --url http://127.0.0.1:PORT --api-key KEY [--room NAME]';
const { url, room, apiKey } = scenarioArgs(USAGE, ['api-key'], 'data-slow');
const OVERALL_MS = 240000;
const WAIT_MS = 30000;
const MIB = 1024 * 1024;
const FLOOD_COUNT = 8; // twice the server's default send budget (SFU_DATA_SEND_BUFFER_BYTES, 4 MiB)

const result = { ok: false, failures: [], room, steps: {}, ids: {} };
const step = stepRecorder(result);

function nft(...argv) {
  return execFileSync('nft', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The server's data drop counters by reason, and messages in/out. */
async function dataMeters() {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return text.split('\n').filter((line) => line.startsWith('sfu_data_') && !line.endsWith(' 0.0'));
}

async function receiverBufferFullDrops() {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const match = /^sfu_data_drops_total\{reason="receiver_buffer_full"\} ([0-9.eE+-]+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

async function run() {
  if (!(await waitFor(async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok, { timeoutMs: 30000 }))) {
    step('server reachable', false, url);
    return;
  }
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  try {
    const join = (name) => joinWithLibrary('chromium', browser, { url, room, name, apiKey });
    const [a, b, c] = [await join('A'), await join('B'), await join('C')];
    for (const p of [a, b, c]) result.ids[p.name] = p.id;
    step('everyone sees the two others', await waitFor(async () => (await Promise.all([a, b, c].map(othersSeen))).every((n) => n === 2),
      { timeoutMs: WAIT_MS }));
    // What B's reliable channel carries, part by part: how many parts had DISCARD (flags bit 1).
    await b.page.evaluate(() => {
      window.discardParts = 0;
      window.e2e.room.peer.data.channels.reliable.addEventListener('message', (event) => {
        if (new Uint8Array(event.data)[1] & 0x02) window.discardParts++;
      });
    });
    const port = await b.page.evaluate(async () => {
      const report = await window.e2e.room.pc.getStats();
      let pairId = null;
      report.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId ? report.get(pairId) : null;
      return pair ? report.get(pair.localCandidateId)?.port ?? null : null;
    });
    if (!step('B has a selected candidate pair', Number.isInteger(port), port)) return;
    const drops0 = await receiverBufferFullDrops();

    nft('add', 'table', 'inet', 'dark');
    nft('add', 'chain', 'inet', 'dark', 'in', '{ type filter hook input priority 0; }');
    for (const direction of ['dport', 'sport']) nft('add', 'rule', 'inet', 'dark', 'in', 'udp', direction, String(port), 'drop');
    log(`B's link (UDP ${port}) is dark; A sends ${FLOOD_COUNT} x 1 MiB`);
    const darkAt = Date.now();
    for (let seed = 0; seed < FLOOD_COUNT; seed++) await send(a, { size: MIB, seed, options: { topic: 'flood' } });
    const want = Array.from({ length: FLOOD_COUNT }, (_, seed) => expected(MIB, seed));
    const atC = await waitForCount(c, 'flood', FLOOD_COUNT, WAIT_MS);
    const cCheck = sameMessages(atC, want, { fromId: a.id });
    step('C gets every message whole and in order while B is dark', cCheck.ok, cCheck.detail);
    await sleep(Math.max(0, 8000 - (Date.now() - darkAt))); // at least 8 s dark
    nft('delete', 'table', 'inet', 'dark');
    result.darkMs = Date.now() - darkAt;
    log(`B's link is back after ${result.darkMs} ms`);
    result.receiverBufferFullDrops = (await receiverBufferFullDrops()) - drops0;
    step('the server dropped messages for B when its budget was full', result.receiverBufferFullDrops > 0, result.receiverBufferFullDrops);

    // B catches up on what the server kept queued for it (its retransmission timer has backed off meanwhile): until
    // then a new message would not fit its budget either, and would rightly be dropped.
    let last = -1;
    let stableSince = Date.now();
    await waitFor(async () => {
      const count = (await received(b, 'flood')).length;
      if (count !== last) [last, stableSince] = [count, Date.now()];
      return count > 0 && Date.now() - stableSince >= 3000;
    }, { timeoutMs: WAIT_MS });
    result.caughtUpMs = Date.now() - darkAt - result.darkMs;
    await send(a, { size: MIB, seed: 100, options: { topic: 'after' } });
    const after = await waitForCount(b, 'after', 1, WAIT_MS);
    const afterCheck = sameMessages(after, [expected(MIB, 100)], { fromId: a.id });
    step('B gets the message sent after its link came back, whole', afterCheck.ok, afterCheck.detail);
    const atB = await received(b, 'flood');
    const hashes = want.map((m) => m.hash);
    const indexes = atB.map((m) => (m.size === MIB && m.from === a.id ? hashes.indexOf(m.hash) : -1));
    result.atB = atB.map(({ size, hash }, k) => ({ size, index: indexes[k], hash }));
    result.discardPartsAtB = await b.page.evaluate(() => window.discardParts);
    step('B has only whole messages of A\'s, in A\'s order', indexes.every((i, k) => i >= 0 && (k === 0 || i > indexes[k - 1])),
      { atB: result.atB, discardPartsAtB: result.discardPartsAtB });
    // Is B's association alive at all? A small message from C.
    await send(c, { size: 10, seed: 7, options: { topic: 'small-from-C', to: [b.id] } });
    const small = await waitForCount(b, 'small-from-C', 1, 10000);
    step('B gets a small message from C at the end', small.length === 1, small);
    result.endState = await b.page.evaluate(() => ({
      connection: window.e2e.room.connectionState,
      reliable: window.e2e.room.peer.data.channels.reliable.readyState,
      received: window.e2e.received.map(({ topic, size }) => `${topic}:${size}`),
    }));
    result.serverDataMeters = await dataMeters();
    for (const p of [a, c]) step(`no page errors at ${p.name}`, p.errors.length === 0, p.errors);
  } finally {
    await close();
  }
}

runReporting(run, result, OVERALL_MS);
