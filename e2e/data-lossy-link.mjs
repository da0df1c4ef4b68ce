// Data channels through the SFU when one participant's link loses packets (issue 16: "reliable under 5% random
// loss on one participant's link"), with the client library in three headless Chromium pages.
//
//   node data-lossy-link.mjs --url http://127.0.0.1:PORT --api-key KEY [--loss 5] [--room NAME]
//
// MUST run in a private network namespace (only `lo`), as root, with nft: it adds nftables rules there that drop
// --loss % of the UDP packets to AND from the lossy participant L's port. DataLossyLinkBrowserTest runs it under
// `unshare -n` with the server beside it.
//
// A (audio only) and B (data-only) and L (data-only) join. Without loss: a 1 MiB message L -> A, B and A -> L is
// timed (the baseline). Then, with the drop rules on L's port:
// - L sends 10 B, 64 KiB and 1 MiB reliable: A and B get exactly these, intact (size, FNV-1a hash), in order;
//   and the same from A to L (B gets them too);
// - L sends a burst of 200 small ordered messages, and A sends one to L: all arrive, in the order sent;
// - L sends 100 lossy messages and A 100 to L: whatever arrives is intact, unreliable, never duplicated;
// - nft dropped packets both ways, and the 1 MiB messages' times are reported beside the baseline.
// Prints ONE JSON object on stdout ({ok, failures, steps, timings, lossy, ...}); exit code 0 when ok.

import { execFileSync } from 'node:child_process';
import { scenarioArgs, numberArg, log } from './lib/args.mjs';
import { launchBrowser, waitFor } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import {
  expected, joinWithLibrary, othersSeen, received, sameMessages, send, sendBurst, waitForCount,
} from './lib/sdk-participants.mjs';

const USAGE = 'usage: node data-lossy-link.mjs --url http://127.0.0.1:PORT --api-key KEY [--loss 5] [--room NAME]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, ['api-key'], 'data-lossy');
const lossPercent = numberArg(args, 'loss', 5, USAGE);
const OVERALL_MS = 300000;
const WAIT_MS = 60000; // a 1 MiB message under loss may take several retransmission timeouts
const BULK_SIZES = [10, 64 * 1024, 1024 * 1024];
const MIB = 1024 * 1024;
const TIMED_ROUNDS = 2;
const BURST = { count: 200, size: 32 };
const LOSSY = { count: 100, size: 500 };
const QUIET_MS = 3000; // how long late lossy messages are waited for

const result = { ok: false, failures: [], room, lossPercent, steps: {}, ids: {}, timings: {}, lossy: {} };
const step = stepRecorder(result);

