import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { startMosquitto, type MosquittoBroker } from '../support/mosquitto.js';
import { startRtspCameraServer, type RtspCameraServer } from '../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../support/servers/fake-openai-server.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { liveConfig } from '../integration/events/live/live-harness.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';

// Page-side expressions are strings: the tests project has no DOM types.
const LIVE_CARD = `document.querySelector('.event-card .live-badge')?.closest('.event-card')`;

/**
 * The dashboard while someone is at the door: a real RTSP camera (GStreamer), the real detector, a VLM on
 * loopback that takes its time, and Chromium through the ingress proxy. The event shows up as it happens,
 * not when its clip is stored.
 */
describe('an event in progress on the review page', () => {
  let camera: RtspCameraServer;
  let broker: MosquittoBroker;
  let vlm: FakeOpenAiServer;
  let homesec: StartedHomesec;
  let proxy: IngressProxy;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'still' });
    broker = await startMosquitto();
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({
      kind: 'json',
      delayMs: 4000,
      content: vlmReply({
        risk_level: 'medium',
        activity: 'passerby',
        summary: { title: 'People cross the yard', description: 'Two people walk past.' },
      }),
    });
    homesec = await startHomesec({ ...liveConfig(camera, broker, vlm), log_level: 'warn' }, { webDir: WEB_DIST });
    proxy = await startIngressProxy(homesec.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    consoleProblems = watchConsole(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
    await proxy?.close();
    await vlm?.close();
    await broker?.close();
    await camera?.kill();
  });

  it('appears live with what the detector saw and its snapshot, then becomes the finished event with its clip', async () => {
    // Given the review page open on every event, and nothing has happened yet
    await page.goto(proxy.entryUrl);
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    expect(await page.locator('.event-card').count()).toBe(0);

    // When people walk in front of the camera
    await camera.setScene('motion');

    // Then, while they are still there, a card marked Live names what was seen where, before the VLM has answered
    await page.waitForFunction(`(${LIVE_CARD})?.querySelector('.event-title')?.textContent?.startsWith('Person at front door')`, null, {
      timeout: 30_000,
    });
    const liveCard = page.locator('.event-card', { has: page.locator('.live-badge') });
    const eventId = await liveCard.getAttribute('data-event-id');
    expect(eventId).toBeTruthy();
    expect(await liveCard.locator('.event-summary').textContent()).toContain('person');
    // ...with the live snapshot (boxes drawn) as its picture, loaded
    await page.waitForFunction(`(${LIVE_CARD})?.querySelector('img')?.naturalWidth > 0`, null, { timeout: 15_000 });
    expect(await liveCard.locator('img').getAttribute('src')).toContain('/snapshot');
    await screenshot(page, 'review-live-event');
    // ...and the VLM's verdict replaces the title while the event is still live
    await page.waitForFunction(`(${LIVE_CARD})?.querySelector('.event-title')?.textContent === 'People cross the yard'`, null, {
      timeout: 20_000,
    });

    // When the scene is still again
    await camera.setScene('still');

    // Then the same card loses its Live mark once the clip is stored, and keeps the verdict
    const card = page.locator(`.event-card[data-event-id="${eventId}"]`);
    await page.waitForFunction(`!document.querySelector('.event-card .live-badge')`, null, { timeout: 60_000 });
    expect(await card.locator('.event-title').textContent()).toBe('People cross the yard');
    const detail = (await (await fetch(`${homesec.url}/api/events/${encodeURIComponent(eventId ?? '')}`)).json()) as {
      event: { status: string; recording: boolean; endedAt: string | null; clipIds: string[] };
    };
    expect(detail.event).toMatchObject({ recording: false, status: 'closed' });
    expect(detail.event.endedAt).not.toBeNull();
    expect(detail.event.clipIds).toHaveLength(1);
    expect(await page.locator('.event-card').count()).toBe(1);
    expect(consoleProblems).toEqual([]);
  });
});
