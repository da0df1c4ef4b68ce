// A viewer (?audio=0&video=0: publishes nothing) through publishers coming and going.
//
//   node viewer.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY] [--firefox Viewer]
// With --api-key every participant joins with a token issued over REST (the viewer's grants: subscribe only).
// Participants named by --firefox open in Firefox ESR, the others in Chromium.
//
// The viewer joins an empty room; A and B join and publish; the viewer must decode and hear both. A leaves
// (A's tracks held the viewer's first m-line, the BUNDLE tag): the viewer must go on decoding B.
// B leaves: the viewer must be alone with no error shown. C joins: the viewer must decode and hear C.
// Prints ONE JSON object on stdout ({ok, failures, steps}); exit code 0 when ok.

import { scenarioArgs } from './lib/args.mjs';
import { clientState, rtpStats, waitFor, recordUnreachable } from './lib/browser.mjs';
import { browsers, firefoxNames } from './lib/browsers.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';

const USAGE = 'usage: node viewer.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY] [--firefox Viewer,A]';
const { args, url, room, apiKey } = scenarioArgs(USAGE, [], 'viewer');
const firefox = firefoxNames(args);
const result = { ok: false, failures: [], room, browsers: {}, steps: {} };

const step = stepRecorder(result);

/** The viewer's inbound stream of `kind` from participant `name` (from rtpStats), or undefined. */
const streamOf = (stats, kind, name) => stats?.inbound.find((s) => s.kind === kind && s.name === name);

/**
 * Waits (bounded) until the viewer's `counters` of `kind` grow for each of `names`: new video frames
 * decoded, or new audio packets received and samples decoded. Returns { ok, detail } (the last figures).
 */
async function growsFrom(page, kind, names, counters) {
  const before = await rtpStats(page);
  const value = (stats, name, counter) => streamOf(stats, kind, name)?.[counter] ?? 0;
  let now = before;
  const ok = await waitFor(async () => {
    now = await rtpStats(page);
    return now?.connectionState === 'connected'
      && names.every((n) => counters.every((c) => value(now, n, c) > value(before, n, c)));
  }, { timeoutMs: 20000 });
  const detail = Object.fromEntries(names.map((n) => {
    const s = streamOf(now, kind, n);
    return [n, kind === 'video'
      ? { framesDecoded: s?.framesDecoded ?? 0, frameWidth: s?.frameWidth ?? null, frameHeight: s?.frameHeight ?? null }
      : { packetsReceived: s?.packetsReceived ?? 0, totalSamplesReceived: s?.totalSamplesReceived ?? 0 }];
  }));
  return { ok: Boolean(ok), detail };
}

const decodesFrom = (page, names) => growsFrom(page, 'video', names, ['framesDecoded']);
const hearsFrom = (page, names) => growsFrom(page, 'audio', names, ['packetsReceived', 'totalSamplesReceived']);
const stepOn = (name, { ok, detail }) => step(name, ok, detail);

async function run() {
  if (await recordUnreachable(url, result)) return;
  const launched = browsers({ firefox });
  const open = async (options) => {
    const p = await launched.open({ url, room, apiKey, ...options });
    result.browsers[p.name] = p.browser;
    return p;
  };
  try {
    const viewer = await open({ name: 'Viewer', params: { audio: '0', video: '0' }, grants: { publish: false, subscribe: true } });
    const alone = await waitFor(async () => (await clientState(viewer.page)).participantId, { timeoutMs: 10000 });
    if (!step('viewerJoined', Boolean(alone), await clientState(viewer.page))) return;

    const a = await open({ name: 'A' });
    const b = await open({ name: 'B' });
    stepOn('decodesAandB', await decodesFrom(viewer.page, ['A', 'B']));
    stepOn('hearsAandB', await hearsFrom(viewer.page, ['A', 'B']));
    const sent = (await rtpStats(viewer.page))?.outbound.length ?? null;
    step('sendsNothing', sent === 0, { outboundStreams: sent });

    await a.page.click('#leave-button', { timeout: 10000 });
    stepOn('decodesBAfterALeft', await decodesFrom(viewer.page, ['B']));

    await b.page.click('#leave-button', { timeout: 10000 });
    const empty = await waitFor(async () => (await clientState(viewer.page)).remoteParticipants?.length === 0, { timeoutMs: 10000 });
    const banner = await viewer.page.evaluate(() => ({ shown: !document.getElementById('banner').hidden,
      text: document.getElementById('banner-text').textContent }));
    step('aloneAfterBLeft', Boolean(empty) && !banner.shown, { state: await clientState(viewer.page), banner: banner.text });

    await open({ name: 'C' });
    stepOn('decodesCAfterward', await decodesFrom(viewer.page, ['C']));
    stepOn('hearsCAfterward', await hearsFrom(viewer.page, ['C']));
    step('noPageErrors', viewer.errors.length === 0, viewer.errors);
  } finally {
    await launched.close();
  }
}

runReporting(run, result, 140000);
