// The web client's user flows, driven like a person would (two participants, A on a phone-sized page).
//
//   node ui-flow.mjs --url http://127.0.0.1:PORT [--room NAME]
//
// A opens /?room=NAME (the form is prefilled with the room, the name field focused), types a name and
// clicks Join; B joins by URL. Checks: the URL then holds room and name; mic and camera buttons turn
// the local tile's muted icon and avatar on; a reload rejoins (B sees A's new id, not two As); Leave
// shows the form again (URL keeps only the room) and B sees nobody. Prints ONE JSON object on stdout
// ({ok, failures, ...}); exit code 0 when ok. Writes out/ui-flow-*.png.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioArgs, log } from './lib/args.mjs';
import { launchBrowser, openParticipant, clientState, waitFor, recordUnreachable } from './lib/browser.mjs';
import { runReporting } from './lib/run.mjs';

const USAGE = 'usage: node ui-flow.mjs --url http://127.0.0.1:PORT [--room NAME]';
const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const { args, url, room } = scenarioArgs(USAGE, [], 'ui');
const result = { ok: false, failures: [], room, checks: {} };
const check = (name, ok, detail) => {
  result.checks[name] = detail === undefined ? ok : { ok, detail };
  if (!ok) {
    log(`FAIL ${name} ${detail === undefined ? '' : JSON.stringify(detail)}`);
    result.failures.push(name);
  }
};

async function run() {
  if (await recordUnreachable(url, result)) return;
  await mkdir(OUT_DIR, { recursive: true });
  const { browser, close } = await launchBrowser();
  try {
    const a = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await a.goto(`${url}/?room=${encodeURIComponent(room)}`, { timeout: 15000 });
    check('formPrefilled', (await a.inputValue('#room-input')) === room);
    check('nameFocused', await a.evaluate(() => document.activeElement?.id === 'name-input'));
    await a.fill('#name-input', 'Ada Lovelace');
    await a.click('#join-button');
    const b = await openParticipant(browser, { url, room, name: 'Grace Hopper' });

    const bothConnected = async () => {
      const [sa, sb] = [await clientState(a), await clientState(b.page)];
      return sa.pc === 'connected' && sb.pc === 'connected' && sa.remoteParticipants.length === 1
        && sb.remoteParticipants.length === 1 ? [sa, sb] : null;
    };
    const joined = await waitFor(bothConnected, { timeoutMs: 20000 });
    check('joined', Boolean(joined), joined ?? [await clientState(a), await clientState(b.page)]);
    if (!joined) return;
    const query = new URL(a.url()).searchParams;
    check('urlAfterJoin', query.get('room') === room && query.get('name') === 'Ada Lovelace', a.url());
    check('twoTiles', (await a.locator('#grid .tile').count()) === 2);

    await a.click('#mic-button');
    await a.click('#cam-button');
    const tile = await a.getAttribute('#grid .tile.local', 'class');
    check('micOffShown', tile.includes('mic-off') && (await a.getAttribute('#mic-button', 'aria-pressed')) === 'true', tile);
    check('cameraOffShowsAvatar', tile.includes('no-video') && await a.isVisible('#grid .tile.local .avatar'), tile);
    check('tracksDisabled', await a.evaluate(() => window.sfu.pc.getSenders().every((s) => !s.track || !s.track.enabled)));
    await a.click('#people-button');
    await a.screenshot({ path: path.join(OUT_DIR, 'ui-flow-A-muted.png') });
    await a.click('#mic-button');
    await a.click('#cam-button');
    check('unmuted', await a.evaluate(() => window.sfu.pc.getSenders().every((s) => !s.track || s.track.enabled)));

    const oldId = joined[0].participantId;
    await a.reload({ timeout: 15000 });
    const rejoined = await waitFor(async () => {
      const [sa, sb] = [await clientState(a), await clientState(b.page)];
      return sa.participantId && sa.participantId !== oldId && sa.pc === 'connected'
        && sb.remoteParticipants.length === 1 && sb.remoteParticipants[0].id === sa.participantId ? true : null;
    }, { timeoutMs: 20000 });
    check('reloadRejoins', Boolean(rejoined), [await clientState(a), await clientState(b.page)]);

    await a.click('#leave-button', { timeout: 10000 });
    const left = await clientState(a);
    check('leaveShowsForm', await a.isVisible('#join-form') && left.participantId === null && left.pc === 'closed', left);
    check('urlAfterLeave', new URL(a.url()).searchParams.get('name') === null, a.url());
    const bAlone = await waitFor(async () => (await clientState(b.page)).remoteParticipants.length === 0 || null, { timeoutMs: 10000 });
    check('otherSeesLeave', Boolean(bAlone));
    await b.page.screenshot({ path: path.join(OUT_DIR, 'ui-flow-B-alone.png') });
    check('noPageErrors', b.errors.length === 0, b.errors);
  } finally {
    await close();
  }
}

runReporting(run, result, 120000);