function nft(...argv) {
  return execFileSync('nft', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Packets each drop rule dropped so far: { toL, fromL } from the rules' counters, in the order added. */
function nftDropped() {
  const counters = [...nft('list', 'chain', 'inet', 'datalossy', 'in').matchAll(/counter packets (\d+)/g)].map((m) => Number(m[1]));
  return { toL: counters[0] ?? 0, fromL: counters[1] ?? 0 };
}

/** The local UDP port of p's selected candidate pair (the port the drop rules name). */
function selectedLocalPort(p) {
  return p.page.evaluate(async () => {
    const report = await window.e2e.room.pc.getStats();
    let pairId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? report.get(pairId) : null;
    return pair ? report.get(pair.localCandidateId)?.port ?? null : null;
  });
}

/** The server's data counters (Prometheus text), for the report: what it relayed and dropped. */
async function serverDataMeters() {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return text.split('\n').filter((line) => line.startsWith('sfu_data_') || line.startsWith('sfu_sctp_'));
}

/** Sends one 1 MiB message from `sender`; returns ms from sendData's start to delivery at each receiver. */
async function timeOneMebibyte(sender, receivers, topic, seed) {
  const { startedAt, sendMs } = await send(sender, { size: MIB, seed, options: { topic } });
  const times = { sendMs };
  for (const r of receivers) {
    const [message] = await waitForCount(r, topic, 1, WAIT_MS);
    const want = expected(MIB, seed);
    const intact = message && message.size === want.size && message.hash === want.hash && message.from === sender.id;
    step(`${topic}: 1 MiB from ${sender.name} arrives intact at ${r.name}`, intact, message ?? 'nothing arrived');
    times[r.name] = intact ? message.at - startedAt : null;
  }
  return times;
}

/**
 * TIMED_ROUNDS 1 MiB messages from L (to A and B) and from A (to L and B), one at a time: the first of a
 * connection also pays for SCTP's slow start, so each round is reported.
 */
async function timeBothWays(a, b, l, label, firstSeed) {
  const rounds = [];
  for (let i = 0; i < TIMED_ROUNDS; i++) {
    rounds.push({
      fromL: await timeOneMebibyte(l, [a, b], `time-${label}-from-L-${i}`, firstSeed + 2 * i),
      toL: await timeOneMebibyte(a, [l, b], `time-${label}-to-L-${i}`, firstSeed + 2 * i + 1),
    });
  }
  return rounds;
}

/** `sender` sends BULK_SIZES reliable with `topic`; each receiver must get exactly those, in order. */
async function bulk(sender, receivers, topic, firstSeed) {
  const want = BULK_SIZES.map((size, i) => expected(size, firstSeed + i));
  const starts = [];
  for (const [i, size] of BULK_SIZES.entries()) starts.push((await send(sender, { size, seed: firstSeed + i, options: { topic } })).startedAt);
  for (const r of receivers) {
    const got = await waitForCount(r, topic, want.length, WAIT_MS);
    const { ok, detail } = sameMessages(got, want, { fromId: sender.id });
    step(`${topic}: 10 B, 64 KiB, 1 MiB from ${sender.name} arrive intact and in order at ${r.name}`, ok, detail);
    if (ok) result.timings[`${topic}:1MiB->${r.name}`] = got[2].at - starts[2];
  }
}

/** BURST.count small reliable messages sent at once; every receiver gets them all, in the order sent. */
async function burst(sender, receivers, topic, firstSeed) {
  const want = Array.from({ length: BURST.count }, (_, i) => expected(BURST.size, firstSeed + i));
  const sent = await sendBurst(sender, { ...BURST, firstSeed, options: { topic } });
  step(`${topic}: ${sender.name} hands all ${BURST.count} to its channel`, sent.rejectedCount === 0, sent);
  for (const r of receivers) {
    const got = await waitForCount(r, topic, want.length, WAIT_MS);
    const { ok, detail } = sameMessages(got, want, { fromId: sender.id });
    step(`${topic}: ${BURST.count} ordered messages from ${sender.name} arrive complete and in order at ${r.name}`, ok, detail);
    if (got.length) result.timings[`${topic}->${r.name}`] = got[got.length - 1].at - sent.startedAt;
  }
}

/** LOSSY.count unreliable messages; what arrives must be intact, unreliable, from the sender and never twice. */
async function lossy(sender, receivers, topic, firstSeed) {
  const wanted = new Map(Array.from({ length: LOSSY.count }, (_, i) => [expected(LOSSY.size, firstSeed + i).hash, i]));
  for (let i = 0; i < LOSSY.count; i++) {
    await send(sender, { size: LOSSY.size, seed: firstSeed + i, options: { topic, reliable: false } });
  }
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  for (const r of receivers) {
    const got = await received(r, topic);
    const hashes = got.map((m) => m.hash);
    const intact = got.every((m) => m.size === LOSSY.size && wanted.has(m.hash) && m.reliable === false && m.from === sender.id);
    const unique = new Set(hashes).size === hashes.length;
    result.lossy[`${topic}->${r.name}`] = { arrived: got.length, sent: LOSSY.count };
    step(`${topic}: lossy messages from ${sender.name} arrive intact and once at ${r.name}`,
      got.length > 0 && got.length <= LOSSY.count && intact && unique, { arrived: got.length, intact, unique });
  }
}

async function run() {
  if (!(await waitFor(async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok, { timeoutMs: 30000 }))) {
    step('server reachable', false, url);
    return;
  }
  nft('add', 'table', 'inet', 'datalossy');
  // On the input hook, not output: a packet dropped on output fails the sender's sendto() with EPERM, and Chromium's
  // SCTP then sends it again at once (a temporary send failure), so nothing would be lost that way from L.
  nft('add', 'chain', 'inet', 'datalossy', 'in', '{ type filter hook input priority 0; }');
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  try {
    const join = (name, options = {}) => joinWithLibrary('chromium', browser, { url, room, name, apiKey, ...options });
    const a = await join('A', { audio: true });
    const b = await join('B');
    const l = await join('L');
    for (const p of [a, b, l]) result.ids[p.name] = p.id;
    step('everyone sees the two others', await waitFor(async () => (await Promise.all([a, b, l].map(othersSeen))).every((n) => n === 2),
      { timeoutMs: WAIT_MS }));

    log('baseline: 1 MiB each way without loss');
    result.timings.baseline = await timeBothWays(a, b, l, 'baseline', 900);

    const port = await selectedLocalPort(l);
    result.lossyPort = port;
    if (!step('L has a selected candidate pair', Number.isInteger(port), port)) return;
    for (const direction of ['dport', 'sport']) {
      nft('add', 'rule', 'inet', 'datalossy', 'in', 'udp', direction, String(port), 'numgen', 'random', 'mod', '100', '<',
        String(lossPercent), 'counter', 'drop');
    }
    log(`lossy: ${lossPercent}% of the UDP packets to and from port ${port} (L) dropped`);
    const meters0 = await serverDataMeters();

    result.timings.withLoss = await timeBothWays(a, b, l, 'with-loss', 950);
    await bulk(l, [a, b], 'bulk-from-L', 0);
    await bulk(a, [l, b], 'bulk-to-L', 10);
    await burst(l, [a, b], 'burst-from-L', 1000);
    await burst(a, [l], 'burst-to-L', 2000);
    await lossy(l, [a, b], 'lossy-from-L', 3000);
    await lossy(a, [l], 'lossy-to-L', 4000);

    const dropped = nftDropped();
    result.nftDropped = dropped;
    step('packets to and from L were dropped', dropped.toL > 0 && dropped.fromL > 0, dropped);
    result.serverMeters = { before: meters0, after: await serverDataMeters() };
    result.endState = await Promise.all([a, b, l].map((p) => p.page.evaluate(() => ({
      connection: window.e2e.room.connectionState,
      reliable: window.e2e.room.peer.data.channels.reliable.readyState,
      lossy: window.e2e.room.peer.data.channels.lossy.readyState,
    }))));
    for (const p of [a, b, l]) step(`no page errors at ${p.name}`, p.errors.length === 0, p.errors);
  } finally {
    await close();
  }
}

runReporting(run, result, OVERALL_MS);
