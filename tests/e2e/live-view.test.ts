import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessesWith } from '../support/child-processes.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { startRtspCameraServer, type RtspCameraServer } from '../support/rtsp-camera-server.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { establishedConnectionsTo } from '../support/tcp-connections.js';
import { seriousViolations } from './axe.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone, NARROWEST } from './views.js';

// Page-side expressions are strings: the tests project has no DOM types.
const VIDEO = `document.querySelector('[data-camera="front_door"] video')`;
const DESKTOP = { width: 1280, height: 900 };

/**
 * The Cameras view's live view in Chromium through the emulated ingress proxy: the real app with the
 * GStreamer test camera (H.264) and a folder camera.
 */
describe('watching a camera live in the Cameras view', () => {
  let camera: RtspCameraServer;
  let homesec: StartedHomesec;
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
          { name: 'front_door', source: 'rtsp', url: camera.url(), segment_s: 1 },
          { name: 'porch', source: 'folder' },
        ],
      },
      { webDir: WEB_DIST },
    );
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

  it('plays the camera from its one RTSP session within 2 s of Watch live, pressed with the keyboard, and stops when closed', async () => {
    // Given the Cameras view, with the camera online
    await page.goto(`${proxy.entryUrl}#/cameras`);
    await page.getByRole('heading', { name: 'Cameras' }).waitFor();
    await page.locator('[data-camera="front_door"] .camera-state', { hasText: 'Online' }).waitFor({ timeout: 60_000 });
    // ...where the folder camera has nothing to watch live
    expect(
      await page
        .locator('[data-camera="porch"]')
        .getByRole('button', { name: /Watch live/ })
        .count(),
    ).toBe(0);
    const endedBefore = homesec.logs.records('live.view_ended').length;

    // When Watch live is pressed with the keyboard
    const toggle = page.getByRole('button', { name: 'Watch live front_door' });
    await toggle.focus();
    const openedAt = performance.now();
    await page.keyboard.press('Enter');

    // Then the first picture is there within 2 s, then time advances, and the panel says it is live
    await page.waitForFunction(`${VIDEO}?.readyState >= 2`, null, { timeout: 10_000, polling: 50 });
    expect(performance.now() - openedAt).toBeLessThan(2000);
    const startedAt = (await page.evaluate(`${VIDEO}.currentTime`)) as number;
    await page.waitForFunction(`${VIDEO}.currentTime > ${startedAt + 0.5}`, null, { timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: 'Live, as the camera sends it' }).waitFor();
    expect(await page.getByRole('button', { name: 'Close live view front_door' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('region', { name: 'Live view of front_door' }).count()).toBe(1);
    // ...fetched through the ingress path, from the camera's one session
    expect(proxy.log.some((r) => r.path === '/api/cameras/front_door/live.mp4' && r.status === 200)).toBe(true);
    expect(establishedConnectionsTo(camera.port)).toBe(1);
    expect(remuxersOfThisProcess()).toHaveLength(1);
    await screenshot(page, 'live-view-desktop', false);

    // When the live view is closed (the focus stays on its button)
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Watch live front_door' }).waitFor();

    // Then the stream stops: the server's remuxer ends, as a viewer that left
    await expect.poll(() => homesec.logs.records('live.view_ended').length, { timeout: 10_000 }).toBe(endedBefore + 1);
    expect(homesec.logs.records('live.view_ended').at(-1)?.reason).toBe('viewer_left');
    expect(remuxersOfThisProcess()).toStrictEqual([]);
    expect(consoleProblems).toStrictEqual([]);
  });

  it('has no serious or critical axe-core findings with the live view open, light or dark, desktop, phone and 360 px', async () => {
    // Given the live view open and playing
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Watch live front_door' }).click();
    await page.waitForFunction(`${VIDEO}?.readyState >= 2`, null, { timeout: 10_000 });
    // When it is seen light and dark, on a desktop and a phone, and on the narrowest phone
    const findings = await checkViews(page, 'live-view', { fullPage: false });
    const fits = await fitsNarrowestPhone(page);
    const narrowest = await seriousViolations(page, 'live-view-360');
    await screenshot(page, 'live-view-360', false);
    // Then axe-core finds nothing serious or critical, and nothing scrolls sideways at 360 px
    expect(findings).toStrictEqual({});
    expect(narrowest).toStrictEqual([]);
    expect(fits).toBe(true);
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Close live view front_door' }).click();
  });

  it('offers the camera live on its event still going on, axe clean, and stops when closed', async () => {
    // Given the page of the camera's event in progress (people keep walking)
    await page.setViewportSize(DESKTOP);
    await page.evaluate(`location.hash = '#/cameras'`);
    // (The tile links the event once the app has opened one from the walking people: on a box busy with
    // other tests that took over the default 30 s once; this waits on the app, it does not time it.)
    await page.locator('[data-camera="front_door"]').getByRole('link').first().click({ timeout: 90_000 });
    await page.getByText('still going on', { exact: false }).waitFor();
    const endedBefore = homesec.logs.records('live.view_ended').length;

    // When Watch live is pressed there
    await page.getByRole('button', { name: 'Watch live front_door' }).click();

    // Then the camera plays above the event's video, and the page has no serious or critical axe finding
    await page.waitForFunction(`document.querySelector('.live-now video')?.readyState >= 2`, null, { timeout: 10_000 });
    expect(remuxersOfThisProcess()).toHaveLength(1);
    expect(await checkViews(page, 'event-live-view', { fullPage: false })).toStrictEqual({});
    await page.setViewportSize(DESKTOP);

    // When it is closed / Then the stream stops
    await page.getByRole('button', { name: 'Close live view front_door' }).click();
    await expect.poll(() => homesec.logs.records('live.view_ended').length, { timeout: 10_000 }).toBe(endedBefore + 1);
    expect(remuxersOfThisProcess()).toStrictEqual([]);
  }, 150_000);

  it('stops the stream when the page closes', async () => {
    // Given a second page watching the camera live
    const watcher = await browser.newPage({ viewport: NARROWEST });
    await watcher.goto(`${proxy.entryUrl}#/cameras`);
    await watcher.getByRole('button', { name: 'Watch live front_door' }).click();
    await watcher.waitForFunction(`${VIDEO}?.readyState >= 2`, null, { timeout: 10_000 });
    expect(remuxersOfThisProcess()).toHaveLength(1);
    const endedBefore = homesec.logs.records('live.view_ended').length;

    // When the page is closed
    await watcher.close();

    // Then the server's remuxer ends and the camera keeps its one session
    await expect.poll(() => homesec.logs.records('live.view_ended').length, { timeout: 10_000 }).toBe(endedBefore + 1);
    expect(remuxersOfThisProcess()).toStrictEqual([]);
    expect(establishedConnectionsTo(camera.port)).toBe(1);
  });

  it('fits the top navigation in 360 px: every item whole and inside the window', async () => {
    // Given the dashboard on the narrowest phone
    await page.setViewportSize(NARROWEST);
    await page.evaluate(`location.hash = '#/cameras'`);
    await page.getByRole('heading', { name: 'Cameras' }).waitFor();
    // When each item of the main navigation is measured
    const clipped = (await page.evaluate(`(() => {
      const nav = document.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
      return [...document.querySelectorAll('nav[aria-label="Main"] a')]
        .map((a) => ({ text: a.textContent, box: a.getBoundingClientRect(), overflows: a.scrollWidth > a.clientWidth }))
        .filter(({ box, overflows }) => overflows || box.left < Math.max(0, nav.left) || box.right > Math.min(window.innerWidth, nav.right))
        .map(({ text }) => text);
    })()`)) as string[];
    const scrolls = (await page.evaluate(
      `(() => { const nav = document.querySelector('nav[aria-label="Main"]'); return nav.scrollWidth > nav.clientWidth; })()`,
    )) as boolean;
    await screenshot(page, 'nav-360', false);
    // Then none is cut off or hidden behind a scroll, and the menu itself does not scroll
    expect(clipped).toStrictEqual([]);
    expect(scrolls).toBe(false);
  });
});

/** The live remuxers (ffmpeg writing fragmented MP4) running now. */
function remuxersOfThisProcess(): number[] {
  return childProcessesWith('empty_moov');
}
