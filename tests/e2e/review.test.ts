import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../server/src/core/clip.js';
import type { EventDetail } from '../../server/src/http/contract.js';
import { screenshot } from './browser.js';
import { dropPedestrians, seedEvents, startReviewStand, type ReviewStand } from './review-harness.js';

// Page-side expressions are strings: the tests project has no DOM types.
const CARDS = "document.querySelectorAll('.event-card').length";
const VIDEO_TIME = "(document.querySelector('.event-player video')?.currentTime ?? -1)";

function cardOf(page: Page, eventId: string) {
  return page.locator(`.event-card[data-event-id="${eventId}"]`);
}

async function eventDetail(stand: ReviewStand, id: string): Promise<EventDetail> {
  return (await (await fetch(`${stand.homesec.url}/api/events/${encodeURIComponent(id)}`)).json()) as EventDetail;
}

describe('review by event, through the ingress proxy', () => {
  let stand: ReviewStand;
  let page: Page;
  let first: Clip;

  beforeAll(async () => {
    // Given the real app with the real detector and a VLM that says "high", 40 older events on the driveway,
    // and pedestrians.mp4 dropped at the front door (an alert)
    stand = await startReviewStand();
    page = stand.page;
    await seedEvents(stand, 'driveway', 40);
    first = await dropPedestrians(stand, 'first-visit.mp4');
  }, 180_000);
  afterAll(async () => stand?.close());

  it('opens on the alerts, newest first, with the unreviewed count in the header', async () => {
    // When the panel is opened
    await page.goto(stand.proxy.entryUrl);
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    // Then the new alert is the first card, unreviewed, with its picture, risk and summary
    const card = cardOf(page, first.eventId ?? '');
    await card.waitFor();
    expect(await page.locator('.event-card').first().getAttribute('data-event-id')).toBe(first.eventId);
    expect(await card.getAttribute('data-reviewed')).toBe('false');
    expect(await card.locator('.event-title').textContent()).toBe('People crossing the entrance');
    expect(await card.locator('.badge.risk-high').count()).toBe(1);
    await card.locator('img').waitFor();
    // And only alerts are listed (every third seeded event alerted: 14 of 40, plus the new one)
    await page.waitForFunction(`document.querySelector('.event-grid')?.dataset.count === '15'`);
    // And the header counts one unreviewed alert
    expect(await page.locator('nav .nav-count').getAttribute('data-unreviewed')).toBe('1');
    await screenshot(page, 'review');
  });

  it('switches between alerts, detections and all', async () => {
    // When "Detections" is chosen / Then events with a confirmed person are listed (20 seeded + the new one)
    await page.getByRole('button', { name: 'Detections' }).click();
    await page.waitForFunction(`document.querySelector('.event-grid')?.dataset.count === '21'`);
    // When "All" is chosen / Then everything is (40 + 1)
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.waitForFunction(`document.querySelector('.event-grid')?.dataset.count === '41'`);
    // And the page holds only the rows near the screen, not 41 cards
    expect(await page.evaluate(CARDS)).toBeLessThan(41);
    await page.getByRole('button', { name: /^Alerts/ }).click();
    await page.waitForFunction(`document.querySelector('.event-grid')?.dataset.count === '15'`);
  });

  it('plays a short preview from the first detection while a card is hovered', async () => {
    // When the pointer rests on the new alert's card
    const card = cardOf(page, first.eventId ?? '');
    const preview = page.waitForResponse((r) => r.url().endsWith('/preview'));
    await card.hover();
    // Then a preview is fetched and plays, muted, over the picture
    expect([200, 206]).toContain((await preview).status());
    await page.waitForFunction(
      `(() => { const v = document.querySelector('.event-card[data-event-id="${first.eventId}"] video.event-preview'); return v && v.readyState >= 2 && v.currentTime > 0; })()`,
    );
    await screenshot(page, 'review-preview');
    // When the pointer leaves / Then the preview is gone
    await page.mouse.move(0, 0);
    await page.waitForFunction(`!document.querySelector('video.event-preview')`);
  });

  it('on a touch screen, the first tap plays the preview and the second opens the event', async () => {
    // Given the review page on a phone with a touch screen
    const phone = await stand.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const touch = await phone.newPage();
      await touch.goto(stand.proxy.entryUrl);
      const card = touch.locator(`.event-card[data-event-id="${first.eventId}"]`);
      await card.waitFor();
      // When the card is tapped / Then its preview plays and the page stays
      await card.locator('.event-picture').tap();
      await touch.waitForFunction(
        `(() => { const v = document.querySelector('video.event-preview'); return v && v.readyState >= 2 && v.currentTime > 0; })()`,
      );
      expect(new URL(touch.url()).hash).toBe('');
      // When it is tapped again / Then the event opens
      await card.locator('.event-picture').tap();
      await touch.getByRole('heading', { name: 'Why it alerted' }).waitFor();
      expect(new URL(touch.url()).hash).toBe(`#/events/${encodeURIComponent(first.eventId ?? '')}`);
    } finally {
      await phone.close();
    }
  });

  it('opens the event: the video starts at the first detection with the boxes drawn, and moments to jump between', async () => {
    const detail = await eventDetail(stand, first.eventId ?? '');
    const moment = detail.event.moments[0];
    expect(moment).toBeDefined();
    // When the card is opened with the keyboard
    await cardOf(page, first.eventId ?? '')
      .locator('a')
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Why it alerted' }).waitFor();
    // Then the video is positioned a second before the first detection, not at 0
    const detectedAt = (Date.parse(detail.event.triggeredAt ?? '') - Date.parse(first.startedAt)) / 1000;
    // (a first detection in the clip's first second starts the video at 0: nothing to wait for then)
    await page.waitForFunction(`${VIDEO_TIME} > 0 || ${Math.max(0, detectedAt - 1)} < 0.05`);
    const start = (await page.evaluate(VIDEO_TIME)) as number;
    expect(start).toBeCloseTo(Math.max(0, detectedAt - 1), 1);
    // And the detector's boxes are drawn over the video at that moment
    await page.locator('.event-player .overlay .box').first().waitFor();
    expect(await page.locator('.event-player .overlay .box').count()).toBe(moment?.detections.length);
    // When a moment in the strip is chosen / Then the video jumps to it and the strip marks it
    await page.getByRole('list', { name: 'Detection moments' }).getByRole('button').first().click();
    await page.waitForFunction(`Math.abs(${VIDEO_TIME} - ${detectedAt}) < 0.3`);
    await page.locator('.moments button[aria-current="true"]').waitFor();
    // And the VLM's account and the reason are in words; the engineering detail is folded away
    await page.getByText('Several people walk past the entrance, one stops at the door.').waitFor();
    expect(await page.locator('.decision-line').textContent()).toMatch(/^It alerted/);
    expect(await page.locator('details.engineering').getAttribute('open')).toBeNull();
    // And opening it reviewed it: the header has nothing left to count
    await page.waitForFunction(`!document.querySelector('nav .nav-count')`);
    await screenshot(page, 'event');
    // When it is marked unreviewed again / Then it stays so, also once the page has fetched the event again
    // (the page reviews an event once per visit)
    const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/reviewed'));
    // (listening before the click: the page's refetch can answer before a listener added after it)
    const refetched = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith(`/api/events/${first.eventId}`));
    await page.getByRole('button', { name: 'Reviewed ✓' }).click();
    expect((await put).status()).toBe(200);
    await refetched;
    await page.getByRole('button', { name: 'Mark reviewed' }).waitFor();
    expect((await eventDetail(stand, first.eventId ?? '')).event.reviewedAt).toBeNull();
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByRole('button', { name: 'Reviewed ✓' }).waitFor();
  });

  it(
    'a false alarm offers a rule that stops the next matching event from alerting, and that event says why',
    { timeout: 180_000 },
    async () => {
      // Given the event page / When "False alarm" is pressed and the rule for the whole camera is taken
      await page.getByRole('button', { name: 'False alarm' }).click();
      await page.waitForFunction(`document.querySelector('[aria-pressed="true"]')?.textContent === 'False alarm'`);
      await page.getByRole('button', { name: 'Ignore person on front door' }).click();
      await page.getByText(/Rule added: ignore person on front_door/).waitFor();
      await screenshot(page, 'event-false-alarm');
      expect((await eventDetail(stand, first.eventId ?? '')).event.feedback?.verdict).toBe('false_alarm');
      // When the same scene happens again
      const again = await dropPedestrians(stand, 'second-visit.mp4');
      // Then its event sent no alert, with the rule named as the reason
      const { event } = await eventDetail(stand, again.eventId ?? '');
      expect(event.alerts).toStrictEqual([]);
      expect(event.decision).toMatchObject({
        alert: false,
        reason: 'ignored_by_rule',
        detail: expect.stringContaining('ignore person on front_door'),
      });
      // And its page says so in words
      await page.evaluate(`location.hash = '#/events/${encodeURIComponent(again.eventId ?? '')}'`);
      await page.getByRole('heading', { name: 'Why it did not alert' }).waitFor();
      expect(await page.locator('.decision-line').textContent()).toBe('No alert: one of your rules says to ignore this.');
      await page.getByText(/your rule "ignore person on front_door"/).waitFor();
      await screenshot(page, 'event-ignored-by-rule');
    },
  );

  it('lists the rule in Settings, where it is removed', async () => {
    // When Settings is opened / Then the rule is there, with the link to the event it came from
    await page.getByRole('link', { name: 'Settings' }).click();
    const rule = page.getByRole('list', { name: 'Rules' }).getByRole('listitem');
    await rule.first().waitFor();
    expect(await rule.count()).toBe(1);
    expect(await rule.textContent()).toContain('ignore person on front_door');
    // When it is removed / Then the list is empty, and the server has no rule left
    await page.getByRole('button', { name: /^Remove rule/ }).click();
    await page.getByText('No rules yet.', { exact: false }).waitFor();
    const rules = (await (await fetch(`${stand.homesec.url}/api/rules`)).json()) as { rules: unknown[] };
    expect(rules.rules).toStrictEqual([]);
  });

  it('marks one event reviewed from its card, and all of a tab at once', async () => {
    // Given two older events taken back to unreviewed, and the "All" tab showing unreviewed ones only
    for (const id of ['evt_seed_driveway_1', 'evt_seed_driveway_2']) {
      const answer = await fetch(`${stand.homesec.url}/api/events/${id}/reviewed`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reviewed: false }),
      });
      expect(answer.status).toBe(200);
    }
    await page.getByRole('link', { name: /^Review/ }).click();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByLabel('Unreviewed only').check();
    await page.waitForFunction(`document.querySelector('.event-grid')?.dataset.count === '2'`);
    // When the first card's reviewed switch is pressed / Then that card says reviewed (and stays until the list reloads)
    const firstCard = page.locator('.event-card[data-event-id="evt_seed_driveway_1"]');
    await firstCard.locator('.review-toggle').click();
    await page.waitForFunction(`document.querySelector('.event-card[data-event-id="evt_seed_driveway_1"]')?.dataset.reviewed === 'true'`);
    // When "Mark all reviewed" is pressed / Then the rest is marked, and nothing is left to review
    await page.getByRole('button', { name: 'Mark all reviewed' }).click();
    await page.getByRole('status').filter({ hasText: '1 marked reviewed' }).waitFor();
    await page.getByText('All caught up').waitFor();
    const counts = (await (await fetch(`${stand.homesec.url}/api/review/counts`)).json()) as { unreviewed: number };
    expect(counts.unreviewed).toBe(0);
  });

  it('logged no console errors in the whole session', () => {
    expect(stand.consoleProblems).toStrictEqual([]);
  });
});
