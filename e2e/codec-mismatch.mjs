// A receiver that cannot decode the publisher's codec is told so: a publisher sends H.264 video (?codec=h264)
// and audio; a viewer stands in for a browser without H.264 (Firefox without OpenH264): its recvonly video
// transceivers are restricted to VP8 by setCodecPreferences before the client runs. The viewer must get a
// `trackUnsupported` message naming the publisher's video track and H264, its tile must say it cannot play
// H.264 video, its video m-line must stay inactive, and the publisher's audio must still play.
//
//   node codec-mismatch.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]
//
// Prints ONE JSON object on stdout ({ok, failures, steps}); exit code 0 when ok.

import { scenarioArgs, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, rtpStats, waitFor, recordUnreachable } from './lib/browser.mjs';
import { videoCodecStats } from './lib/codecs.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const USAGE = 'usage: node codec-mismatch.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, [], 'codecs');
const result = { ok: false, failures: [], room, steps: {} };

const step = stepRecorder(result);

/**
 * Runs in the viewer's page before the client: a browser that can receive VP8 but not H.264, and a record of
 * the trackUnsupported messages that arrive on the signaling socket.
 */
function withoutH264() {
  const addTransceiver = RTCPeerConnection.prototype.addTransceiver;
  RTCPeerConnection.prototype.addTransceiver = function (trackOrKind, init) {
    const transceiver = addTransceiver.call(this, trackOrKind, init);
    if (trackOrKind === 'video' && init?.direction === 'recvonly') {
      transceiver.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs
        .filter((c) => c.mimeType === 'video/VP8' || c.mimeType === 'video/rtx'));
    }
    return transceiver;
  };
  window.trackUnsupportedMessages = [];
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...params) {
      super(...params);
      this.addEventListener('message', (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'trackUnsupported') window.trackUnsupportedMessages.push(message);
      });
    }
  };
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser();
  try {
    const publisher = await openParticipant(browser, { url, room, name: 'Publisher', params: { codec: 'h264' }, apiKey });
    const viewer = await openParticipant(browser, {
      url, room, name: 'Viewer', params: { audio: '0', video: '0' }, apiKey, initScript: withoutH264,
      grants: { publish: false, subscribe: true },
    });

    const sending = await waitFor(async () => {
      const out = (await videoCodecStats(publisher.page))?.outbound ?? [];
      return out.length && out.every((l) => l.mimeType === 'video/H264' && l.framesEncoded > 0) ? out : null;
    }, { timeoutMs: 30000 });
    step('publisherSendsH264', sending, sending ?? (await videoCodecStats(publisher.page))?.outbound);

    const publisherState = await clientState(publisher.page);
    const videoTrack = await waitFor(async () => {
      const state = await clientState(viewer.page);
      // A track is listed from its trackPublished on; its mid comes with the next negotiation.
      return state.subscriptions?.find((s) => s.participantId === publisherState.participantId && s.kind === 'video'
        && s.mid != null);
    }, { timeoutMs: 20000 });

    const messages = await waitFor(async () => {
      const got = await viewer.page.evaluate(() => window.trackUnsupportedMessages);
      return got.length ? got : null;
    }, { timeoutMs: 20000 });
    const message = messages?.[0];
    step('viewerToldTrackUnsupported', message && message.trackId === videoTrack?.trackId
      && message.participantId === publisherState.participantId && message.kind === 'video'
      && message.codec === 'H264' && JSON.stringify(message.offeredCodecs) === '["VP8"]'
      && message.mid === videoTrack?.mid, { messages, videoTrack });

    const notice = await waitFor(async () => {
      const text = await viewer.page.evaluate((id) => {
        const element = document.querySelector(`.tile[data-participant-id="${id}"] .tile-notice`);
        return element && !element.hidden && element.offsetParent !== null ? element.textContent : null;
      }, publisherState.participantId);
      return text;
    }, { timeoutMs: 10000 });
    step('tileSaysItCannotPlayH264', notice === "Can't play H.264 video in this browser", { notice });
    await viewer.page.screenshot({ path: 'out/codec-mismatch-viewer.png' }).catch((err) => log(`screenshot: ${err.message}`));

    // The rest of the offer went through: the publisher's audio arrives; the video m-line stays inactive.
    const audio = await waitFor(async () => {
      const stats = await rtpStats(viewer.page);
      const inbound = stats?.inbound.find((s) => s.kind === 'audio' && s.participantId === publisherState.participantId);
      return inbound && inbound.packetsReceived > 50 ? inbound : null;
    }, { timeoutMs: 20000 });
    step('audioStillPlays', audio, audio ?? (await rtpStats(viewer.page))?.inbound);
    const video = await viewer.page.evaluate((mid) => {
      const transceiver = window.sfu.pc.getTransceivers().find((t) => t.mid === mid);
      return { currentDirection: transceiver?.currentDirection ?? null };
    }, videoTrack?.mid);
    const inboundVideo = (await videoCodecStats(viewer.page))?.inbound ?? [];
    step('videoLineInactiveNothingReceived', video.currentDirection === 'inactive'
      && inboundVideo.every((s) => s.packetsReceived === 0), { ...video, inboundVideo });
    result.errors = [publisher, viewer].flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`));
  } finally {
    await close();
  }
}

runReporting(run, result, 120000);
