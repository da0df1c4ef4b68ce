// Two participants whose media goes only through the TURN relay the server hands out in `joined`.
//
//   node relay.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY
//
// Both pages join with ?relay=1 (iceTransportPolicy 'relay'), so the only candidates they have are relayed
// ones: a call that works proves the server's iceServers, the per-participant TURN credential and the ICE-lite
// side (checks arriving from the relay's address). Checks that each decodes the other's video and plays its
// audio, and that the selected candidate pair's local candidate is of type "relay". Prints ONE JSON object
// ({ok, failures, pages: {A: {...}, B: {...}}}) on stdout; diagnostics go to stderr.
// Exit code: 0 ok, 1 a check failed, 2 usage error.

import { parseArgs, requireArgs, log } from './lib/args.mjs';
import {
  launchBrowser, openParticipant, rtpStats, waitFor, sleep, checkServerReachable,
} from './lib/browser.mjs';

const USAGE = 'usage: node relay.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY';
const OVERALL_MS = 75000;
const SAMPLE_GAP_MS = 3000;

const args = parseArgs(process.argv.slice(2), USAGE);
requireArgs(args, ['url', 'room', 'api-key'], USAGE);
const url = args.url.replace(/\/+$/, '');
const { room } = args;
const apiKey = args['api-key'];

const result = { ok: false, failures: [], pages: {}, pageErrors: {} };
const fail = (message) => {
  log(`FAIL ${message}`);
  result.failures.push(message);
};
const watchdog = setTimeout(() => {
  fail(`overall time limit of ${OVERALL_MS / 1000} s exceeded`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(1);
}, OVERALL_MS);
watchdog.unref();

/** The configuration the page's RTCPeerConnection runs with, and the selected pair's candidate types. */
async function transportOf(page) {
  return page.evaluate(async () => {
    const pc = window.sfu?.pc;
    if (!pc) return null;
    const config = pc.getConfiguration();
    const report = await pc.getStats();
    let pair = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
    });
    const local = pair ? report.get(pair.localCandidateId) : null;
    const remote = pair ? report.get(pair.remoteCandidateId) : null;
    return {
      iceTransportPolicy: config.iceTransportPolicy,
      iceServers: (config.iceServers || []).map((s) => ({ urls: s.urls, username: s.username })),
      local: local && { type: local.candidateType, address: local.address, port: local.port, relayProtocol: local.relayProtocol },
      remote: remote && { type: remote.candidateType, address: remote.address, port: remote.port },
      bytesSent: pair?.bytesSent ?? 0,
      bytesReceived: pair?.bytesReceived ?? 0,
    };
  });
}

async function run() {
  const unreachable = await checkServerReachable(url);
  if (unreachable) {
    fail(unreachable);
    return;
  }
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  const pages = [];
  try {
    for (const name of ['A', 'B']) {
      pages.push(await openParticipant(browser, { url, room, name, apiKey, params: { relay: '1', simulcast: '0' } }));
    }
    const decodes = async (p) => {
      const stats = await rtpStats(p.page);
      return stats?.connectionState === 'connected'
        && stats.inbound.some((s) => s.kind === 'video' && (s.framesDecoded ?? 0) > 0)
        && stats.inbound.some((s) => s.kind === 'audio' && (s.totalSamplesReceived ?? 0) > 0);
    };
    const flowing = await waitFor(async () => (await Promise.all(pages.map(decodes))).every(Boolean),
      { timeoutMs: 40000 });
    if (!flowing) {
      for (const p of pages) result.pages[p.name] = { stats: await rtpStats(p.page), transport: await transportOf(p.page) };
      fail('the two pages did not both connect and decode video and audio through the relay within 40 s');
      return;
    }
    const first = await Promise.all(pages.map((p) => rtpStats(p.page)));
    await sleep(SAMPLE_GAP_MS);
    const second = await Promise.all(pages.map((p) => rtpStats(p.page)));
    for (let i = 0; i < pages.length; i++) {
      const { name } = pages[i];
      const video = (stats) => stats.inbound.find((s) => s.kind === 'video') ?? {};
      const audio = (stats) => stats.inbound.find((s) => s.kind === 'audio') ?? {};
      const transport = await transportOf(pages[i].page);
      const page = {
        framesDecodedDelta: (video(second[i]).framesDecoded ?? 0) - (video(first[i]).framesDecoded ?? 0),
        frameWidth: video(second[i]).frameWidth ?? null,
        audioSamplesDelta: (audio(second[i]).totalSamplesReceived ?? 0) - (audio(first[i]).totalSamplesReceived ?? 0),
        transport,
      };
      result.pages[name] = page;
      if (!(page.framesDecodedDelta > 0)) fail(`${name} decoded no new video frames`);
      if (!(page.audioSamplesDelta > 0)) fail(`${name} played no new audio samples`);
      if (transport?.iceTransportPolicy !== 'relay') fail(`${name} does not run with iceTransportPolicy relay`);
      if (!transport?.iceServers?.length) fail(`${name} got no iceServers from the server`);
      if (transport?.local?.type !== 'relay') fail(`${name}'s selected local candidate is ${transport?.local?.type}, not relay`);
      if (transport?.remote?.type !== 'host') fail(`${name}'s selected remote candidate is ${transport?.remote?.type}, not the server's host candidate`);
    }
  } finally {
    for (const p of pages) if (p.errors.length) result.pageErrors[p.name] = p.errors.slice(0, 20);
    await close();
  }
}

try {
  await run();
} catch (err) {
  fail(`unexpected error: ${err.message.split('\n')[0]}`);
} finally {
  result.ok = result.failures.length === 0;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
  clearTimeout(watchdog);
}
