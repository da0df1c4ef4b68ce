// Screenshots the web client for reviewing the UI.
//
//   node screenshot.mjs --url http://127.0.0.1:PORT --room NAME --out file.png [--width 1280 --height 800]
//                       [--participants 2]
//   node screenshot.mjs --url http://127.0.0.1:PORT --out form.png           (no --room: the join form)
//
// With --room it joins --participants people (default 2; the first is photographed), waits until the
// first decodes video from all others (bounded), and screenshots it. Use --width 390 --height 844 for
// a phone. Prints one JSON object on stdout ({ok, out, state, failures}); exit code 0 when ok.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, requireArgs, numberArg, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, waitFor, sleep, recordUnreachable } from './lib/browser.mjs';
import { runReporting } from './lib/run.mjs';
import { openAll, decodesFrom } from './lib/scenario.mjs';

const USAGE = 'usage: node screenshot.mjs --url http://127.0.0.1:PORT [--room NAME] --out file.png '
  + '[--width 1280 --height 800] [--participants 2]';
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Barbara Liskov', 'Edsger Dijkstra', 'Frances Allen'];

const args = parseArgs(process.argv.slice(2), USAGE);
requireArgs(args, ['url', 'out'], USAGE);
const url = args.url.replace(/\/+$/, '');
const width = numberArg(args, 'width', 1280, USAGE);
const height = numberArg(args, 'height', 800, USAGE);
const count = Math.min(NAMES.length, Math.max(1, numberArg(args, 'participants', 2, USAGE)));
const out = path.resolve(args.out);
const result = { ok: false, out, width, height, failures: [], state: null };

async function run() {
  if (await recordUnreachable(url, result)) return;
  const { browser, close } = await launchBrowser();
  try {
    let page;
    if (typeof args.room !== 'string') {
      const context = await browser.newContext({ viewport: { width, height } });
      page = await context.newPage();
      await page.goto(`${url}/`, { waitUntil: 'load', timeout: 15000 });
    } else {
      const people = await openAll((o) => openParticipant(browser, o), NAMES.slice(0, count),
        { url, room: args.room, width, height });
      page = people[0].page;
      const ready = await waitFor(() => decodesFrom(page, count - 1), { timeoutMs: 30000 });
      if (!ready) result.failures.push(`${NAMES[0]} did not decode video from ${count - 1} others within 30 s`);
      await sleep(1000); // let the video elements paint a frame
      result.state = await clientState(page);
    }
    await mkdir(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, timeout: 10000 });
    log(`wrote ${out}`);
  } finally {
    await close();
  }
}

runReporting(run, result, 120000);
