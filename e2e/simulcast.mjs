// Simulcast through the SFU: one publisher sends three layers; viewers asking low, medium and high
// receive about 320, 640 and 1280 pixel-wide frames; one viewer switching low -> high -> low keeps
// decoding; the publisher's keyframe requests stay bounded while viewers switch back and forth.
//
//   node simulcast.mjs --url http://127.0.0.1:PORT [--room NAME] [--switches 6] [--api-key KEY]
//                      [--viewers low,medium,high] [--firefox Publisher]
//
// With --api-key every participant joins with a token issued over REST (viewers: subscribe only).
// --viewers picks which viewers open (fewer pages); --firefox Publisher publishes from Firefox ESR.
//
// Prints ONE JSON object on stdout ({ok, failures, steps}); exit code 0 when ok.

import { scenarioArgs, numberArg } from './lib/args.mjs';
import { clientState, rtpStats, waitFor, recordUnreachable } from './lib/browser.mjs';
import { browsers, firefoxNames } from './lib/browsers.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import { waitForNewFrames } from './lib/scenario.mjs';

const USAGE = 'usage: node simulcast.mjs --url http://127.0.0.1:PORT [--room NAME] [--switches 6] [--api-key KEY] '
  + '[--viewers low,medium,high] [--firefox Publisher]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, [], 'simulcast');
const switches = numberArg(args, 'switches', 6, USAGE);
const WIDTHS = { low: 320, medium: 640, high: 1280 };
const qualities = typeof args.viewers === 'string' ? args.viewers.split(',') : Object.keys(WIDTHS);
if (!qualities.length || qualities.some((q) => !WIDTHS[q])) {
  process.stderr.write(`error: --viewers takes low, medium and/or high\n${USAGE}\n`);
  process.exit(2);
}
const firefox = firefoxNames(args);
const result = { ok: false, failures: [], room, browsers: {}, steps: {} };

const step = stepRecorder(result);

/** The viewer's inbound video from the publisher, or null. */
async function videoFrom(page) {
  const stats = await rtpStats(page);
  return stats?.inbound.find((s) => s.kind === 'video' && s.name === 'Publisher') ?? null;
}

/** Waits until the viewer decodes new frames of about `width` pixels (the layer arrived and plays). */
function decodesAtWidth(page, width, timeoutMs) {
  return waitForNewFrames(() => videoFrom(page), { accept: (v) => v.frameWidth === width, timeoutMs });
}

async function publisherPlis(page) {
  const stats = await rtpStats(page);
  const video = (stats?.outbound ?? []).filter((s) => s.kind === 'video');
  return {
    total: video.reduce((sum, s) => sum + (s.pliCount ?? 0), 0),
    layers: video.map((s) => ({ rid: s.rid, width: s.frameWidth, pli: s.pliCount, fps: s.framesPerSecond,
      limitation: s.qualityLimitationReason })),
  };
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  const launched = browsers({ firefox });
  try {
    const publisher = await launched.open({ url, room, name: 'Publisher', params: { audio: '0' }, apiKey });
    result.browsers.Publisher = publisher.browser;
    const viewers = {};
    for (const quality of qualities) {
      viewers[quality] = await launched.open({
        url, room, name: `View-${quality}`, params: { audio: '0', video: '0', quality }, apiKey,
        grants: { publish: false, subscribe: true },
      });
      result.browsers[`View-${quality}`] = viewers[quality].browser;
    }
    // Every layer must be encoding, not only sized: Firefox reports a width for a layer it holds back, and
    // enables its top layer only once its own bandwidth estimate has grown (about 15 s here, 30 s on a busy machine).
    const layersUp = await waitFor(async () => {
      const plis = await publisherPlis(publisher.page);
      return plis.layers.length === 3 && plis.layers.every((l) => (l.width ?? 0) > 0 && (l.fps ?? 0) > 0) ? plis : null;
    }, { timeoutMs: 60000 });
    step('publisherSendsThreeLayers', layersUp, layersUp ?? await publisherPlis(publisher.page));

    for (const [quality, viewer] of Object.entries(viewers)) {
      const got = await decodesAtWidth(viewer.page, WIDTHS[quality], 40000);
      step(`${quality}ViewerGets${WIDTHS[quality]}`, got, got ?? await videoFrom(viewer.page));
    }

    // One viewer switches low -> high -> low -> ... and must keep decoding without freezing.
    const switcher = (viewers.low ?? Object.values(viewers)[0]).page;
    const publisherId = (await clientState(publisher.page)).participantId;
    const before = await videoFrom(switcher);
    const plisBefore = (await publisherPlis(publisher.page)).total;
    const switchTimes = [];
    let quality = 'low';
    for (let i = 0; i < switches; i++) {
      quality = quality === 'low' ? 'high' : 'low';
      const started = Date.now();
      await switcher.evaluate(([id, q]) => window.sfu.setQuality(id, q), [publisherId, quality]);
      const got = await decodesAtWidth(switcher, WIDTHS[quality], 25000);
      if (!step(`switch${i + 1}To${quality}`, got, got ?? await videoFrom(switcher))) break;
      switchTimes.push(Date.now() - started);
    }
    const after = await videoFrom(switcher);
    const plisAfter = await publisherPlis(publisher.page);
    const decoded = (after?.framesDecoded ?? 0) - (before?.framesDecoded ?? 0);
    const freezes = (after?.freezeCount ?? 0) - (before?.freezeCount ?? 0);
    // Each switch step already saw 5 new frames at its width; the whole run must have decoded more than that.
    step('keepsDecodingAcrossSwitches', decoded > 5 * switches, { framesDecoded: decoded, switchTimesMs: switchTimes });
    // A switch waits for the new layer's keyframe while the old layer keeps playing; on a loaded machine
    // the browser may still count a short freeze at the switch, so at most one per switch.
    step('freezesStayNearZero', freezes <= switches, { freezeCount: freezes, switches });
    // Each switch may cost a keyframe; merged and throttled they stay a small multiple of the switches.
    const plis = plisAfter.total - plisBefore;
    step('publisherPlisBounded', plis <= 3 * switches, { plis, switches, layers: plisAfter.layers });
    result.switchTimesMs = switchTimes;
  } finally {
    await launched.close();
  }
}

runReporting(run, result, 240000);
