import { launchFirefox, openFirefoxParticipant } from './lib/firefox.mjs';
import { launchBrowser, openParticipant, waitFor, rtpStats, sleep } from './lib/browser.mjs';
const url = process.argv[2];
const room = 'probe-' + Date.now().toString(36);
const fx = await launchFirefox();
const cr = await launchBrowser();
try {
  const c = await openParticipant(cr.browser, { url, room, name: 'ChromePub' });
  const f = await openFirefoxParticipant(fx.browser, { url, room, name: 'Fx' });
  await sleep(8000);
  console.error('FX', JSON.stringify(await rtpStats(f.page)));
  console.error('FXsettings', JSON.stringify(await f.page.evaluate(() => window.sfu.pc.getSenders().map(s => s.track && s.track.getSettings()))));
  console.error('CR', JSON.stringify(await rtpStats(c.page)));
} finally { await fx.close(); await cr.close(); }
