// A Chromium subscriber behind a lossy link: how much video it still decodes with NACK/RTX.
//
//   node lossy-link.mjs --url http://127.0.0.1:PORT --api-key KEY [--loss 5] [--seconds 20] [--room NAME]
//
// MUST run in a private network namespace (only `lo`), as root, with nft available: it adds an nftables
// rule there that drops --loss % of the UDP packets sent to the subscriber's port (5 by default). The
// LossyLinkBrowserTest runs it that way (`unshare -n`), with the server in the same namespace.
//
// Publisher A (fake camera, simulcast) and viewer V (?audio=0&video=0) join; once V decodes A, two
// windows of --seconds each are measured on V: first without loss (the baseline), then with the drop
// rule on V's port. Reported per window: V's frames decoded, NACKs sent (inbound-rtp nackCount), packets
// lost/retransmitted, freezes; A's frames encoded; the server's NACK/retransmission meters (/metrics);
// the packets nft dropped. Checks: loss happened, V's nackCount rose, the server answered (retransmissions
// and RTX sent rose), and V decoded at least 90% of the baseline's frames.
// Prints ONE JSON object on stdout ({ok, failures, baseline, lossy, ratio, ...}); exit code 0 when ok.

import { execFileSync } from 'node:child_process';
import { scenarioArgs, numberArg, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, rtpStats, waitFor, sleep } from './lib/browser.mjs';
import { runReporting, failureRecorder } from './lib/run.mjs';

const USAGE = 'usage: node lossy-link.mjs --url http://127.0.0.1:PORT --api-key KEY [--loss 5] [--seconds 20] [--room NAME]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, ['api-key'], 'lossy');
const lossPercent = numberArg(args, 'loss', 5, USAGE);
const seconds = numberArg(args, 'seconds', 20, USAGE);
const result = { ok: false, failures: [], room, lossPercent, seconds };

const fail = failureRecorder(result);

function nft(...argv) {
  return execFileSync('nft', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Packets the drop rule dropped so far (its counter). */
function nftDropped() {
  const text = nft('list', 'chain', 'inet', 'lossy', 'out');
  const match = /counter packets (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Waits (≤ 30 s) for the server to serve HTTP: it starts next to this script. */
async function awaitServer() {
  return waitFor(async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok,
    { timeoutMs: 30000 });
}

/** The server's counters of interest, from its Prometheus text. */
async function serverMeters() {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const value = (name) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  return {
    nacksReceived: value('sfu_rtcp_nack_received_total'),
    retransmissionsSent: value('sfu_retransmissions_sent_total'),
    rtxSent: value('sfu_retransmissions_sent_rtx_total'),
    nacksSentUpstream: value('sfu_rtcp_nack_sent_total'),
  };
}

/** V's video inbound-rtp (the fields rtpStats leaves out too) and its selected local port. */
async function viewerVideo(page) {
  return page.evaluate(async () => {
    const report = await window.sfu.pc.getStats();
    let video = null;
    let pair = null;
    const candidates = new Map();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && (!video || (s.framesDecoded ?? 0) > (video.framesDecoded ?? 0))) {
        video = s;
      } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        pair = s;
      } else if (s.type === 'local-candidate') {
        candidates.set(s.id, s);
      }
    });
    const local = pair ? candidates.get(pair.localCandidateId) : null;
    return {
      localPort: local?.port ?? null,
      framesDecoded: video?.framesDecoded ?? 0,
      framesReceived: video?.framesReceived ?? 0,
      framesDropped: video?.framesDropped ?? 0,
      keyFramesDecoded: video?.keyFramesDecoded ?? 0,
      packetsReceived: video?.packetsReceived ?? 0,
      packetsLost: video?.packetsLost ?? 0,
      nackCount: video?.nackCount ?? 0,
      pliCount: video?.pliCount ?? 0,
      retransmittedPacketsReceived: video?.retransmittedPacketsReceived ?? null,
      freezeCount: video?.freezeCount ?? 0,
      totalFreezesDuration: video?.totalFreezesDuration ?? 0,
      frameHeight: video?.frameHeight ?? null,
    };
  });
}

