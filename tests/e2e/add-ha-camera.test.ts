import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeSupervisor, type FakeSupervisor } from '../support/servers/fake-supervisor-server.js';
import { startSnapshotCamera, type SnapshotCamera } from '../support/snapshot-camera.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { launchChromium, watchConsole, WEB_DIST } from './browser.js';
import { checkViews, fitsNarrowestPhone } from './views.js';
import { SupervisorEnv } from '../support/supervisor-env.js';

const IMAGE_SHOWN = (alt: string) =>
  `(() => { const img = document.querySelector('img[alt="${alt}"]'); return !!img && img.complete && img.naturalWidth > 0; })()`;

/** "Add a Home Assistant camera" in the Cameras and Settings views (issue #23 point 4), in the add-on with a stand-in Supervisor and Core. */
describe('adding a Home Assistant camera from the Cameras view', () => {
  let supervisor: FakeSupervisor;
  let snapshots: SnapshotCamera;
  let homesec: StartedHomesec;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];
  const supervisorEnv = new SupervisorEnv();

  beforeAll(async () => {
    snapshots = startSnapshotCamera();
    supervisor = await startFakeSupervisor('addon-token-e2e-ha-cameras');
    supervisor.reply('GET', '/core/api/states', {
      kind: 'raw',
      status: 200,
      body: JSON.stringify([
        { entity_id: 'camera.porch', state: 'idle', attributes: { friendly_name: 'Porch' } },
        { entity_id: 'light.kitchen', state: 'on', attributes: {} },
      ]),
    });
    supervisor.reply('GET', '/core/api/camera_proxy/camera.porch', { kind: 'bytes', contentType: 'image/jpeg', body: snapshots.picture() });
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: { cameras: [] } });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    supervisor.reply('POST', '/addons/self/restart', { kind: 'ok', data: {} });
    supervisorEnv.useSupervisor(supervisor);
    homesec = await startHomesec({ log_level: 'warn' }, { webDir: WEB_DIST });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    consoleProblems = watchConsole(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
    await supervisor?.close();
    snapshots?.close();
    supervisorEnv.restore();
  });

  it("shows Home Assistant's cameras with their picture, adds one by keyboard, and the add-on's options get it; Settings shows it added", async () => {
    // Given the Cameras view with Home Assistant's cameras shown
    await page.goto(`${homesec.url}/#/cameras`);
    await page.getByRole('button', { name: "Show Home Assistant's cameras" }).click();
    await page.getByRole('heading', { name: 'Porch' }).waitFor();
    await page.waitForFunction(IMAGE_SHOWN('Picture of Porch from Home Assistant'));

    // Then the picture is Core's, the light is not offered, and the view is axe clean light and dark, desktop and phone
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Porch']);
    expect(await checkViews(page, 'add-ha-camera')).toStrictEqual({});
    expect(await fitsNarrowestPhone(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    // When the user names it and presses Add from the keyboard
    const name = page.getByLabel('HomeSec name');
    await name.fill('porch_cam');
    await name.press('Enter');

    // Then the view says the add-on restarts with it, and the Supervisor got the camera in the options, then the restart
    await page.getByRole('status').filter({ hasText: 'porch_cam is in the add-on options' }).waitFor();
    await vi.waitFor(() => expect(supervisor.requests.some((r) => r.path === '/addons/self/restart')).toBe(true));
    const posted = supervisor.requests.find((r) => r.method === 'POST' && r.path === '/addons/self/options');
    expect(JSON.parse(posted?.body ?? '{}')).toEqual({
      options: { cameras: [{ name: 'porch_cam', source: 'home_assistant', entity_id: 'camera.porch' }] },
    });
    // and the tile now names its HomeSec camera, in Settings too
    await page.getByText('HomeSec camera: porch_cam').waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: "Show Home Assistant's cameras" }).click();
    await page.getByText('HomeSec camera: porch_cam').waitFor();
    expect(consoleProblems).toStrictEqual([]);
  });
});
