import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView } from '../../server/src/http/contract.js';
import { makeAnalysis, makeClip, makeDetection } from '../support/factories.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { fixture } from '../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../support/start-homesec.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone, VIEWPORTS } from './views.js';

// Page-side expressions are strings: the tests project has no DOM types.
const CARD_COUNT = "document.querySelectorAll('.clip-card').length";
const ARMED_SWITCH = `document.querySelector('[aria-label="Alerts for front_door"]')?.getAttribute('aria-checked')`;
const ACTIVE_ID = 'document.activeElement?.id';
const ACTIVE_NAME = `document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent`;
const DESKTOP = VIEWPORTS[0];
const PHONE = VIEWPORTS[1];

/** The answer to the next PUT .../armed: the server has stored the change once it arrives. */
function armedAnswer(page: Page) {
  return page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith('/armed'));
}

/** A stand-in for HA's frontend page: its theme variables on the root element (as HA sets them), the panel in an iframe. */
function homeAssistantHost(panelUrl: string): string {
  const dark =
    '--primary-background-color:#111111;--card-background-color:#1c1c1c;--primary-text-color:#e1e1e1;--secondary-text-color:#9b9b9b';
  return `<!doctype html><html style="${dark}"><head><link rel="icon" href="data:,"><title>Home Assistant</title></head>
    <body style="margin:0"><iframe title="HomeSec" src="${panelUrl}" style="border:0;width:100vw;height:100vh"></iframe></body></html>`;
}