async function framesEncoded(page) {
  const stats = await rtpStats(page);
  return (stats?.outbound ?? []).filter((s) => s.kind === 'video').reduce((sum, s) => sum + (s.framesEncoded ?? 0), 0);
}

/** One window of `seconds`: deltas of V's, A's, the server's and nft's counters. */
async function measure(viewer, publisher) {
  const v0 = await viewerVideo(viewer.page);
  const a0 = await framesEncoded(publisher.page);
  const s0 = await serverMeters();
  const d0 = nftDropped();
  await sleep(seconds * 1000);
  const v1 = await viewerVideo(viewer.page);
  const a1 = await framesEncoded(publisher.page);
  const s1 = await serverMeters();
  const d1 = nftDropped();
  const delta = (a, b) => Object.fromEntries(Object.keys(b).filter((k) => typeof b[k] === 'number' && typeof a[k] === 'number')
    .map((k) => [k, b[k] - a[k]]));
  return {
    viewer: { ...delta(v0, v1), frameHeightAtEnd: v1.frameHeight },
    publisherFramesEncoded: a1 - a0,
    server: delta(s0, s1),
    nftDropped: d1 - d0,
  };
}

async function run() {
  if (!(await awaitServer())) {
    fail(`server not reachable at ${url}`);
    return;
  }
  nft('add', 'table', 'inet', 'lossy');
  nft('add', 'chain', 'inet', 'lossy', 'out', '{ type filter hook output priority 0; }');
  const { browser, close } = await launchBrowser();
  try {
    const publisher = await openParticipant(browser, { url, room, name: 'A', apiKey });
    const viewer = await openParticipant(browser, { url, room, name: 'V', params: { audio: '0', video: '0' }, apiKey,
      grants: { publish: false, subscribe: true } });
    const decoding = await waitFor(async () => {
      const v = await viewerVideo(viewer.page);
      return v.framesDecoded > 0 && v.localPort ? v : null;
    }, { timeoutMs: 30000 });
    if (!decoding) {
      fail('viewer never decoded the publisher');
      return;
    }
    // Let the publisher's encoder and the layer allocation settle before the baseline.
    await sleep(8000);
    const port = (await viewerVideo(viewer.page)).localPort;
    result.viewerPort = port;
    log(`baseline: ${seconds} s without loss`);
    result.baseline = await measure(viewer, publisher);
    nft('add', 'rule', 'inet', 'lossy', 'out', 'udp', 'dport', String(port), 'numgen', 'random', 'mod', '100', '<',
      String(lossPercent), 'counter', 'drop');
    log(`lossy: ${seconds} s with ${lossPercent}% of the packets to UDP ${port} dropped`);
    result.lossy = await measure(viewer, publisher);
    const base = result.baseline.viewer.framesDecoded;
    result.ratio = base > 0 ? Number((result.lossy.viewer.framesDecoded / base).toFixed(3)) : null;
    result.viewerErrors = viewer.errors;

    if (result.lossy.nftDropped <= 0) fail('the drop rule dropped nothing');
    if (!(result.lossy.viewer.nackCount > 0)) fail(`the viewer sent no NACKs: ${JSON.stringify(result.lossy.viewer)}`);
    if (!(result.lossy.server.nacksReceived > 0)) fail('the server counted no NACKs');
    if (!(result.lossy.server.retransmissionsSent > 0)) fail('the server resent nothing');
    if (!(result.lossy.server.rtxSent > 0)) fail('the server sent no RTX (Chromium negotiates it)');
    if (!(base > 0)) fail('no frames decoded in the baseline');
    if (!(result.ratio >= 0.9)) fail(`decoded ${result.ratio} of the baseline's frames, under 0.9`);
  } finally {
    await close();
  }
}

runReporting(run, result, (2 * seconds + 130) * 1000);
