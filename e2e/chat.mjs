// The web client's chat panel through the SFU (data channels, topic "chat"), in headless Chromium:
//
//   node chat.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]
//
// A joins with the chat open (?chat=1, laptop size), B and C without (B phone size); all three data-only
// (?audio=0&video=0) to spare the CPU. B sends a line through the chat form: A shows it with B's name and no
// unread badge; C (panel closed) shows an unread badge of 1, and after opening the panel the line and no badge.
// B's own line is shown as sent. Screenshots A and B to out/chat-A.png, out/chat-B.png.
// Prints ONE JSON object ({ok, failures, steps, durationMs}); exit 0 ok, 1 a check failed, 2 usage.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioArgs } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, waitFor, recordUnreachable } from './lib/browser.mjs';
import { runReporting, stepRecorder } from './lib/run.mjs';
import { waitUntilJoined } from './lib/scenario.mjs';

const USAGE = 'usage: node chat.mjs --url http://127.0.0.1:PORT [--room NAME] [--api-key KEY]';
const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const WAIT_MS = 15000;
const LINE = 'Hello from B ✓';

const { url, room, apiKey } = scenarioArgs(USAGE, [], 'chat');
const result = { ok: false, failures: [], url, room, steps: {}, durationMs: 0 };
const step = stepRecorder(result);
const started = Date.now();

const chatOf = async (p) => (await clientState(p.page)).chat;

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser();
  try {
    const viewer = { audio: '0', video: '0' };
    const a = await openParticipant(browser, { url, room, apiKey, name: 'A', width: 1366, height: 768, params: { ...viewer, chat: '1' } });
    const b = await openParticipant(browser, { url, room, apiKey, name: 'B', width: 390, height: 844, params: viewer });
    const c = await openParticipant(browser, { url, room, apiKey, name: 'C', params: viewer });
    const everyone = [a, b, c];
    if (!step('everyone joined', await waitUntilJoined(everyone, { others: 2, timeoutMs: WAIT_MS }))) return;
    step('A starts with the chat open (?chat=1), C with it closed', (await chatOf(a)).open && !(await chatOf(c)).open);

    await b.page.click('#chat-button');
    await b.page.fill('#chat-input', LINE);
    await b.page.press('#chat-input', 'Enter');
    const atA = await waitFor(async () => (await chatOf(a)).messages.find((m) => m.text === LINE) ?? null, { timeoutMs: WAIT_MS });
    step('A shows the line with B\'s name', atA?.name === 'B' && !atA.own, atA);
    step('A (panel open) has no unread badge', (await chatOf(a)).unread === 0 && await a.page.isHidden('#chat-badge'));
    const unreadAtC = await waitFor(async () => ((await chatOf(c)).unread === 1 ? 1 : null), { timeoutMs: WAIT_MS });
    step('C (panel closed) shows an unread badge of 1', unreadAtC === 1 && (await c.page.textContent('#chat-badge')) === '1');
    await c.page.click('#chat-button');
    const cChat = await chatOf(c);
    step('opening the panel shows the line and clears the badge', cChat.open && cChat.unread === 0
      && cChat.messages.some((m) => m.text === LINE && m.name === 'B') && await c.page.isHidden('#chat-badge'), cChat);
    const own = (await chatOf(b)).messages.find((m) => m.text === LINE);
    step('B\'s own line is shown as sent', own?.own === true && own.failed === null, own);

    await mkdir(OUT_DIR, { recursive: true });
    await a.page.screenshot({ path: path.join(OUT_DIR, 'chat-A.png') });
    await b.page.screenshot({ path: path.join(OUT_DIR, 'chat-B.png') });
    for (const p of everyone) step(`no page errors at ${p.name}`, p.errors.length === 0, p.errors);
  } finally {
    await close();
    result.durationMs = Date.now() - started;
  }
}

runReporting(run, result, 90000);
