// Launching Debian's Firefox ESR for WebRTC tests through puppeteer-core over WebDriver BiDi (no
// geckodriver exists here), and opening participants. A participant has the same shape as
// browser.mjs's ({ name, page, context, errors }), and Puppeteer's page.evaluate works like
// Playwright's, so browser.mjs's clientState, rtpStats and waitFor serve both browsers unchanged.

import puppeteer from 'puppeteer-core';
import { log } from './args.mjs';
import { issueToken } from './browser.mjs';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

// See shared BROWSER-TESTING notes (Firefox ESR).
const PREFS = {
  // Fake camera and microphone, granted without a prompt.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // 20 fps like Chromium's fake camera: Firefox does not lower its frame rate when the CPU is short, and on
  // 2 cores a 30 fps 720p encoder starves the Chromium pages beside it.
  'media.navigator.video.default_fps': 20,
  // Without a fake permission Firefox gathers only the default-route address, which a namespace lacks.
  'media.navigator.permission.fake': true,
  // The same for pages that never call getUserMedia (a viewer).
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // 127.0.0.1 host candidates, shown as addresses rather than mDNS names.
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Remote audio must play without a click so decoded samples count.
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Nothing may be downloaded (OpenH264 included) and nothing leaves 127.0.0.1.
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'app.update.enabled': false,
  'extensions.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  // Pages opened side by side must not be throttled for being in the background.
  'dom.min_background_timeout_value': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
};

/**
 * Launches headless Firefox ESR. Returns { browser, close() }; close() never throws (Puppeteer removes
 * its temporary profile itself).
 */
export async function launchFirefox({ timeoutMs = 30000 } = {}) {
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      timeout: timeoutMs,
      extraPrefsFirefox: PREFS,
      env: { ...process.env, MOZ_HEADLESS: '1', MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    });
  } catch (err) {
    throw new Error(`could not launch ${FIREFOX}: ${err.message.split('\n')[0]}`);
  }
  log(`firefox ${await browser.version()} launched`);
  return {
    browser,
    async close() {
      await browser.close().catch((err) => log(`firefox close: ${err.message}`));
    },
  };
}

/**
 * Opens one participant in its own browser context at `${url}/?room=..&name=..`, as browser.mjs's
 * openParticipant does for Chromium. Page errors and console errors are collected in `errors`.
 */
export async function openFirefoxParticipant(browser, { url, room, name, width = 1280, height = 800, params = {}, apiKey, grants }) {
  const token = apiKey ? (await issueToken(url, apiKey, { room, name, grants })).token : undefined;
  const context = await browser.createBrowserContext();
  // A window of its own: tabs of one window hide each other (visibilityState 'hidden'), and the client pauses
  // the video of every tile on a hidden page.
  const page = await context.newPage({ type: 'window' });
  await page.setViewport({ width, height });
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  // Keeps the offers the client sends, for reports (a Firefox offer is what a server bug shows in).
  await page.evaluateOnNewDocument(() => {
    window.sentOffers = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function sendAndKeep(data) {
      try {
        const message = JSON.parse(data);
        if (message.type === 'offer') window.sentOffers.push(message.sdp);
      } catch {
        // not JSON: not ours
      }
      return send.call(this, data);
    };
  });
  const query = new URLSearchParams({ room, name, ...params, ...(token ? { token } : {}) });
  await page.goto(`${url.replace(/\/+$/, '')}/?${query}`, { waitUntil: 'domcontentloaded', timeout: 15000 });
  return { name, page, context, errors };
}

/** The offers (SDP text) the participant's client has sent so far, oldest first. */
export async function sentOffers(page) {
  return page.evaluate(() => window.sentOffers || []);
}
