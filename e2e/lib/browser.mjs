// Launching Debian's Chromium for WebRTC tests, opening participants, and reading their stats.
// See shared BROWSER-TESTING notes: fake devices, loopback candidates, one merged --disable-features.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { log } from './args.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Chromium honours only the LAST --disable-features switch, and Playwright passes its own list.
// So Playwright's defaults are switched off entirely (ignoreDefaultArgs: true) and this file states
// every flag itself, with one merged list: what Chromium gets is exactly what is written here.
const DISABLED_FEATURES = [
  'WebRtcHideLocalIpsWithMdns', // real (loopback) host candidates instead of mDNS .local names
  // No calls home during tests (all traffic stays on 127.0.0.1):
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'MediaRouter',
  'DialMediaRouteProvider',
  'Translate',
  'InterestFeedContentSuggestions',
  'CertificateTransparencyComponentUpdater',
  'AutofillServerCommunication',
  'PreconnectToSearch',
  'AimEnabled',
];

function chromiumArgs(userDataDir) {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-breakpad',
    '--disable-field-trial-config',
    '--disable-dev-shm-usage',
    // Several pages share one browser: none may be throttled for being in the background.
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
    '--disable-ipc-flooding-protection',
    '--disable-hang-monitor',
    '--hide-scrollbars',
    '--mute-audio',
    // Remote audio must play without a click so totalSamplesReceived counts.
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    `--user-data-dir=${userDataDir}`,
    '--remote-debugging-pipe',
    '--no-startup-window',
  ];
}

/**
 * Launches headless Chromium. Returns { browser, close() }; close() never throws and also
 * removes the temporary profile. `extraArgs` are appended (never a second --disable-features).
 * `handleSIGTERM: false` leaves SIGTERM to the script (Playwright's default closes the browser and exits).
 */
