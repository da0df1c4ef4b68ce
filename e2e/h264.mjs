// H.264 through the SFU: a Chromium publisher restricted to H.264 (packetization-mode 1, constrained
// baseline 42e01f, as Safari sends it; the client's ?codec=h264) sends three simulcast layers; a viewer
// asking high decodes 1280-wide H.264, a second viewer starts low (320 wide) and switches to high and back,
// decoding each time at the new width.
//
//   node h264.mjs --url http://127.0.0.1:PORT [--room NAME] [--switches 2] [--api-key KEY]
//
// Prints ONE JSON object on stdout ({ok, failures, steps}); exit code 0 when ok.

import { scenarioArgs, numberArg } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, waitFor, recordUnreachable } from './lib/browser.mjs';
import { videoCodecStats } from './lib/codecs.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import { waitForNewFrames } from './lib/scenario.mjs';

const USAGE = 'usage: node h264.mjs --url http://127.0.0.1:PORT [--room NAME] [--switches 2] [--api-key KEY]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, [], 'h264');
const switches = numberArg(args, 'switches', 2, USAGE);
const result = { ok: false, failures: [], room, steps: {} };
const WIDTHS = { low: 320, high: 1280 };
const H264_MIME = 'video/H264';

const step = stepRecorder(result);

/** The viewer's inbound video (it receives only the publisher's), or null. */
async function inboundVideo(page) {
  return (await videoCodecStats(page))?.inbound[0] ?? null;
}

/** Waits until the viewer decodes new H.264 frames `width` pixels wide (the layer arrived and plays). */
function decodesH264AtWidth(page, width, timeoutMs) {
  return waitForNewFrames(() => inboundVideo(page), {
    accept: (v) => v.mimeType === H264_MIME && v.frameWidth === width, timeoutMs,
  });
}

/** The publisher's video layers as the server's REST API reports them (codec, size, keyframes). */
async function restLayers() {
  const response = await fetch(`${url}/api/v1/rooms/${encodeURIComponent(room)}`, {
    headers: { Authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) return null;
  const body = await response.json();
  const track = body.participants?.flatMap((p) => p.tracks).find((t) => t.kind === 'video');
  return track?.layers.map((l) => ({ rid: l.rid, width: l.width, height: l.height, keyframes: l.keyframes,
    codec: track.codec })) ?? null;
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser();
  try {
    const publisher = await openParticipant(browser, {
      url, room, name: 'Publisher', params: { audio: '0', codec: 'h264' }, apiKey,
    });
    // Can this Chromium encode H.264 at all? (Debian's uses OpenH264 to encode and FFmpeg to decode.)
    const capabilities = await publisher.page.evaluate(() => RTCRtpSender.getCapabilities('video').codecs
      .filter((c) => c.mimeType === 'video/H264').map((c) => c.sdpFmtpLine));
    step('browserCanSendH264', capabilities.some((f) => /packetization-mode=1/.test(f) && /42e01f/.test(f)),
      { h264: capabilities });

    const viewers = {};
    for (const quality of ['high', 'low']) {
      viewers[quality] = await openParticipant(browser, {
        url, room, name: `View-${quality}`, params: { audio: '0', video: '0', quality }, apiKey,
        grants: { publish: false, subscribe: true },
      });
    }

    // All three layers encoding steadily (on a loaded machine Chromium holds the top one back for a while), so
    // a viewer's wait below measures the server, not the publisher's ramp-up.
    const layers = await waitFor(async () => {
      const out = (await videoCodecStats(publisher.page))?.outbound ?? [];
      return out.length === 3 && out.every((l) => l.framesEncoded > 30 && l.mimeType) ? out : null;
    }, { timeoutMs: 60000 });
    const sent = layers ?? (await videoCodecStats(publisher.page))?.outbound;
    step('publisherSendsThreeH264Layers', layers && layers.every((l) => l.mimeType === H264_MIME
      && /packetization-mode=1/.test(l.sdpFmtpLine) && /profile-level-id=42e01f/.test(l.sdpFmtpLine)), sent);

    for (const [quality, viewer] of Object.entries(viewers)) {
      const got = await decodesH264AtWidth(viewer.page, WIDTHS[quality], 40000);
      step(`${quality}ViewerDecodesH264At${WIDTHS[quality]}`, got, got ?? await inboundVideo(viewer.page));
    }

    // The server reads each layer's size from its SPS (an H.264 keyframe carries none): the REST view shows it.
    if (apiKey) {
      const serverLayers = await waitFor(async () => {
        const layers = await restLayers();
        return layers?.length === 3 && layers.every((l) => l.width > 0) ? layers : null;
      }, { timeoutMs: 10000 });
      const sizes = (serverLayers ?? await restLayers() ?? []).map((l) => `${l.width}x${l.height}`);
      step('serverKnowsLayerSizesFromSps', sizes.join(',') === '320x180,640x360,1280x720', { sizes, layers: serverLayers });
    }

    // The low viewer asks high, then low, ...: each switch lands at a keyframe of the new layer.
    const switcher = viewers.low.page;
    const publisherId = (await clientState(publisher.page)).participantId;
    const before = await inboundVideo(switcher);
    let quality = 'low';
    const switchesSeen = [];
    for (let i = 0; i < switches; i++) {
      quality = quality === 'low' ? 'high' : 'low';
      const started = Date.now();
      await switcher.evaluate(([id, q]) => window.sfu.setQuality(id, q), [publisherId, quality]);
      const got = await decodesH264AtWidth(switcher, WIDTHS[quality], 25000);
      if (!step(`switch${i + 1}To${quality}`, got, got ?? await inboundVideo(switcher))) break;
      switchesSeen.push({ to: quality, width: got.frameWidth, height: got.frameHeight, ms: Date.now() - started });
    }
    // Decoding goes on at the last layer (bounded wait: fast switches leave few frames in between).
    const after = await waitFor(async () => {
      const now = await inboundVideo(switcher);
      return (now?.framesDecoded ?? 0) - (before?.framesDecoded ?? 0) > 30 ? now : null;
    }, { timeoutMs: 15000 }) ?? await inboundVideo(switcher);
    step('keepsDecodingAcrossSwitches', (after?.framesDecoded ?? 0) - (before?.framesDecoded ?? 0) > 30, {
      framesDecoded: (after?.framesDecoded ?? 0) - (before?.framesDecoded ?? 0),
      keyFramesDecoded: (after?.keyFramesDecoded ?? 0) - (before?.keyFramesDecoded ?? 0),
      freezeCount: (after?.freezeCount ?? 0) - (before?.freezeCount ?? 0),
      switches: switchesSeen,
    });
    result.publisher = (await videoCodecStats(publisher.page))?.outbound;
    result.errors = [publisher, ...Object.values(viewers)].flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`));
  } finally {
    await close();
  }
}

runReporting(run, result, 230000);
