import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspSource } from '../../server/src/sources/rtsp/rtsp-source.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { startRtspCameraServer, type RtspCameraServer } from '../support/rtsp-camera-server.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { seriousViolations } from './axe.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone } from './views.js';

// Page-side expressions are strings: the tests project has no DOM types.
const TILE = `document.querySelector('[data-camera="front_door"]')`;
const OVERLAY = `${TILE}?.querySelector('.motion-canvas')`;
/** Pixels the overlay has painted (alpha above zero) on its canvas. */
const PAINTED = `(() => {
  const c = ${OVERLAY};
  if (!c || c.width === 0) return 0;
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
})()`;
const DESKTOP = { width: 1280, height: 900 };

/**
 * Motion tuning with feedback (issue #24 point 4) in Chromium through the emulated ingress proxy: the live view's
 * "Show motion" draws what the motion detector sees on the GStreamer camera's walking people, and says it in words.
 */
describe('the live view shows what the motion detector sees', () => {
  let camera: RtspCameraServer;
  let homesec: StartedHomesec;
  let source: RtspSource;
  let proxy: IngressProxy;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'motion' });
    homesec = await startHomesec(
      {
        log_level: 'warn',
        cameras: [
          {
            name: 'front_door',
            source: 'rtsp',
            url: camera.url(),
            segment_s: 1,
            // A timestamp corner and a tree, to be greyed out on the picture.
            motion: { mask: [{ x: 0, y: 0, w: 0.3, h: 0.1 }], mask_polygons: ['0.8,0 1,0 1,0.4'] },
          },
        ],
      },
      { webDir: WEB_DIST },
    );
    const found = homesec.app.sources.find((s) => s.camera === 'front_door');
    if (!(found instanceof RtspSource)) throw new Error('front_door has no RTSP source');
    source = found;
    proxy = await startIngressProxy(homesec.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    consoleProblems = watchConsole(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
    await proxy?.close();
    await camera?.kill();
  });

  it('draws the changed regions over the live video when Show motion is pressed, says it counts as motion, and stops when released', async () => {
    // Given the camera's live view open, people walking in front of it
    await page.goto(`${proxy.entryUrl}#/cameras`);
    await page.locator('[data-camera="front_door"] .camera-state', { hasText: 'Online' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Watch live front_door' }).click();
    await page.waitForFunction(`${TILE}?.querySelector('video')?.readyState >= 2`, null, { timeout: 10_000 });
    const toggle = page.getByRole('button', { name: 'Show motion front_door' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(source.motionWatchers()).toBe(0);

    // When Show motion is pressed with the keyboard
    await toggle.focus();
    await page.keyboard.press('Enter');

    // Then it is pressed, the overlay draws changed regions on the picture, and the words say it counts as motion
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await page.waitForFunction(`Number(${OVERLAY}?.dataset.regions) > 0`, null, { timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'counts as motion' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(PAINTED)).toBeGreaterThan(0);
    expect(await page.locator(`[data-camera="front_door"] .motion-canvas`).getAttribute('aria-hidden')).toBe('true');
    // ...with the settings that decided it, in words
    await page.getByText('Pixel threshold 30 · min area 10 px · min changed 1.0 %', { exact: false }).waitFor();
    expect(source.motionWatchers()).toBe(1);
    await screenshot(page, 'motion-overlay-desktop', false);

    // When it is pressed again
    await page.keyboard.press('Enter');

    // Then the overlay and its words are gone, and the camera builds no more views for it
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => page.locator('.motion-canvas').count()).toBe(0);
    expect(await page.locator('.motion-status').count()).toBe(0);
    await expect.poll(() => source.motionWatchers()).toBe(0);
    expect(consoleProblems).toStrictEqual([]);
  });

  it('has no serious or critical axe-core findings with the overlay on, light or dark, desktop, phone and 360 px', async () => {
    // Given the overlay on, drawing
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Show motion front_door' }).click();
    await page.waitForFunction(`Number(${OVERLAY}?.dataset.regions) > 0`, null, { timeout: 30_000 });
    // When it is seen light and dark, on a desktop and a phone, and on the narrowest phone
    const findings = await checkViews(page, 'motion-overlay', { fullPage: false });
    const fits = await fitsNarrowestPhone(page);
    const narrowest = await seriousViolations(page, 'motion-overlay-360');
    await screenshot(page, 'motion-overlay-360', false);
    // Then axe-core finds nothing serious or critical, and nothing scrolls sideways at 360 px
    expect(findings).toStrictEqual({});
    expect(narrowest).toStrictEqual([]);
    expect(fits).toBe(true);
    // ...and the overlay still draws at 360 px
    expect(await page.evaluate(PAINTED)).toBeGreaterThan(0);
  });

  it('stops the motion view when the live view is closed with the overlay on, and when the page closes', async () => {
    // Given the overlay on (from the test before)
    await page.setViewportSize(DESKTOP);
    await expect.poll(() => source.motionWatchers()).toBe(1);
    // When the live view is closed / Then nobody watches the motion detector any more
    await page.getByRole('button', { name: 'Close live view front_door' }).click();
    await expect.poll(() => source.motionWatchers()).toBe(0);

    // Given a phone-sized page showing motion by touch
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    await phone.goto(`${proxy.entryUrl}#/cameras`);
    await phone.getByRole('button', { name: 'Watch live front_door' }).tap();
    await phone.getByRole('button', { name: 'Show motion front_door' }).tap();
    await phone.waitForFunction(`Number(${OVERLAY}?.dataset.regions) > 0`, null, { timeout: 30_000 });
    expect(source.motionWatchers()).toBe(1);
    // When the page closes / Then the server stops building views
    await phone.close();
    await expect.poll(() => source.motionWatchers()).toBe(0);
  });
});
