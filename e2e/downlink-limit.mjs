// Bandwidth estimation through the SFU: a Chromium publisher sends three simulcast layers, a Chromium
// viewer asks for the high one; the viewer's downlink is then rate-limited with `tc ... tbf` on the
// server side of a veth pair, and lifted again. Checks that the server's send-side (transport-cc)
// estimate for the viewer goes below the limit, that the viewer drops to a lower layer, and that it
// returns to the top layer once the limit is lifted; also samples the publisher's
// availableOutgoingBitrate (Chromium's own congestion control running on our transport-cc feedback).
//
//   node downlink-limit.mjs --url http://ADDR:PORT --api-key KEY --tc-netns NS --tc-dev DEV [--limit-kbps N]
//
// The script runs where the browser is (the viewer's side of the link); it runs
// `ip netns exec NS tc qdisc replace|del dev DEV root ...` for the limit (root needed). Without
// --limit-kbps the limit is set halfway between the publisher's middle and top layer rates.
//
// Prints ONE JSON object on stdout ({ok, failures, steps, figures}); exit code 0 when ok.

import { execFileSync } from 'node:child_process';
import { parseArgs, requireArgs, numberArg, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, rtpStats, waitFor, sleep, recordUnreachable } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const USAGE = 'usage: node downlink-limit.mjs --url http://ADDR:PORT --api-key KEY --tc-netns NS --tc-dev DEV [--limit-kbps N]';
const args = parseArgs(process.argv.slice(2), USAGE);
requireArgs(args, ['url', 'api-key', 'tc-netns', 'tc-dev'], USAGE);
const url = args.url.replace(/\/+$/, '');
const apiKey = args['api-key'];
const room = `bwe-${Date.now().toString(36)}`;
const fixedLimitKbps = numberArg(args, 'limit-kbps', 0, USAGE);
const result = { ok: false, failures: [], room, steps: {}, figures: {} };

const step = stepRecorder(result);

