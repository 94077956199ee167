import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../server/src/core/camera-event.js';
import { makeClip, makeEventOf } from '../support/factories.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { seriousViolations } from './axe.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { NARROWEST } from './views.js';

const PASSWORD = 'narrow phone password';
const UNREVIEWED = 12;

// Page-side expressions are strings: the tests project has no DOM types. Each main menu item and header
// control cut off (by the window or by the menu's own edge) or not shown whole, by its text.
const CLIPPED = `(() => {
  const header = document.querySelector('header.toolbar');
  const nav = header.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
  const inside = (box, area) => box.left >= area.left - 0.5 && box.right <= area.right + 0.5;
  const window_ = { left: 0, right: window.innerWidth };
  const links = [...header.querySelectorAll('nav[aria-label="Main"] a')].filter(
    (a) => a.scrollWidth > a.clientWidth || !inside(a.getBoundingClientRect(), nav) || !inside(a.getBoundingClientRect(), window_),
  );
  const controls = [...header.querySelectorAll('button, [role="status"]')].filter((c) => !inside(c.getBoundingClientRect(), window_));
  return [...links, ...controls].map((e) => e.textContent.trim());
})()`;
const MENU_SCROLLS = `(() => { const nav = document.querySelector('nav[aria-label="Main"]'); return nav.scrollWidth > nav.clientWidth + 0.5; })()`;

function alertedEvent(id: string): CameraEvent {
  const sent = { key: 'new', phase: 'new' as const, at: new Date().toISOString(), reason: 'early_detection', deliveries: {} };
  return makeEventOf(makeClip({ id: `clip_${id}`, startedAt: new Date().toISOString() }), { id, status: 'closed', alerts: [sent] });
}

/**
 * The top navigation on the narrowest phone (issue #24 point 5): every item whole, the menu not scrolling, with
 * the longest header there is (an unreviewed count beside Review, and Log out when HomeSec has a login). The
 * add-on's panel (ingress, no Log out) is measured in live-view.test.ts.
 */
describe('the top navigation at 360 px', () => {
  let homesec: StartedHomesec;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    homesec = await startHomesec({ log_level: 'warn', http: { host: '127.0.0.1', port: 0, password: PASSWORD } }, { webDir: WEB_DIST });
    for (let n = 0; n < UNREVIEWED; n++) homesec.app.cameraEvents.open(alertedEvent(`evt_${n}`));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: NARROWEST });
    consoleProblems = watchConsole(page).filter((p) => !p.includes('401'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
  });

  it('shows every item whole with the unreviewed count and Log out, light and dark, with no serious axe finding', async () => {
    // Given HomeSec with a login and 12 unreviewed alerts, opened on the narrowest phone and logged in
    await page.goto(`${homesec.url}/#/cameras`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.locator(`nav .nav-count[data-unreviewed="${UNREVIEWED}"]`).waitFor();
    await page.getByRole('button', { name: /Log out/ }).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      // When the header is measured
      await page.emulateMedia({ colorScheme: scheme });
      const clipped = (await page.evaluate(CLIPPED)) as string[];
      const scrolls = (await page.evaluate(MENU_SCROLLS)) as boolean;
      const findings = await seriousViolations(page, `nav-360-login-${scheme}`);
      await screenshot(page, `nav-360-login-${scheme}`, false);
      // Then no item is cut off or hidden behind a scroll, and axe-core finds nothing serious or critical
      expect(clipped).toStrictEqual([]);
      expect(scrolls).toBe(false);
      expect(findings).toStrictEqual([]);
    }
    // ...and every item still leads to its page
    await page.getByRole('link', { name: 'System' }).click();
    await page.getByRole('heading', { name: /Health/ }).waitFor();
    expect(consoleProblems).toStrictEqual([]);
  });
});
