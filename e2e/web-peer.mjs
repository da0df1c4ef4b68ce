// One web-client participant in a call with a peer that is not a browser (e2e/gst/peer.py): it publishes,
// or receives the peer, and holds the call, sampling its stats every second.
//
//   node web-peer.mjs --url http://127.0.0.1:PORT --room NAME [--api-key KEY] [--name Chromium]
//                     [--publish 1|0] [--from PEER] [--seconds 20] [--window 3] [--timeout 30]
//
// --publish 0 joins as a viewer (?audio=0&video=0; its token without the publish grant). --from PEER: wait
// (≤ --timeout s) until the page decodes PEER's video, then hold --seconds and check that PEER's video was
// decoded and its audio played in the last --window seconds, and PEER is still in the room. Without --from:
// wait until the page sends video, then hold --seconds. SIGTERM ends the hold early (the test that runs this
// beside the peer stops it once the peer is done). One encoding (?simulcast=0): a single layer to receive.
// Prints ONE JSON object on stdout ({ok, failures, ...}); exit code 0 when ok.

import { parseArgs, requireArgs, numberArg, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, rtpStats, waitFor, sleep, recordUnreachable } from './lib/browser.mjs';
import { runReporting, failureRecorder } from './lib/run.mjs';

const USAGE = 'usage: node web-peer.mjs --url http://127.0.0.1:PORT --room NAME [--api-key KEY] [--name Chromium] '
  + '[--publish 1|0] [--from PEER] [--seconds 20] [--window 3] [--timeout 30]';
const args = parseArgs(process.argv.slice(2), USAGE);
requireArgs(args, ['url', 'room'], USAGE);
const url = args.url.replace(/\/+$/, '');
const apiKey = typeof args['api-key'] === 'string' ? args['api-key'] : undefined;
const name = typeof args.name === 'string' ? args.name : 'Chromium';
const publish = args.publish !== '0';
const peer = typeof args.from === 'string' ? args.from : null;
const seconds = numberArg(args, 'seconds', 20, USAGE);
const windowSeconds = numberArg(args, 'window', 3, USAGE);
const timeoutMs = numberArg(args, 'timeout', 30, USAGE) * 1000;
const result = { ok: false, failures: [], room: args.room, name, publish, from: peer };

let stopRequested = false;
process.on('SIGTERM', () => {
  log('SIGTERM: ending the hold');
  stopRequested = true;
});

const fail = failureRecorder(result);

/** The figures of one stats sample this script follows: the peer's inbound streams, or our outbound ones. */
function figures(stats) {
  if (peer) {
    const video = stats?.inbound.find((s) => s.kind === 'video' && s.name === peer);
    const audio = stats?.inbound.find((s) => s.kind === 'audio' && s.name === peer);
    return {
      video: video ? {
        framesDecoded: video.framesDecoded ?? 0, frameWidth: video.frameWidth, frameHeight: video.frameHeight,
        keyFramesDecoded: video.keyFramesDecoded, framesDropped: video.framesDropped, freezeCount: video.freezeCount,
        packetsReceived: video.packetsReceived, packetsLost: video.packetsLost, pliSent: video.pliSent,
      } : null,
      audio: audio ? {
        packetsReceived: audio.packetsReceived, totalSamplesReceived: audio.totalSamplesReceived ?? 0,
        concealedSamples: audio.concealedSamples,
      } : null,
    };
  }
  const video = stats?.outbound.find((s) => s.kind === 'video');
  const audio = stats?.outbound.find((s) => s.kind === 'audio');
  return {
    video: video ? { framesEncoded: video.framesEncoded ?? 0, frameWidth: video.frameWidth, frameHeight: video.frameHeight,
      packetsSent: video.packetsSent, pliCount: video.pliCount, nackCount: video.nackCount } : null,
    audio: audio ? { packetsSent: audio.packetsSent } : null,
  };
}

