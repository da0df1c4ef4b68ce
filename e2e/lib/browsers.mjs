// Mixed rooms: each participant opens in Chromium or in Firefox by its name (--firefox NAME,NAME),
// with every browser launched once, on first use. The pages of both are read with browser.mjs's
// clientState / rtpStats, and scripts touch the page only through page.evaluate, page.screenshot and
// page.click, which Playwright and Puppeteer spell alike.

import { launchBrowser, openParticipant } from './browser.mjs';
import { launchFirefox, openFirefoxParticipant } from './firefox.mjs';

/** The participant names given by --firefox (comma-separated), as a Set. */
export function firefoxNames(args) {
  return new Set(typeof args.firefox === 'string' ? args.firefox.split(',').map((n) => n.trim()).filter(Boolean) : []);
}

/**
 * Returns { open(options), close() }: open takes browser.mjs's openParticipant options and opens the
 * participant in Firefox when its name is in `firefox`, else in Chromium; each participant gets a `browser`
 * field ('chromium' or 'firefox'). close() closes whatever was launched and never throws.
 */
export function browsers({ firefox = new Set(), timeoutMs = 30000 } = {}) {
  // Launch promises, so participants opened at once share one browser.
  let chromium = null;
  let gecko = null;
  return {
    async open(options) {
      if (firefox.has(options.name)) {
        gecko ??= launchFirefox({ timeoutMs });
        return { ...(await openFirefoxParticipant((await gecko).browser, options)), browser: 'firefox' };
      }
      chromium ??= launchBrowser({ timeoutMs });
      return { ...(await openParticipant((await chromium).browser, options)), browser: 'chromium' };
    },
    async close() {
      const launched = [chromium, gecko].filter(Boolean).map((p) => p.then((b) => b.close(), () => {}));
      await Promise.all(launched);
    },
  };
}

/** Number of elements matching `selector` on the page (Playwright's locator().count() has no Puppeteer twin). */
export async function countOf(page, selector) {
  return page.evaluate((s) => document.querySelectorAll(s).length, selector);
}
