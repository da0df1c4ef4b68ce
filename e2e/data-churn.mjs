// Data channels through the SFU while participants come and go in the middle of a message, with the client
// library in headless Chromium (issue 16: whole messages or none).
//
//   node data-churn.mjs --url http://127.0.0.1:PORT [--api-key KEY] [--room NAME]
//
// A sends, B and C (data-only) receive. R reloads its page, and Q leaves the room, each at the first part of a
// 1 MiB message from A that reaches it (a listener on its reliable channel): B and C still get that message
// whole, and the next one; R, joined again after its reload, gets the next one whole and nothing partial. Then A
// sends 1 MiB messages back to back while J joins: everything J gets is one of them, intact (never the tail of one
// it joined in the middle of), and it gets the message sent after it connected; B gets every one, in order.
// Prints ONE JSON object on stdout ({ok, failures, steps, ...}); exit code 0 when ok.

import { scenarioArgs, log } from './lib/args.mjs';
import { checkServerReachable, launchBrowser, waitFor } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import {
  expected, joinOn, joinWithLibrary, othersSeen, received, sameMessages, send, waitForCount,
} from './lib/sdk-participants.mjs';

const USAGE = 'usage: node data-churn.mjs --url http://127.0.0.1:PORT [--api-key KEY] [--room NAME]';
const { url, room, apiKey } = scenarioArgs(USAGE, [], 'data-churn');
const OVERALL_MS = 240000;
const WAIT_MS = 30000;
const MIB = 1024 * 1024;

const result = { ok: false, failures: [], room, steps: {}, ids: {} };
const step = stepRecorder(result);

/** Arms p's page to run `action` ('reload' or 'leave') at the first SCTP message of over 1000 bytes it gets. */
function armAtFirstPart(p, action) {
  return p.page.evaluate((what) => {
    window.partsSeen = 0;
    const channel = window.e2e.room.peer.data.channels.reliable;
    channel.addEventListener('message', (event) => {
      if ((event.data.byteLength ?? event.data.length) <= 1000 || window.partsSeen++ > 0) return;
      if (what === 'reload') location.reload();
      else window.e2e.room.leave();
    });
  }, action);
}

/** Everyone in `receivers` gets exactly `want` ({size, hash} list) with `topic` from `sender`, in order. */
async function expectExactly(receivers, topic, want, sender, label) {
  for (const r of receivers) {
    const got = await waitForCount(r, topic, want.length, WAIT_MS);
    const { ok, detail } = sameMessages(got, want, { fromId: sender.id });
    step(`${label}: ${r.name} gets ${want.length} whole message(s) in order`, ok, detail);
  }
}

async function leavingMidMessage(a, b, c, r, q) {
  await armAtFirstPart(r, 'reload');
  await armAtFirstPart(q, 'leave');
  await send(a, { size: MIB, seed: 1, options: { topic: 'interrupted' } });
  await expectExactly([b, c], 'interrupted', [expected(MIB, 1)], a, 'R reloads and Q leaves mid-message');
  step('A\'s page did not notice', a.errors.length === 0, a.errors);
  const qLeft = await q.page.evaluate(() => window.e2e.room.state);
  step('Q left at the first part', qLeft === 'closed' && (await q.page.evaluate(() => window.partsSeen)) >= 1, { state: qLeft });

  // R's page reloaded: join again there (the reload dropped its session; the server saw it leave).
  const rejoined = await joinOn(r, { url, room, name: 'R', apiKey });
  r.id = rejoined.id;
  result.ids.R2 = r.id;
  step('the others see R back and Q gone', await waitFor(async () => (await Promise.all([a, b, c, r].map(othersSeen))).every((n) => n === 3),
    { timeoutMs: WAIT_MS }));
  await send(a, { size: MIB, seed: 2, options: { topic: 'after-interruption' } });
  await expectExactly([b, c, r], 'after-interruption', [expected(MIB, 2)], a, 'the next message');
  const atR = await r.page.evaluate(() => window.e2e.received);
  step('R, back, has only whole messages', atR.length === 1 && atR[0].topic === 'after-interruption', atR.map(({ topic, size }) => ({ topic, size })));
}

