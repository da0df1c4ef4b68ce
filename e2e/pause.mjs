// A tile the viewer cannot see pauses that video at the server, and showing it again resumes it.
//
//   node pause.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY
//
// Publisher A (one encoding) and viewer V (?audio=0&video=0). Once V decodes A: V's tile of A is hidden
// (display:none, as a tile scrolled out of a long grid is for an IntersectionObserver); then the server
// must report V's video subscription paused with no layer forwarded, V's decoded frames must stop while
// A's audio keeps arriving; the tile is shown again and V must decode A's video again. Prints ONE JSON
// object ({ok, failures, steps: {name: {ok, detail}}}) on stdout; diagnostics go to stderr.
// Exit code: 0 ok, 1 a check failed, 2 usage error.

import { scenarioArgs } from './lib/args.mjs';
import {
  launchBrowser, openParticipant, clientState, rtpStats, waitFor, sleep, recordUnreachable,
} from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const USAGE = 'usage: node pause.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY';
const OVERALL_MS = 90000;
const SETTLE_MS = 1500; // frames already in flight when the pause took effect
const WINDOW_MS = 3000;

const { args, url, room, apiKey } = scenarioArgs(USAGE, ['room', 'api-key'], 'pause');

const result = { ok: false, failures: [], steps: {}, pageErrors: {} };
const step = stepRecorder(result);

/** V's video and audio counters for A. */
async function received(v) {
  const stats = await rtpStats(v.page);
  const video = stats?.inbound.find((s) => s.kind === 'video') ?? {};
  const audio = stats?.inbound.find((s) => s.kind === 'audio') ?? {};
  return { framesDecoded: video.framesDecoded ?? 0, audioPackets: audio.packetsReceived ?? 0 };
}

/** The server's view of V's video subscription (GET /api/v1/rooms/{room}). */
async function serverSubscription(viewerId) {
  const response = await fetch(`${url}/api/v1/rooms/${encodeURIComponent(room)}`, {
    headers: { Authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(5000),
  });
  const body = await response.json();
  const viewer = body.participants?.find((p) => p.id === viewerId);
  return viewer?.subscriptions?.find((s) => s.kind === 'video') ?? null;
}

async function setTileShown(v, publisherId, shown) {
  await v.page.evaluate(({ id, show }) => {
    document.querySelector(`#grid .tile[data-participant-id="${id}"]`).style.display = show ? '' : 'none';
  }, { id: publisherId, show: shown });
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  const pages = [];
  try {
    const a = await openParticipant(browser, { url, room, name: 'A', apiKey, params: { simulcast: '0' } });
    pages.push(a);
    const v = await openParticipant(browser, { url, room, name: 'V', apiKey, params: { audio: '0', video: '0' } });
    pages.push(v);
    const decoding = await waitFor(async () => (await received(v)).framesDecoded > 0, { timeoutMs: 30000 });
    const [aState, vState] = await Promise.all([clientState(a.page), clientState(v.page)]);
    if (!step('viewerDecodes', !!decoding, { a: aState.participantId, v: vState.participantId })) return;

    await setTileShown(v, aState.participantId, false);
    const paused = await waitFor(async () => {
      const sub = await serverSubscription(vState.participantId);
      return sub?.preferences?.paused === true && sub.currentLayer === -1 ? sub : null;
    }, { timeoutMs: 5000 });
    if (!step('serverPaused', !!paused, paused ?? await serverSubscription(vState.participantId))) return;
    await sleep(SETTLE_MS);
    const before = await received(v);
    await sleep(WINDOW_MS);
    const after = await received(v);
    const pausedDelta = { frames: after.framesDecoded - before.framesDecoded, audioPackets: after.audioPackets - before.audioPackets };
    step('noVideoWhilePaused', pausedDelta.frames === 0, pausedDelta);
    step('audioGoesOn', pausedDelta.audioPackets > 0, pausedDelta);
    step('clientReportsPaused', (await clientState(v.page)).remoteParticipants?.[0]?.paused === true,
      (await clientState(v.page)).remoteParticipants);

    await setTileShown(v, aState.participantId, true);
    const resumedAt = Date.now();
    const resumed = await waitFor(async () => (await received(v)).framesDecoded > after.framesDecoded + 5,
      { timeoutMs: 15000, intervalMs: 250 });
    const sub = await serverSubscription(vState.participantId);
    step('resumes', !!resumed && sub?.preferences?.paused !== true,
      { afterMs: Date.now() - resumedAt, framesDecoded: (await received(v)).framesDecoded, subscription: sub });
    step('noPageErrors', pages.every((p) => p.errors.length === 0), pages.map((p) => p.errors));
  } finally {
    for (const p of pages) if (p.errors.length) result.pageErrors[p.name] = p.errors.slice(0, 20);
    await close();
  }
}

runReporting(run, result, OVERALL_MS);
