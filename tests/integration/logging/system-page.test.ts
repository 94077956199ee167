import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogListResponse } from '../../../server/src/http/logs-contract.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from '../../e2e/browser.js';
import { startWithLogSink, type AppWithLogSink } from './log-sink-harness.js';

describe('System page: recent warnings and errors', () => {
  let running: AppWithLogSink | null = null;
  let browser: Browser | null = null;
  afterEach(async () => {
    await browser?.close();
    await running?.close();
    browser = null;
    running = null;
  });

  it('lists the warnings and errors kept in the database, not the info records', async () => {
    // Given HomeSec with a warning, an error and an info record in its log database
    running = await startWithLogSink({}, WEB_DIST);
    const { log, url } = running;
    log.warn({ event_type: 'source.offline', camera: 'front_door' }, 'camera front_door stopped answering');
    log.error({ event_type: 'notify.failed', clip_id: 'clip_42' }, 'email could not be sent');
    log.info({ event_type: 'test.info' }, 'an ordinary day');
    await expect
      .poll(async () => ((await (await fetch(`${url}/api/logs?eventType=test.info`)).json()) as LogListResponse).logs.length, {
        timeout: 10_000,
      })
      .toBe(1);
    // When the System page is opened
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await page.goto(`${url}/#/system`);
    const section = page.getByRole('region', { name: 'Recent warnings and errors' });
    // Then it lists the warning and the error with their camera and clip, and not the info record
    await expect.poll(() => section.textContent(), { timeout: 10_000 }).toContain('camera front_door stopped answering');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('email could not be sent');
    expect(text).toContain('clip clip_42');
    expect(text).not.toContain('an ordinary day');
    await screenshot(page, 'system-recent-logs');
    expect(problems).toEqual([]);
  });
});