function tc(...tcArgs) {
  const command = ['netns', 'exec', args['tc-netns'], 'tc', ...tcArgs];
  log(`ip ${command.join(' ')}`);
  execFileSync('ip', command, { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function restRoom() {
  const response = await fetch(`${url}/api/v1/rooms/${encodeURIComponent(room)}`, {
    headers: { Authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(5000),
  });
  return response.ok ? response.json() : null;
}

/** The viewer's estimate and its subscription's layers, as the server's REST view shows them. */
async function serverView(viewerId) {
  const body = await restRoom();
  const viewer = body?.participants?.find((p) => p.id === viewerId);
  if (!viewer) return null;
  const sub = viewer.subscriptions.find((s) => s.kind === 'video');
  const publisher = body.participants.find((p) => p.tracks.some((t) => t.kind === 'video'));
  const layers = publisher?.tracks.find((t) => t.kind === 'video')?.layers ?? [];
  return {
    estimateBps: viewer.bandwidthEstimateBps,
    estimation: viewer.bandwidthEstimation,
    targetLayer: sub?.targetLayer,
    currentLayer: sub?.currentLayer,
    layerBps: layers.map((l) => l.bitrateBps),
  };
}

async function inboundVideo(page) {
  const stats = await rtpStats(page);
  return stats?.inbound.find((s) => s.kind === 'video' && s.name === 'Publisher') ?? null;
}

/** availableOutgoingBitrate of the publisher's nominated candidate pair (its send-side estimate). */
async function availableOutgoing(page) {
  return page.evaluate(async () => {
    const report = await window.sfu.pc.getStats();
    let bps = null;
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate) bps = s.availableOutgoingBitrate;
    });
    return bps;
  });
}

async function run() {
  if (await recordUnreachable(url, result)) return;
  // Not loopback: getUserMedia needs a secure context, which plain http on another address is not.
  const { browser, close } = await launchBrowser({ extraArgs: [`--unsafely-treat-insecure-origin-as-secure=${url}`] });
  try {
    const started = Date.now();
    const publisher = await openParticipant(browser, { url, room, name: 'Publisher', params: { audio: '0' }, apiKey });
    const viewer = await openParticipant(browser, {
      url, room, name: 'Viewer', params: { audio: '0', video: '0', quality: 'high' }, apiKey,
      grants: { publish: false, subscribe: true },
    });
    const viewerId = (await waitFor(async () => (await clientState(viewer.page)).participantId, { timeoutMs: 15000 }));

    // The publisher's own send-side estimate, every 500 ms from the start: it moves only on feedback.
    const ramp = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const outgoing = await availableOutgoing(publisher.page).catch(() => null);
        if (outgoing && (ramp.length === 0 || ramp[ramp.length - 1].kbps !== Math.round(outgoing / 1000))) {
          ramp.push({ atMs: Date.now() - started, kbps: Math.round(outgoing / 1000) });
        }
        await sleep(500);
      }
    })();
    const high = await waitFor(async () => {
      const now = await inboundVideo(viewer.page);
      const server = await serverView(viewerId);
      return now?.frameWidth === 1280 && server?.currentLayer === 2 && server.layerBps.length === 3 ? { now, server } : null;
    }, { timeoutMs: 60000, intervalMs: 1000 });
    if (!step('viewerOnTopLayer', high, high ?? { video: await inboundVideo(viewer.page), server: await serverView(viewerId) })) return;
    sampling = false;
    await sampler;
    if (!ramp.length) {
      // The top layer can come before the first sample of the estimate on a loaded machine (Chromium reports
      // availableOutgoingBitrate ~5 s in, the sampler looks every 500 ms plus getStats): take one now.
      const outgoing = await waitFor(() => availableOutgoing(publisher.page), { timeoutMs: 10000 });
      if (outgoing) ramp.push({ atMs: Date.now() - started, kbps: Math.round(outgoing / 1000) });
    }
    // Fed by our transport-cc feedback, Chromium's estimate covers all it sends (the three layers).
    const sendingKbps = high.server.layerBps.reduce((a, b) => a + b, 0) / 1000;
    const lastKbps = ramp.length ? ramp[ramp.length - 1].kbps : 0;
    step('publisherEstimateCoversItsLayers', lastKbps >= sendingKbps, { ramp, sendingKbps: Math.round(sendingKbps) });
    step('estimateFromTransportCc', high.server.estimation.source === 'transport-cc', high.server.estimation);
    result.figures.publisherAvailableOutgoingKbps = ramp;
    result.figures.layerKbps = high.server.layerBps.map((b) => Math.round(b / 1000));
    result.figures.topLayerAfterMs = Date.now() - started;

    const [, r1, r2] = high.server.layerBps;
    const limitKbps = fixedLimitKbps || Math.round((r1 + r2) / 2 / 1000);
    result.figures.limitKbps = limitKbps;
    tc('qdisc', 'replace', 'dev', args['tc-dev'], 'root', 'tbf', 'rate', `${limitKbps}kbit`, 'burst', '16kb',
      'latency', '100ms');
    const limited = Date.now();
    const samples = [];
    let belowMs = null;
    let lowerLayerMs = null;
    await waitFor(async () => {
      const server = await serverView(viewerId);
      const video = await inboundVideo(viewer.page);
      const t = Date.now() - limited;
      if (server) samples.push({ t, estimateKbps: Math.round(server.estimateBps / 1000), layer: server.currentLayer, width: video?.frameWidth });
      if (belowMs === null && server && server.estimateBps < limitKbps * 1000) belowMs = t;
      if (lowerLayerMs === null && video && video.frameWidth < 1280 && server?.currentLayer < 2) lowerLayerMs = t;
      return t > 15000 && belowMs !== null && lowerLayerMs !== null;
    }, { timeoutMs: 30000, intervalMs: 250 });
    const settled = samples.filter((s) => s.t >= 5000);
    const meanSettledKbps = settled.length ? Math.round(settled.reduce((a, s) => a + s.estimateKbps, 0) / settled.length) : null;
    step('estimateBelowLimit', belowMs !== null, { belowMs, limitKbps });
    step('viewerDropsLayer', lowerLayerMs !== null, { lowerLayerMs, last: samples[samples.length - 1] });
    step('settledEstimateBelowLimit', meanSettledKbps !== null && meanSettledKbps < limitKbps, { meanSettledKbps, limitKbps });
    result.figures.limited = { belowMs, lowerLayerMs, meanSettledKbps, samples: samples.filter((_, i) => i % 4 === 0) };

    tc('qdisc', 'del', 'dev', args['tc-dev'], 'root');
    const lifted = Date.now();
    const back = await waitFor(async () => {
      const video = await inboundVideo(viewer.page);
      const server = await serverView(viewerId);
      return video?.frameWidth === 1280 && server?.currentLayer === 2 ? { server } : null;
    }, { timeoutMs: 60000, intervalMs: 250 });
    step('viewerBackOnTopLayer', back, back ?? await serverView(viewerId));
    result.figures.recoverMs = back ? Date.now() - lifted : null;
    result.figures.recoveredEstimateKbps = back ? Math.round(back.server.estimateBps / 1000) : null;
    result.figures.estimation = back?.server.estimation;
    const decoding = await inboundVideo(viewer.page);
    step('viewerKeepsDecoding', (decoding?.framesDecoded ?? 0) > 100, { framesDecoded: decoding?.framesDecoded,
      freezeCount: decoding?.freezeCount });
  } finally {
    try { tc('qdisc', 'del', 'dev', args['tc-dev'], 'root'); } catch { /* not set */ }
    await close();
  }
}

runReporting(run, result, 220000);
