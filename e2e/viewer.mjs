// A viewer (?audio=0&video=0: publishes nothing) through publishers coming and going.
//
//   node viewer.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]
// With --api-key every participant joins with a token issued over REST (the viewer's grants: subscribe only).
//
// The viewer joins an empty room; A and B join and publish; the viewer must decode both. A leaves
// (A's tracks held the viewer's first m-line, the BUNDLE tag): the viewer must go on decoding B.
// B leaves: the viewer must be alone with no error shown. C joins: the viewer must decode C.
// Prints ONE JSON object on stdout ({ok, failures, steps}); exit code 0 when ok.

import { parseArgs, requireArgs, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, rtpStats, waitFor, checkServerReachable } from './lib/browser.mjs';

const USAGE = 'usage: node viewer.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]';
const args = parseArgs(process.argv.slice(2), USAGE);
requireArgs(args, ['url'], USAGE);
const url = args.url.replace(/\/+$/, '');
const apiKey = typeof args['api-key'] === 'string' ? args['api-key'] : undefined;
const room = typeof args.room === 'string' ? args.room : `viewer-${Date.now().toString(36)}`;
const result = { ok: false, failures: [], room, steps: {} };

function step(name, ok, detail) {
  result.steps[name] = { ok, ...(detail === undefined ? {} : { detail }) };
  if (!ok) {
    log(`FAIL ${name}`);
    result.failures.push(name);
  }
  return ok;
}

/** Waits (bounded) until the viewer decodes new video frames from each of `names`. */
async function decodesFrom(page, names) {
  const before = await rtpStats(page);
  const framesOf = (stats, name) => stats?.inbound.find((s) => s.kind === 'video' && s.name === name)?.framesDecoded ?? 0;
  const ok = await waitFor(async () => {
    const now = await rtpStats(page);
    return now?.connectionState === 'connected' && names.every((n) => framesOf(now, n) > framesOf(before, n));
  }, { timeoutMs: 20000 });
  return Boolean(ok);
}

async function run() {
  const unreachable = await checkServerReachable(url);
  if (unreachable) {
    result.failures.push(unreachable);
    return;
  }
  const { browser, close } = await launchBrowser();
  try {
    const viewer = await openParticipant(browser, { url, room, name: 'Viewer', params: { audio: '0', video: '0' }, apiKey, grants: { publish: false, subscribe: true } });
    const alone = await waitFor(async () => (await clientState(viewer.page)).participantId, { timeoutMs: 10000 });
    if (!step('viewerJoined', Boolean(alone), await clientState(viewer.page))) return;

    const a = await openParticipant(browser, { url, room, name: 'A', apiKey });
    const b = await openParticipant(browser, { url, room, name: 'B', apiKey });
    step('decodesAandB', await decodesFrom(viewer.page, ['A', 'B']));
    const sent = (await rtpStats(viewer.page))?.outbound.length ?? null;
    step('sendsNothing', sent === 0, { outboundStreams: sent });

    await a.page.click('#leave-button', { timeout: 10000 });
    step('decodesBAfterALeft', await decodesFrom(viewer.page, ['B']));

    await b.page.click('#leave-button', { timeout: 10000 });
    const empty = await waitFor(async () => (await clientState(viewer.page)).remoteParticipants?.length === 0, { timeoutMs: 10000 });
    step('aloneAfterBLeft', Boolean(empty) && !(await viewer.page.isVisible('#banner')),
      { state: await clientState(viewer.page), banner: await viewer.page.textContent('#banner-text') });

    await openParticipant(browser, { url, room, name: 'C', apiKey });
    step('decodesCAfterward', await decodesFrom(viewer.page, ['C']));
    step('noPageErrors', viewer.errors.length === 0, viewer.errors);
  } finally {
    await close();
  }
}

try {
  await run();
} catch (err) {
  result.failures.push(`unexpected error: ${err.message.split('\n')[0]}`);
}
result.ok = result.failures.length === 0;
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.ok ? 0 : 1;