/** Video frames and audio units (samples received, or packets sent) of a figures() sample. */
function progress(f) {
  return peer
    ? { video: f.video?.framesDecoded ?? 0, audio: f.audio?.totalSamplesReceived ?? 0 }
    : { video: f.video?.framesEncoded ?? 0, audio: f.audio?.packetsSent ?? 0 };
}

async function run() {
  if (await recordUnreachable(url, result)) return undefined;
  const { browser, close } = await launchBrowser({ handleSIGTERM: false });
  try {
    const params = { simulcast: '0', ...(publish ? {} : { audio: '0', video: '0' }) };
    const grants = publish ? undefined : { publish: false, subscribe: true };
    const page = await openParticipant(browser, { url, room: args.room, name, params, apiKey, grants });

    const started = Date.now();
    const flowing = await waitFor(async () => {
      const stats = await rtpStats(page.page);
      return stats?.connectionState === 'connected' && progress(figures(stats)).video > 0 ? stats : null;
    }, { timeoutMs });
    result.participantId = (await clientState(page.page)).participantId;
    if (!flowing) {
      return fail(peer ? `no video of ${peer} decoded within ${timeoutMs / 1000} s` : `no video sent within ${timeoutMs / 1000} s`);
    }
    log(`${peer ? `decoding ${peer}` : 'sending'} after ${((Date.now() - started) / 1000).toFixed(1)} s; holding ${seconds} s`);

    const holdStart = Date.now();
    const timeline = [];
    let last = null;
    let videoSize = null; // the last frame size seen: a sample taken as the page stops may leave it out
    for (;;) {
      const stats = await rtpStats(page.page);
      last = { stats, figures: figures(stats) };
      if (last.figures.video?.frameWidth) {
        videoSize = { frameWidth: last.figures.video.frameWidth, frameHeight: last.figures.video.frameHeight };
      }
      timeline.push({ t: Math.round((Date.now() - holdStart) / 100) / 10, connectionState: stats?.connectionState, ...progress(last.figures) });
      if (Date.now() - holdStart >= seconds * 1000 || stopRequested) break;
      await sleep(1000);
    }
    const end = timeline[timeline.length - 1];
    const base = [...timeline].reverse().find((s) => end.t - s.t >= windowSeconds) || timeline[0];
    result.heldSeconds = end.t;
    result.lastWindow = { seconds: Math.round((end.t - base.t) * 10) / 10, video: end.video - base.video, audio: end.audio - base.audio };
    result.connectionState = last.stats?.connectionState;
    if (last.figures.video && !last.figures.video.frameWidth && videoSize) Object.assign(last.figures.video, videoSize);
    result[peer ? 'received' : 'sent'] = last.figures;
    result.timeline = timeline;
    const state = await clientState(page.page);
    result.remoteParticipants = state.remoteParticipants?.map((p) => p.name);
    result.pageErrors = page.errors;

    if (result.connectionState !== 'connected') fail(`connection ${result.connectionState} at the end of the hold`);
    if (peer) {
      if (!result.remoteParticipants?.includes(peer)) fail(`${peer} is gone from the room at the end of the hold`);
      if (!(result.lastWindow.video > 0)) fail(`no video of ${peer} decoded in the last ${result.lastWindow.seconds} s`);
      if (!(result.lastWindow.audio > 0)) fail(`no audio of ${peer} played in the last ${result.lastWindow.seconds} s`);
      if (!(last.figures.video?.frameWidth > 0)) fail(`no frame size for ${peer}'s video`);
    } else if (!(result.lastWindow.video > 0 && result.lastWindow.audio > 0)) {
      fail(`sending stopped in the last ${result.lastWindow.seconds} s`);
    }
    if (page.errors.length) fail(`page errors: ${page.errors.join('; ')}`);
  } finally {
    await close();
  }
  return undefined;
}

runReporting(run, result, timeoutMs + seconds * 1000 + 60000);
