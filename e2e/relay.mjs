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

import { scenarioArgs } from './lib/args.mjs';
import { launchBrowser, openParticipant, rtpStats, sleep, recordUnreachable } from './lib/browser.mjs';
import { runReporting, failureRecorder } from './lib/run.mjs';
import { openAll, everyoneDecodes, sampleAll } from './lib/scenario.mjs';

const USAGE = 'usage: node relay.mjs --url http://127.0.0.1:PORT --room NAME --api-key KEY';
const OVERALL_MS = 75000;
const SAMPLE_GAP_MS = 3000;

const { args, url, room, apiKey } = scenarioArgs(USAGE, ['room', 'api-key'], 'relay');

const result = { ok: false, failures: [], pages: {}, pageErrors: {} };
const fail = failureRecorder(result);

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
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser({ timeoutMs: 30000 });
  let pages = [];
  try {
    pages = await openAll((o) => openParticipant(browser, o), ['A', 'B'],
      { url, room, apiKey, params: { relay: '1', simulcast: '0' } });
    // Each decodes the other's video and plays its audio.
    const flowing = await everyoneDecodes(pages, { sendersOf: () => 1, audio: true, timeoutMs: 40000 });
    if (!flowing) {
      for (const p of pages) result.pages[p.name] = { stats: await rtpStats(p.page), transport: await transportOf(p.page) };
      fail('the two pages did not both connect and decode video and audio through the relay within 40 s');
      return;
    }
    const first = await sampleAll(pages);
    await sleep(SAMPLE_GAP_MS);
    const second = await sampleAll(pages);
    for (const { name, page: tab } of pages) {
      const video = (stats) => stats.inbound.find((s) => s.kind === 'video') ?? {};
      const audio = (stats) => stats.inbound.find((s) => s.kind === 'audio') ?? {};
      const transport = await transportOf(tab);
      const page = {
        framesDecodedDelta: (video(second[name]).framesDecoded ?? 0) - (video(first[name]).framesDecoded ?? 0),
        frameWidth: video(second[name]).frameWidth ?? null,
        audioSamplesDelta: (audio(second[name]).totalSamplesReceived ?? 0) - (audio(first[name]).totalSamplesReceived ?? 0),
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

runReporting(run, result, OVERALL_MS);
