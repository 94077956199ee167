import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { launchChromium, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone } from './views.js';

const PASSWORD = 'correct horse battery';
// Page-side expressions are strings: the tests project has no DOM types.
const LIVE_TEXT = "document.querySelector('.live-text')?.textContent";

describe('the dashboard with a password', () => {
  let homesec: StartedHomesec;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];

  beforeAll(async () => {
    // Given HomeSec with a password, reached directly by a browser
    homesec = await startHomesec({ log_level: 'warn', http: { host: '127.0.0.1', port: 0, password: PASSWORD } }, { webDir: WEB_DIST });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    consoleProblems = watchConsole(page).filter((p) => !p.includes('401'));
  });

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
  });

  it('shows only the login form, accessible in every view', async () => {
    // When the dashboard is opened without a session
    await page.goto(`${homesec.url}/`);
    await page.getByRole('heading', { name: 'Log in to HomeSec' }).waitFor();
    // Then there is a password field and no navigation, and no serious axe finding in any view; it fits a phone
    expect(await page.getByLabel('Password').count()).toBe(1);
    expect(await page.getByLabel('User name').count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await checkViews(page, 'login')).toEqual({});
    expect(await fitsNarrowestPhone(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('says so when the password is wrong, and opens the live dashboard when it is right', async () => {
    // When a wrong password is given
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Then an alert says so, and the field is marked invalid
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('wrong user name or password');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    // When the right one is given (with Enter)
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    // Then the timeline shows and the live socket connects
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => page.evaluate(LIVE_TEXT), { timeout: 10_000 }).toBe('Live');
    expect(consoleProblems).toEqual([]);
  });

  it('logs out back to the form', async () => {
    // When the user logs out
    await page.getByRole('button', { name: /Log out/ }).click();
    // Then the login form is back and the API refuses the old cookie
    await page.getByRole('heading', { name: 'Log in to HomeSec' }).waitFor();
    const status = await page.evaluate("fetch('./api/clips').then((r) => r.status)");
    expect(status).toBe(401);
  });
});
