import { launchFirefox } from './lib/firefox.mjs';
const fx = await launchFirefox();
try {
  const ctx = await fx.browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.goto(process.argv[2] + '/', { waitUntil: 'domcontentloaded' });
  console.error(JSON.stringify(await page.evaluate(async () => {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    const s2 = await navigator.mediaDevices.getUserMedia({ video: true });
    return [s.getVideoTracks()[0].getSettings(), s2.getVideoTracks()[0].getSettings()];
  })));
} finally { await fx.close(); }
