// Three participants (A, B, C) in one room through the SFU, in headless Chromium (those named by
// --firefox in headless Firefox ESR: a mixed room).
//
//   node three-party.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY [--seconds 20] [--firefox A]
//
// Checks that everyone decodes everyone else's video at the sender's frame size and receives and
// plays their audio, then that C leaving (Leave button) leaves A and B with exactly one remote
// participant, and that the REST API counts two participants. Prints ONE JSON object on stdout
// ({ok, failures, receivers, afterLeave, restParticipants, ...}); diagnostics go to stderr.
// Exit code: 0 ok, 1 a check failed, 2 usage error. Writes out/three-party-A.png.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioArgs, numberArg, log } from './lib/args.mjs';
import { clientState, waitFor, sleep, recordUnreachable } from './lib/browser.mjs';
import { browsers, firefoxNames, countOf } from './lib/browsers.mjs';
import { runReporting, failureRecorder } from './lib/run.mjs';
import {
  openAll, waitUntilJoined, everyoneDecodes, othersOf, sampleAll,
} from './lib/scenario.mjs';

const USAGE = 'usage: node three-party.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY [--seconds 20] [--simulcast 0] [--firefox A,B]';
const OVERALL_MS = 90000;
const SAMPLE_GAP_MS = 3000;
const LEAVE_WAIT_MS = 10000;
const NAMES = ['A', 'B', 'C'];
const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

const { args, url, room, apiKey } = scenarioArgs(USAGE, ['room', 'api-key'], 'three');
// --simulcast 0: each publishes one encoding (the first-call test: receivers must get the sender's exact size).
const publishParams = args.simulcast === '0' ? { simulcast: '0' } : {};
// Media runs about this long once everyone receives everyone; the two samples close the window.
const seconds = numberArg(args, 'seconds', 20, USAGE);
const firefox = firefoxNames(args);

const started = Date.now();
const deadline = started + OVERALL_MS;
const remaining = () => Math.max(0, deadline - Date.now());

const result = {
  ok: false,
  failures: [],
  url,
  room,
  browsers: {},
  receivers: {},
  senders: {},
  afterLeave: null,
  restParticipants: null,
  pageErrors: {},
  durationMs: 0,
};
const fail = failureRecorder(result);

/** Per receiver per sender: video decode progress and frame size, audio packet/sample progress. */
function compare(participants, first, second) {
  for (const p of participants) {
    const perSender = {};
    for (const o of othersOf(p, participants)) {
      const find = (stats, kind) => stats[p.name]?.inbound.filter((s) => s.kind === kind && s.participantId === o.id) ?? [];
      // With simulcast the sender has one outbound stream per layer: the receiver must get one of them.
      const sentLayers = second[o.name]?.outbound.filter((s) => s.kind === 'video' && s.frameWidth) ?? [];
      const entry = { senderId: o.id };

      const v1 = find(first, 'video');
      const v2 = find(second, 'video');
      if (v2.length !== 1) fail(`${p.name} has ${v2.length} inbound video streams from ${o.name} (want 1)`);
      if (v1.length && v2.length) {
        const [a, b] = [v1[0], v2[0]];
        const sentVideo = sentLayers.find((l) => l.frameWidth === b.frameWidth && l.frameHeight === b.frameHeight)
          ?? sentLayers[0] ?? null;
        entry.video = {
          framesDecodedDelta: (b.framesDecoded ?? 0) - (a.framesDecoded ?? 0),
          bytesReceivedDelta: b.bytesReceived - a.bytesReceived,
          packetsLost: b.packetsLost,
          frameWidth: b.frameWidth ?? null,
          frameHeight: b.frameHeight ?? null,
          framesPerSecond: b.framesPerSecond ?? null,
          senderFrameWidth: sentVideo?.frameWidth ?? null,
          senderFrameHeight: sentVideo?.frameHeight ?? null,
          senderLayers: sentLayers.map((l) => `${l.frameWidth}x${l.frameHeight}`),
        };
        entry.video.sizeMatches = entry.video.frameWidth === entry.video.senderFrameWidth
          && entry.video.frameHeight === entry.video.senderFrameHeight && entry.video.frameWidth != null;
        if (!(entry.video.framesDecodedDelta > 0)) fail(`${p.name} decoded no new video frames from ${o.name}`);
        if (!entry.video.sizeMatches) {
          fail(`${p.name} receives ${o.name}'s video at ${entry.video.frameWidth}x${entry.video.frameHeight}, `
            + `${o.name} sends ${entry.video.senderLayers.join(', ') || 'nothing'}`);
        }
      }

      const a1 = find(first, 'audio');
      const a2 = find(second, 'audio');
      if (a2.length !== 1) fail(`${p.name} has ${a2.length} inbound audio streams from ${o.name} (want 1)`);
      if (a1.length && a2.length) {
        const [a, b] = [a1[0], a2[0]];
        entry.audio = {
          packetsReceivedDelta: b.packetsReceived - a.packetsReceived,
          bytesReceivedDelta: b.bytesReceived - a.bytesReceived,
          totalSamplesReceivedDelta: (b.totalSamplesReceived ?? 0) - (a.totalSamplesReceived ?? 0),
          packetsLost: b.packetsLost,
        };
        if (!(entry.audio.packetsReceivedDelta > 0)) fail(`${p.name} received no new audio packets from ${o.name}`);
        if (!(entry.audio.bytesReceivedDelta > 0)) fail(`${p.name} received no new audio bytes from ${o.name}`);
        if (!(entry.audio.totalSamplesReceivedDelta > 0)) fail(`${p.name} played no new audio samples from ${o.name}`);
      }
      perSender[o.name] = entry;
    }
    result.receivers[p.name] = perSender;
    const out = second[p.name]?.outbound ?? [];
    result.senders[p.name] = out.map(({ kind, frameWidth, frameHeight, framesPerSecond, packetsSent, qualityLimitationReason }) => (
      { kind, frameWidth, frameHeight, framesPerSecond, packetsSent, qualityLimitationReason }));
  }
}

