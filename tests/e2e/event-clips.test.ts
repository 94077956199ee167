import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../server/src/core/clip.js';
import { makeAnalysis, makeClip, makeDetection, makeEventOf } from '../support/factories.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { fixture } from '../support/paths.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone, VIEWPORTS } from './views.js';

// Page-side expressions are strings: the tests project has no DOM types.
const PLAYER_CLIP = `document.querySelector('.event-player video')?.dataset.clipId`;
const EVENT_ID = 'evt_driveway_long';
const START = Date.now() - 2 * 3_600_000;

/** Two clips of one long event (max_clip_s split it), each with a video file in the media folder. */
function clipOfEvent(homesec: StartedHomesec, index: number): Clip {
  const mediaPath = `driveway/2026-11-21/long_${index}.mp4`;
  const target = join(homesec.config.mediaDir, mediaPath);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(fixture('pedestrians.mp4'), target);
  return makeClip({
    id: `clip_long_${index}`,
    camera: 'driveway',
    eventId: EVENT_ID,
    mediaPath,
    startedAt: new Date(START + index * 14_000).toISOString(),
    durationS: 14,
    detection: makeDetection(['person']),
    analysis: makeAnalysis({ title: index === 0 ? 'Someone walks up the drive' : 'Someone walks away', riskLevel: 'low' }),
    notifications: { mqtt: { status: 'delivered', attempts: 2, at: new Date(START + 20_000).toISOString(), error: null } },
    offsite: { backend: 'dropbox', path: `/homesec/long_${index}.mp4`, at: new Date(START + 30_000).toISOString() },
    stages: {
      upload: { outcome: 'ok', reason: null, ms: 800, at: new Date(START + 16_000).toISOString(), attempts: 1 },
      detect: { outcome: 'ok', reason: null, ms: 300, at: new Date(START + 16_500).toISOString(), attempts: 1 },
    },
  });
}

describe('an event of several clips, opened from a clip link', () => {
  let homesec: StartedHomesec;
  let proxy: IngressProxy;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    // Given the real app with one closed event on the driveway made of two clips, and a browser behind ingress
    homesec = await startHomesec({ log_level: 'warn', cameras: [{ name: 'driveway', source: 'folder' }] }, { webDir: WEB_DIST });
    const clips = [clipOfEvent(homesec, 0), clipOfEvent(homesec, 1)];
    for (const clip of clips) homesec.app.repository.create(clip, { type: 'clip_received' });
    const first = clips[0];
    if (!first) throw new Error('no clip');
    homesec.app.cameraEvents.open(
      makeEventOf(first, { id: EVENT_ID, status: 'closed', clipIds: clips.map((c) => c.id), reviewedAt: first.startedAt }),
    );
    if (!(await homesec.app.repository.drain(10_000))) throw new Error('the seeded event did not reach the store');
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

  it("opens the second clip's card on the event's page, with that clip in the player and its own facts", async () => {
    // When the second clip's card is clicked on the timeline
    await page.goto(`${proxy.entryUrl}#/clips`);
    await page.getByRole('link', { name: /Someone walks away/ }).click();
    // Then the event's page opens on that clip: its address, the player, the marked and unfolded clip
    await page.getByRole('heading', { name: 'Clips (2)' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/events/${EVENT_ID}/clips/clip_long_1`);
    await page.waitForFunction(`${PLAYER_CLIP} === 'clip_long_1'`);
    const second = page.locator('details.clip-facts[data-clip-id="clip_long_1"]');
    expect(await second.getAttribute('data-highlighted')).toBe('true');
    expect(await second.getAttribute('open')).not.toBeNull();
    expect(await page.locator('details.clip-facts[data-clip-id="clip_long_0"]').getAttribute('open')).toBeNull();
    // And that clip's facts are its own: off-site copy, the notification and its attempts, stage timings
    await second.getByText('dropbox: /homesec/long_1.mp4', { exact: false }).waitFor();
    await second.getByText('mqtt: delivered after 2 attempts').waitFor();
    await second.getByRole('region', { name: /^Stage durations of the clip at / }).waitFor();
    await screenshot(page, 'event-clips');
  });

  it('plays the other clip in the player when asked from its facts', async () => {
    // When the first clip's facts are unfolded and "Play this clip" pressed
    const first = page.locator('details.clip-facts[data-clip-id="clip_long_0"]');
    await first.locator('summary').click();
    await first.getByRole('button', { name: 'Play this clip' }).click();
    // Then the player shows the first clip, and its facts load
    await page.waitForFunction(`${PLAYER_CLIP} === 'clip_long_0'`);
    await first.getByText('dropbox: /homesec/long_0.mp4', { exact: false }).waitFor();
  });

  it('has no serious or critical axe-core findings with both clips unfolded, and fits 360 px', async () => {
    // Given both clips unfolded (two lifecycles, two latency tables on one page)
    await page.setViewportSize(VIEWPORTS[0]);
    await page.locator('details.clip-facts[data-clip-id="clip_long_0"] .latency-table').waitFor();
    // When seen light and dark, desktop and phone / Then axe finds nothing serious, and nothing scrolls sideways
    expect(await checkViews(page, 'event-clips')).toStrictEqual({});
    expect(await fitsNarrowestPhone(page)).toBe(true);
    // And the two clips' lifecycles are regions told apart by name (axe's landmark-unique)
    const regions = page.getByRole('region', { name: /^Lifecycle of the clip at / });
    expect(await regions.count()).toBe(2);
    const names = [await regions.nth(0).getAttribute('aria-label'), await regions.nth(1).getAttribute('aria-label')];
    expect(new Set(names).size).toBe(2);
  });

  it('logged no console errors', () => {
    expect(consoleProblems).toStrictEqual([]);
  });
});