describe('dashboard through an HA-style ingress proxy', () => {
  let homesec: StartedHomesec;
  let proxy: IngressProxy;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];
  let inbox: string;
  let droppedClipId = '';
  let droppedEventId = '';

  beforeAll(async () => {
    // Given the real app with a watched folder, two older clips of another camera from before events existed (the
    // fox's with its video), and a browser behind ingress
    homesec = await startHomesec(
      {
        log_level: 'warn',
        cameras: [
          { name: 'front_door', source: 'folder' },
          { name: 'driveway', source: 'folder' },
        ],
      },
      { webDir: WEB_DIST },
    );
    inbox = join(homesec.config.dataDir, 'inbox', 'front_door');
    mkdirSync(inbox, { recursive: true });
    const repository = homesec.app.repository;
    if (!repository) throw new Error('no repository');
    const foxVideo = 'driveway/2026-11-21/seed_0.mp4';
    mkdirSync(dirname(join(homesec.config.mediaDir, foxVideo)), { recursive: true });
    copyFileSync(fixture('pedestrians.mp4'), join(homesec.config.mediaDir, foxVideo));
    for (const [i, title] of ['Fox crossing the drive', 'Car parked'].entries()) {
      repository.create(
        makeClip({
          id: `seed_${i}`,
          ...(i === 0 ? { mediaPath: foxVideo } : {}),
          camera: 'driveway',
          startedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
          detection: makeDetection([i === 0 ? 'dog' : 'car']),
          analysis: makeAnalysis({ title, summary: `${title}.`, riskLevel: 'low' }),
        }),
        { type: 'clip_received' },
      );
    }
    await repository.drain(10_000);
    proxy = await startIngressProxy(homesec.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    consoleProblems = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await homesec?.stop();
    await proxy?.close();
    await homesec?.close();
  });

  it('loads under the ingress prefix and goes live', async () => {
    // When the panel URL is opened
    await page.goto(`${proxy.entryUrl}#/clips`);
    // Then the timeline shows the stored clips and the socket (through the proxy) is live
    await page.getByRole('heading', { name: 'Clips', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.locator('.clip-card').nth(1).waitFor();
    expect(await page.locator('.clip-card').count()).toBe(2);
    // And every request the add-on saw came without the prefix, the socket included
    expect(proxy.log.every((r) => !r.path.startsWith('/api/hassio_ingress'))).toBe(true);
    expect(proxy.log.some((r) => r.method === 'UPGRADE' && r.path.startsWith('/socket.io/'))).toBe(true);
  });

  it('shows a clip dropped into the watched folder without a reload', async () => {
    // When a video is dropped into front_door's folder
    const stored = waitForClip(homesec.app, (clip) => clip.camera === 'front_door' && clip.status === 'done', 60_000);
    copyFileSync(fixture('pedestrians.mp4'), join(inbox, 'upload.part'));
    renameSync(join(inbox, 'upload.part'), join(inbox, 'entrance.mp4'));
    // Then its card appears on the open page, first in the list, and ends up done
    const card = page.locator('.clip-card[data-status="done"]', { hasText: 'front_door' });
    await card.waitFor({ timeout: 60_000 });
    const dropped = await stored;
    droppedClipId = dropped.id;
    droppedEventId = dropped.eventId ?? '';
    expect(await page.locator('.clip-card').first().getAttribute('data-clip-id')).toBe(droppedClipId);
    await page.locator(`.clip-card[data-clip-id="${droppedClipId}"] img`).waitFor();
    await screenshot(page, 'timeline');
  });

  it('narrows the list with a filter and with search', async () => {
    // When the camera filter is set to driveway / Then only driveway clips remain
    await page.getByLabel('Camera').selectOption('driveway');
    await page.waitForFunction(
      `${CARD_COUNT} === 2 && ![...document.querySelectorAll('.camera')].some((e) => e.textContent === 'front_door')`,
    );
    // When searching for "fox" / Then only that clip remains
    await page.getByLabel('Search summaries').fill('fox');
    await page.waitForFunction(`${CARD_COUNT} === 1`);
    expect(await page.locator('.clip-card .clip-title').textContent()).toBe('Fox crossing the drive');
    await screenshot(page, 'timeline-filtered');
    // When cleared / Then all three are back
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForFunction(`${CARD_COUNT} === 3`);
  });

  it("opens a clip on its event's page, which plays it and shows its own lifecycle", async () => {
    // When the dropped clip's card is opened with the keyboard
    await page.locator(`.clip-card[data-clip-id="${droppedClipId}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lifecycle' }).waitFor();
    // Then the page is its event's, opened on that clip: the clip is marked and unfolded, the player shows it
    expect(droppedEventId).not.toBe('');
    expect(new URL(page.url()).hash).toBe(`#/events/${encodeURIComponent(droppedEventId)}/clips/${encodeURIComponent(droppedClipId)}`);
    await page.getByRole('heading', { name: /^Why it/ }).waitFor();
    const facts = page.locator(`details.clip-facts[data-clip-id="${droppedClipId}"]`);
    expect(await facts.getAttribute('data-highlighted')).toBe('true');
    expect(await facts.getAttribute('open')).not.toBeNull();
    expect(await page.locator('.event-player video').getAttribute('data-clip-id')).toBe(droppedClipId);
    // And the video loads through ingress: its duration is known and it has data to play
    await page.evaluate(`(() => { const v = document.querySelector('video'); v.muted = true; return v.play(); })()`);
    const state = await page.waitForFunction(
      `(() => { const v = document.querySelector('video');
        return Number.isFinite(v.duration) && v.duration > 0 && v.readyState >= 2 && v.currentTime > 0 ? { duration: v.duration, readyState: v.readyState } : null; })()`,
    );
    const { duration, readyState } = (await state.jsonValue()) as { duration: number; readyState: number };
    expect(duration).toBeGreaterThan(13);
    expect(readyState).toBeGreaterThanOrEqual(2);
    // And the browser fetched it with Range requests answered 206
    expect(proxy.log.some((r) => r.path.endsWith('/video') && r.status === 206)).toBe(true);
    // And the lifecycle lists the steps with durations
    expect(await page.locator('.lifecycle li').count()).toBeGreaterThanOrEqual(3);
    // And the latency table says how long after the clip's end each step finished
    await page.getByRole('heading', { name: 'Latency' }).waitFor();
    expect(await page.locator('.latency-table tbody tr').count()).toBeGreaterThanOrEqual(3);
    // And the clip's own facts are there: its cost, off-site copy and notifications
    for (const fact of ['VLM cost', 'Off-site copy', 'Notifications']) await facts.getByText(fact, { exact: true }).waitFor();
    await screenshot(page, 'clip');
  });

  it('round-trips the armed toggle', async () => {
    // Given the cameras page
    await page.getByRole('link', { name: 'Cameras' }).click();
    const toggle = page.getByRole('switch', { name: 'Alerts for front_door' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    // When it is switched off / Then the page, the API and the app agree, also after a reload
    const answered = armedAnswer(page);
    await toggle.click();
    await page.waitForFunction(`${ARMED_SWITCH} === 'false'`);
    await answered;
    const cameras = (await (await fetch(`${proxy.entryUrl}api/cameras`)).json()) as { cameras: CameraView[] };
    expect(cameras.cameras.find((c) => c.name === 'front_door')?.armed).toBe(false);
    expect(homesec.app.cameras.isArmed('front_door')).toBe(false);
    await page.reload();
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await screenshot(page, 'cameras');
    // When switched on again / Then it is armed again
    const answeredAgain = armedAnswer(page);
    await toggle.click();
    await page.waitForFunction(`${ARMED_SWITCH} === 'true'`);
    await answeredAgain;
    expect(homesec.app.cameras.isArmed('front_door')).toBe(true);
  });

  it('shows the system page with health in words', async () => {
    // When the system page is opened / Then health checks are in words
    await page.getByRole('link', { name: 'System' }).click();
    await page.getByRole('heading', { name: /Health/ }).waitFor();
    await page.getByText('Storage used').waitFor();
    await screenshot(page, 'system');
  });

  it('has no serious or critical axe-core findings on any page, light or dark, desktop or phone, and fits 360 px', async () => {
    const pages = [
      { name: 'timeline', hash: '#/clips', ready: () => page.locator('.clip-card').nth(2).waitFor() },
      {
        // A clip's address: its event's page, opened on the clip
        name: 'clip',
        hash: `#/clips/${encodeURIComponent(droppedClipId)}`,
        ready: () => page.getByRole('heading', { name: 'Latency' }).waitFor(),
      },
      {
        // A clip from before events existed: a read-only event made from it alone
        name: 'clip-without-event',
        hash: '#/clips/seed_0',
        ready: () => page.getByText('Recorded before HomeSec kept events', { exact: false }).waitFor(),
      },
      { name: 'cameras', hash: '#/cameras', ready: () => page.getByRole('switch', { name: 'Alerts for front_door' }).waitFor() },
      { name: 'system', hash: '#/system', ready: () => page.getByText('Storage used').waitFor() },
    ];
    const findings: Record<string, string[]> = {};
    const tooWide: string[] = [];
    for (const { name, hash, ready } of pages) {
      // Given the page open at desktop size
      await page.setViewportSize(DESKTOP);
      await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
      await ready();
      // When it is seen light and dark, on a desktop and on a phone (screenshots of each into test-results/e2e)
      Object.assign(findings, await checkViews(page, name));
      // And on the narrowest phone
      if (!(await fitsNarrowestPhone(page))) tooWide.push(name);
    }
    // Then axe-core finds nothing serious or critical anywhere, and no page scrolls sideways
    expect(findings).toStrictEqual({});
    expect(tooWide).toStrictEqual([]);
  });

  it('folds the filters on a phone, so the clips fill the first screen', async () => {
    // Given the timeline on a phone
    await page.setViewportSize(PHONE);
    await page.evaluate(`location.hash = '#/clips'`);
    await page.locator('.clip-card').nth(2).waitFor();
    // Then only the search box and a Filters button stand above the clips: the first card starts in the top third
    const toggle = page.getByRole('button', { name: 'Filters' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Camera').isVisible()).toBe(false);
    const first = await page.locator('.clip-card').first().boundingBox();
    expect(first?.y).toBeLessThan(PHONE.height / 3);
    // When the button is pressed and a camera chosen
    await toggle.click();
    await page.getByLabel('Camera').selectOption('driveway');
    // Then the list narrows, and the button counts the filter that is set
    await page.waitForFunction(`${CARD_COUNT} === 2`);
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
    await screenshot(page, 'timeline-phone-filters-open');
    // When cleared / Then all clips are back
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForFunction(`${CARD_COUNT} === 3`);
  });

  it('can be used with the keyboard alone', async () => {
    // Given the panel freshly opened at desktop size, on the clips
    await page.setViewportSize(DESKTOP);
    await page.goto('about:blank');
    await page.goto(`${proxy.entryUrl}#/clips`);
    await page.locator('.clip-card').nth(2).waitFor();
    // When Tab is pressed / Then the skip link comes first, and Enter on it moves the focus into the page
    await page.keyboard.press('Tab');
    expect(await page.evaluate(ACTIVE_NAME)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(ACTIVE_ID)).toBe('main');
    // When Tab is pressed again / Then the search box is next
    await page.keyboard.press('Tab');
    expect(await page.evaluate(ACTIVE_NAME)).toBe('Search summaries');
    // When a menu link is followed with Enter / Then the focus moves to the new page, not left on the link
    await page.getByRole('link', { name: 'Cameras' }).focus();
    await page.keyboard.press('Enter');
    const toggle = page.getByRole('switch', { name: 'Alerts for driveway' });
    await toggle.waitFor();
    await page.waitForFunction(`${ACTIVE_ID} === 'main'`);
    // When the armed switch is reached and Space pressed / Then it turns off, keeps the focus, and turns on again
    await toggle.focus();
    let answered = armedAnswer(page);
    await page.keyboard.press('Space');
    await answered;
    await page.waitForFunction(`document.activeElement?.getAttribute('aria-checked') === 'false'`);
    answered = armedAnswer(page);
    await page.keyboard.press('Space');
    await answered;
    await page.waitForFunction(`document.activeElement?.getAttribute('aria-checked') === 'true'`);
  });

  it("follows Home Assistant's theme when embedded in its page, over the device's setting", async () => {
    // Given HA's page in a dark theme, on the same origin as the panel (as ingress is), on a device set to light
    const host = `${new URL(proxy.entryUrl).origin}/ha-host`;
    await page.route(host, (route) => route.fulfill({ contentType: 'text/html', body: homeAssistantHost(proxy.entryUrl) }));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host);
    const frame = await (await page.locator('iframe').elementHandle())?.contentFrame();
    if (!frame) throw new Error('the panel iframe has no frame');
    // Then the panel is dark, on HA's own background colour
    await frame.getByRole('heading', { name: 'Review', exact: true }).waitFor();
    await frame.waitForFunction(`document.documentElement.dataset.theme === 'dark'`);
    expect(await frame.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(17, 17, 17)');
    await screenshot(page, 'ha-embedded-dark');
    // When the user switches HA to a light theme / Then the panel follows without a reload
    await page.evaluate(`document.documentElement.style.setProperty('--primary-background-color', '#fafafa')`);
    await frame.waitForFunction(`document.documentElement.dataset.theme === 'light'`);
    await page.unroute(host);
  });

  it('logged no console errors in the whole session', () => {
    expect(consoleProblems).toStrictEqual([]);
  });

  it('shows a clip from before events existed as a read-only event, and deletes it, and the timeline drops it live', async () => {
    // Given the page of the parked car's clip (seeded with no event), opened from the timeline (a seeded row
    // without a video file: its player's 404 is expected, which is why this runs after the console check)
    await page.goto(`${proxy.entryUrl}#/clips`);
    await page.locator('.clip-card').nth(2).waitFor();
    await page.getByRole('link', { name: /Car parked/ }).click();
    await page.getByRole('heading', { name: /Car parked/ }).waitFor();
    // Then it is the event page, read-only: its clip unfolded, nothing to review or give feedback on
    expect(new URL(page.url()).hash).toBe('#/clips/seed_1');
    await page.getByText('Recorded before HomeSec kept events', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Why it did not alert' }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'False alarm' }).count()).toBe(0);
    // When Delete clip is pressed and confirmed
    page.once('dialog', (dialog) => dialog.accept().catch(() => undefined));
    const deleted = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await page.getByRole('button', { name: 'Delete clip' }).click();
    expect((await deleted).status()).toBe(204);
    // Then the timeline is shown again without that clip
    await page.getByRole('heading', { name: 'Clips', exact: true }).waitFor();
    await page.waitForFunction(`${CARD_COUNT} === 2 && !document.querySelector('[data-clip-id="seed_1"]')`);
  });
});