async function restRoom() {
  const target = `${url}/api/v1/rooms/${encodeURIComponent(room)}`;
  try {
    const response = await fetch(target, {
      headers: { Authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(Math.min(5000, remaining())),
    });
    const text = await response.text();
    if (!response.ok) {
      fail(`GET ${target} answered ${response.status}: ${text.slice(0, 200)}`);
      return;
    }
    const body = JSON.parse(text);
    result.restParticipants = Array.isArray(body.participants) ? body.participants.length : null;
    if (result.restParticipants !== 2) fail(`REST API counts ${result.restParticipants} participants in ${room} (want 2)`);
  } catch (err) {
    fail(`GET ${target} failed: ${err.message}`);
  }
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const launched = browsers({ firefox, timeoutMs: Math.min(30000, remaining()) });
  let participants = [];
  try {
    participants = await openAll(launched.open, NAMES, { url, room, apiKey, params: publishParams });
    for (const p of participants) result.browsers[p.name] = p.browser;
    log(`opened: ${participants.map((p) => `${p.name} in ${p.browser}`).join(', ')}`);

    // Everyone joined (has an id) and knows both others.
    const joined = await waitUntilJoined(participants, { others: 2, timeoutMs: Math.min(20000, remaining()) });
    if (!joined) {
      const states = await Promise.all(participants.map((p) => clientState(p.page)));
      fail(`not everyone joined and saw both others within 20 s: ${JSON.stringify(states)}`);
      return;
    }
    log(`joined: ${participants.map((p) => `${p.name}=${p.id}`).join(' ')}`);

    const flowing = await everyoneDecodes(participants, { timeoutMs: Math.min(30000, remaining()) });
    if (!flowing) {
      const snapshot = await sampleAll(participants);
      fail(`not every page was connected and decoding video from both others within 30 s: ${JSON.stringify(snapshot)}`);
      return;
    }
    log('everyone decodes everyone');

    // Leave room in the budget for sampling, leaving and the REST check.
    const warmUp = Math.min(Math.max(0, seconds * 1000 - SAMPLE_GAP_MS), remaining() - 25000);
    if (warmUp > 0) await sleep(warmUp);
    const first = await sampleAll(participants);
    await sleep(SAMPLE_GAP_MS);
    const second = await sampleAll(participants);
    compare(participants, first, second);

    await mkdir(OUT_DIR, { recursive: true });
    const shot = path.join(OUT_DIR, 'three-party-A.png');
    await participants[0].page.screenshot({ path: shot, timeout: 10000 })
      .then(() => { result.screenshot = shot; })
      .catch((err) => log(`screenshot failed: ${err.message}`));

    // C leaves through the UI, as a person would.
    const c = participants[2];
    try {
      await c.page.click('#leave-button', { timeout: 10000 });
      log('C clicked Leave');
    } catch (err) {
      // Still leave (through the client's own hook) so the rest of the checks report something.
      fail(`C could not click Leave: ${err.message.split('\n')[0]}`);
      await c.page.evaluate(() => window.sfu.leave()).catch(() => {});
    }
    const remainingPeers = participants.slice(0, 2);
    const settled = await waitFor(async () => {
      const states = await Promise.all(remainingPeers.map((p) => clientState(p.page)));
      return states.every((s) => s.remoteParticipants?.length === 1) ? states : null;
    }, { timeoutMs: Math.min(LEAVE_WAIT_MS, remaining()) });
    const states = settled || await Promise.all(remainingPeers.map((p) => clientState(p.page)));
    result.afterLeave = {};
    remainingPeers.forEach((p, i) => {
      const s = states[i];
      result.afterLeave[p.name] = {
        remoteParticipants: s.remoteParticipants ?? null,
        pc: s.pc ?? null,
        tiles: null,
      };
    });
    for (const p of remainingPeers) {
      result.afterLeave[p.name].tiles = await countOf(p.page, '#grid .tile').catch(() => null);
    }
    if (!settled) fail(`A and B did not both show exactly one remote participant within ${LEAVE_WAIT_MS / 1000} s after C left`);
    const [a, b] = remainingPeers;
    const sees = (x, y) => result.afterLeave[x.name].remoteParticipants?.[0]?.id === y.id;
    if (settled && !(sees(a, b) && sees(b, a))) fail('after C left, A and B do not see each other');
    result.afterLeave.C = await clientState(c.page);

    await restRoom();
  } finally {
    for (const p of participants) if (p.errors.length) result.pageErrors[p.name] = p.errors.slice(0, 20);
    await launched.close();
    result.durationMs = Date.now() - started;
  }
}

runReporting(run, result, OVERALL_MS + 5000);