export async function launchBrowser({ timeoutMs = 30000, extraArgs = [], handleSIGTERM = true } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'sfu-e2e-profile-'));
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      ignoreDefaultArgs: true,
      args: [...chromiumArgs(userDataDir), ...extraArgs],
      timeout: timeoutMs,
      handleSIGTERM,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw new Error(`could not launch ${CHROMIUM}: ${err.message.split('\n')[0]}`);
  }
  log(`chromium ${browser.version()} launched`);
  return {
    browser,
    async close() {
      await browser.close().catch((err) => log(`browser close: ${err.message}`));
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/**
 * Opens one participant in its own browser context at `${url}/?room=..&name=..` (the client joins
 * with no clicks). Page errors and console errors are collected in `errors` for the report.
 * `initScript` (a function or its source) runs in the page before the client does.
 */
export async function openParticipant(browser, {
  url, room, name, width = 1280, height = 800, params = {}, apiKey, grants, initScript,
}) {
  // With an API key the participant joins as a production client does: with a token its backend issued over REST.
  const token = apiKey ? (await issueToken(url, apiKey, { room, name, grants })).token : undefined;
  const context = await browser.newContext({ viewport: { width, height } });
  // Runs in the page before the client's script (e.g. to stand in for a browser without some codec).
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  const query = new URLSearchParams({ room, name, ...params, ...(token ? { token } : {}) });
  const target = `${url.replace(/\/+$/, '')}/?${query}`;
  // The client starts at DOMContentLoaded (its script ends the body); 'load' may wait on media.
  await page.goto(target, { waitUntil: 'domcontentloaded', timeout: 15000 });
  return { name, page, context, errors };
}

/**
 * Issues a join token over REST (POST /api/v1/tokens with the API key), as a backend does for its users.
 * Returns the server's reply: { token, room, identity, grants, expiresAtMillis }.
 */
export async function issueToken(url, apiKey, { room, name, identity, grants, ttlSeconds = 600 }) {
  const response = await fetch(`${url.replace(/\/+$/, '')}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      room, name, identity: identity || `${name}-${Math.random().toString(36).slice(2, 8)}`, ttlSeconds,
      ...(grants ? { grants } : {}),
    }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 || !body.token) {
    throw new Error(`POST /api/v1/tokens: ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** window.sfu.state() of a page, or an { error } when the page is gone or has no client. */
export async function clientState(page) {
  try {
    return await page.evaluate(() => (window.sfu ? window.sfu.state() : { error: 'window.sfu missing' }));
  } catch (err) {
    return { error: err.message.split('\n')[0] };
  }
}

/**
 * Inbound and outbound RTP stats of the page's RTCPeerConnection. Inbound entries are attributed
 * to the sending participant through the client's mid -> track subscriptions.
 */
export async function rtpStats(page) {
  return page.evaluate(async () => {
    const pc = window.sfu?.pc;
    if (!pc) return null;
    const state = window.sfu.state();
    const byMid = new Map(state.subscriptions.map((s) => [s.mid, s]));
    const names = new Map(state.remoteParticipants.map((p) => [p.id, p.name]));
    const report = await pc.getStats();
    const inbound = [];
    const outbound = [];
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        const sub = byMid.get(s.mid) || {};
        inbound.push({
          kind: s.kind,
          mid: s.mid,
          ssrc: s.ssrc,
          trackId: sub.trackId ?? null,
          participantId: sub.participantId ?? null,
          name: names.get(sub.participantId) ?? null,
          packetsReceived: s.packetsReceived ?? 0,
          packetsLost: s.packetsLost ?? 0,
          bytesReceived: s.bytesReceived ?? 0,
          jitter: s.jitter,
          // video
          framesDecoded: s.framesDecoded,
          framesReceived: s.framesReceived,
          framesDropped: s.framesDropped,
          frameWidth: s.frameWidth,
          frameHeight: s.frameHeight,
          framesPerSecond: s.framesPerSecond,
          keyFramesDecoded: s.keyFramesDecoded,
          freezeCount: s.freezeCount,
          totalFreezesDuration: s.totalFreezesDuration,
          pliSent: s.pliCount,
          // audio
          totalSamplesReceived: s.totalSamplesReceived,
          concealedSamples: s.concealedSamples,
          audioLevel: s.audioLevel,
        });
      } else if (s.type === 'outbound-rtp') {
        outbound.push({
          kind: s.kind,
          mid: s.mid,
          ssrc: s.ssrc,
          rid: s.rid,
          packetsSent: s.packetsSent ?? 0,
          bytesSent: s.bytesSent ?? 0,
          framesEncoded: s.framesEncoded,
          frameWidth: s.frameWidth,
          frameHeight: s.frameHeight,
          framesPerSecond: s.framesPerSecond,
          qualityLimitationReason: s.qualityLimitationReason,
          nackCount: s.nackCount,
          pliCount: s.pliCount,
        });
      }
    });
    return { participantId: state.participantId, connectionState: pc.connectionState, inbound, outbound };
  });
}

/**
 * Polls `check()` every `intervalMs` until it returns a truthy value or `timeoutMs` passes.
 * Returns the value, or null on timeout (the caller turns that into a named failure).
 */
export async function waitFor(check, { timeoutMs, intervalMs = 500 }) {
  const end = Date.now() + Math.max(0, timeoutMs);
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() >= end) return null;
    await sleep(Math.min(intervalMs, Math.max(0, end - Date.now())));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails fast and clearly when nothing answers at the server's URL. */
export async function checkServerReachable(url, timeoutMs = 5000) {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `server at ${url} answered ${response.status} for / (the web client is not served there)`;
    return null;
  } catch (err) {
    const cause = err.cause?.code || err.cause?.message || err.name || err.message;
    return `server not reachable at ${url}: ${cause}`;
  }
}

/** checkServerReachable for a script's `result`: true, with the reason among its failures, when it is not. */
export async function recordUnreachable(url, result) {
  const unreachable = await checkServerReachable(url);
  if (unreachable) result.failures.push(unreachable);
  return Boolean(unreachable);
}