async function joiningMidMessage(browser, a, b) {
  // A sends 1 MiB messages back to back until told to stop; J joins meanwhile.
  await a.page.evaluate((size) => {
    window.keepSending = true;
    window.streamSent = 0;
    window.streamTimes = []; // [started, handed to the channel] per message, Date.now()
    window.streamDone = (async () => {
      for (let seed = 100; window.keepSending; seed++) {
        const started = Date.now();
        await window.e2e.room.sendData(window.pattern(size, seed), { topic: 'stream' });
        window.streamTimes.push([started, Date.now()]);
        window.streamSent++;
      }
    })();
  }, MIB);
  await waitFor(() => a.page.evaluate(() => window.streamSent >= 1), { timeoutMs: WAIT_MS });
  const j = await joinWithLibrary('chromium', browser, { url, room, name: 'J', apiKey });
  result.ids.J = j.id;
  const jConnectedAt = Date.now();
  // One more message after J is connected, then stop.
  await waitFor(async () => (await othersSeen(j)) >= 1, { timeoutMs: WAIT_MS });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const sentCount = await a.page.evaluate(async () => {
    window.keepSending = false;
    await window.streamDone;
    return window.streamSent;
  });
  await send(a, { size: MIB, seed: 99, options: { topic: 'stream-end' } });
  result.streamSent = sentCount;
  const want = Array.from({ length: sentCount }, (_, i) => expected(MIB, 100 + i));
  await expectExactly([b], 'stream', want, a, 'A\'s back-to-back stream');
  await waitForCount(j, 'stream-end', 1, WAIT_MS);
  const atJ = await received(j, 'stream');
  const hashes = want.map((m) => m.hash);
  // Whole messages only: each one J got is one A sent, in A's order, and the last ones sent reached it.
  const indexes = atJ.map((m) => (m.size === MIB && m.from === a.id ? hashes.indexOf(m.hash) : -1));
  const wholeAndOrdered = indexes.every((i, k) => i >= 0 && (k === 0 || i === indexes[k - 1] + 1));
  // Evidence (not a check: timing) that J came in while a message was on its way: the one A was handing over then.
  const times = await a.page.evaluate(() => window.streamTimes);
  const inFlight = times.findIndex(([started, handed]) => started <= jConnectedAt && jConnectedAt <= handed + 1000);
  result.joiner = { sent: sentCount, receivedByJ: atJ.length, firstIndexAtJ: indexes[0] ?? null, messageInFlightAtJoin: inFlight,
    times: times.map(([s0, s1]) => [s0 - times[0][0], s1 - times[0][0]]), jConnectedAt: jConnectedAt - times[0][0] };
  step('J, joining mid-stream, gets only whole messages, in order', wholeAndOrdered && atJ.length >= 1
    && indexes[indexes.length - 1] === sentCount - 1, { indexes, sent: sentCount });
  step('J gets the message sent after it joined', (await received(j, 'stream-end')).length === 1);
  return j;
}

async function run() {
  if (!(await waitFor(async () => (await checkServerReachable(url, 2000)) === null, { timeoutMs: 30000 }))) {
    step('server reachable', false, await checkServerReachable(url));
    return;
  }
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  try {
    const join = (name) => joinWithLibrary('chromium', browser, { url, room, name, apiKey });
    const [a, b, c, r, q] = [await join('A'), await join('B'), await join('C'), await join('R'), await join('Q')];
    for (const p of [a, b, c, r, q]) result.ids[p.name] = p.id;
    step('everyone sees the four others', await waitFor(async () => (await Promise.all([a, b, c, r, q].map(othersSeen))).every((n) => n === 4),
      { timeoutMs: WAIT_MS }));
    await leavingMidMessage(a, b, c, r, q);
    const j = await joiningMidMessage(browser, a, b);
    for (const p of [a, b, c, j]) step(`no page errors at ${p.name}`, p.errors.length === 0, p.errors);
    log('done');
  } finally {
    await close();
  }
}

runReporting(run, result, OVERALL_MS);
