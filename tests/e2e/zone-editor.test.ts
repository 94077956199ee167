import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HomesecApp, type HomesecService } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/load-config.js';
import { createLogger } from '../../server/src/logging/logger.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { LogCapture } from '../support/log-capture.js';
import { startRtspCameraServer, type RtspCameraServer } from '../support/rtsp-camera-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { launchChromium, screenshot, watchConsole, WEB_DIST } from './browser.js';
import { seriousViolations } from './axe.js';
import { checkViews, fitsNarrowestPhone } from './views.js';

const PICTURE = 'Picture of front_door to draw on';
// Page-side expression as a string: the tests project has no DOM types.
const PICTURE_SHOWN = `(() => { const img = document.querySelector('img[alt="${PICTURE}"]'); return !!img && img.complete && img.naturalWidth > 0; })()`;
/** Clicks and taps land on whole pixels of a picture a few hundred pixels wide: a drawn point is within a pixel or so of the aim. */
const TOLERANCE = 0.01;

type Share = readonly [x: number, y: number];

/** Where on the screen a point of the picture is, in shares of its width and height. */
async function onPicture(page: Page, [x, y]: Share): Promise<Share> {
  const box = await page.getByRole('img', { name: PICTURE }).boundingBox();
  if (!box) throw new Error('the picture is not on the screen');
  return [box.x + x * box.width, box.y + y * box.height];
}

/** The numbers of a polygon's text as [x, y] pairs. */
function pairs(text: string): number[][] {
  const n = text.split(/[\s,]+/).map(Number);
  return n.flatMap((v, i) => (i % 2 === 0 ? [[v, n[i + 1] ?? NaN]] : []));
}

function expectNear(actual: number[][], expected: readonly Share[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([x = NaN, y = NaN], i) => {
    expect(Math.abs(x - (expected[i]?.[0] ?? NaN))).toBeLessThan(TOLERANCE);
    expect(Math.abs(y - (expected[i]?.[1] ?? NaN))).toBeLessThan(TOLERANCE);
  });
}

/**
 * The zone editor (#24 point 2) in Chromium through the emulated ingress proxy, on the real app watching the
 * GStreamer test camera (a still picture, so latest.jpg exists), started with a commented homesec.yaml.
 */
describe('drawing zones and motion masks on the camera picture', () => {
  let camera: RtspCameraServer;
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let original: string;
  let app: HomesecApp<HomesecService>;
  let proxy: IngressProxy;
  let browser: Browser;
  let phone: BrowserContext;

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'still' });
    tmp = makeTempDir('homesec-zone-editor-');
    file = join(tmp.path, 'homesec.yaml');
    original = [
      '# HomeSec at home',
      `data_dir: ${join(tmp.path, 'data')}`,
      'http:',
      '  host: 127.0.0.1',
      '  port: 0 # any free port',
      'cameras:',
      '  - name: front_door # over the door',
      '    source: rtsp',
      `    url: ${camera.url()}`,
      '    segment_s: 1',
      'zones: [] # drawn in the dashboard',
      'detector:',
      '  enabled: false',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const loaded = loadConfig({ configPath: file, env: {} });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    app = HomesecApp.service({
      config: loaded.value.config,
      log: createLogger('warn', new LogCapture()),
      webDir: WEB_DIST,
      configFile: file,
    });
    const running = await app.start(new AbortController().signal);
    const url = `http://127.0.0.1:${running.http.port()}`;
    // The editor draws on the camera's latest picture: wait until the camera's session has written one.
    await vi.waitFor(async () => expect((await fetch(`${url}/api/cameras/front_door/latest.jpg`)).status).toBe(200), {
      timeout: 60_000,
      interval: 250,
    });
    proxy = await startIngressProxy(url);
    browser = await launchChromium();
    phone = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await proxy?.close();
    await camera?.kill();
    tmp?.remove();
  });

  it('draws a zone by touch on a 360 px phone, a motion mask by mouse on a desktop and one by keyboard, and saves them into homesec.yaml', async () => {
    // Given the Cameras view on a phone, and the camera's zone editor opened by a tap
    const page = await phone.newPage();
    const problems = watchConsole(page);
    await page.goto(`${proxy.entryUrl}#/cameras`);
    await page.getByRole('button', { name: 'Zones & masks front_door' }).tap();
    await page.getByRole('dialog', { name: 'Zones and masks of front_door' }).waitFor();
    await page.waitForFunction(PICTURE_SHOWN);
    await page.getByRole('img', { name: PICTURE }).scrollIntoViewIfNeeded();

    // When four points are tapped on the picture (one more tapped and taken back with Undo point), then the first point again
    const zone: Share[] = [
      [0.2, 0.45],
      [0.7, 0.45],
      [0.75, 0.9],
      [0.15, 0.9],
    ];
    for (const point of zone) await page.touchscreen.tap(...(await onPicture(page, point)));
    await page.touchscreen.tap(...(await onPicture(page, [0.5, 0.2])));
    await page.getByText('Drawing a zone: 5 points').waitFor();
    await page.getByRole('button', { name: 'Undo point' }).tap();
    await page.touchscreen.tap(...(await onPicture(page, zone[0] ?? [0, 0])));
    // ...and the zone is named driveway, with person ticked, and saved
    const fields = page.getByRole('group', { name: 'Zone zone_1' });
    await fields.getByLabel('Zone name').fill('driveway');
    await page.getByRole('group', { name: 'Zone driveway' }).getByRole('checkbox', { name: 'person' }).tap();
    await screenshot(page, 'zone-editor-phone-drawn', false);
    // ...where the view fits 360 px and each point is a finger's target (24 px at least)
    expect(await fitsNarrowestPhone(page)).toBe(true);
    const handleSizes = (await page.evaluate(
      `[...document.querySelectorAll('.region-handle .hit')].map((c) => Math.min(c.getBoundingClientRect().width, c.getBoundingClientRect().height))`,
    )) as number[];
    expect(handleSizes).toHaveLength(4);
    expect(Math.min(...handleSizes)).toBeGreaterThanOrEqual(24);
    await page.getByRole('button', { name: 'Save zones and masks' }).tap();

    // Then the view says where it went, and the file has the zone at the tapped points
    await page
      .getByRole('status')
      .filter({ hasText: `Saved front_door's zones and masks in ${file}; restart HomeSec` })
      .waitFor();
    const afterPhone = loadConfig({ configPath: file, env: {} });
    if (!afterPhone.ok) throw new Error(afterPhone.error.problems.join('\n'));
    expect(afterPhone.value.config.zones.map((z) => [z.name, z.labels])).toEqual([['driveway', ['person']]]);
    expectNear(afterPhone.value.config.zones[0]?.points ?? [], zone);
    // and closed and opened again, the editor shows the zone saved
    await page.getByRole('button', { name: 'Close', exact: true }).tap();
    await page.getByRole('button', { name: 'Zones & masks front_door' }).tap();
    await page.getByRole('group', { name: 'Zone driveway' }).waitFor();
    expect(problems).toStrictEqual([]);

    // Given the editor on a desktop, with the zone saved from the phone
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const desktopProblems = watchConsole(desktop);
    await desktop.goto(`${proxy.entryUrl}#/cameras`);
    await desktop.getByRole('button', { name: 'Zones & masks front_door' }).click();
    await desktop.waitForFunction(PICTURE_SHOWN);
    expect(await desktop.getByRole('group', { name: 'Zone driveway' }).count()).toBe(1);

    // When Motion mask is chosen and three points clicked, the last one dragged, and Close shape pressed
    await desktop.getByRole('radio', { name: 'Motion mask' }).check();
    const mask: Share[] = [
      [0.02, 0.02],
      [0.4, 0.02],
      [0.4, 0.12],
    ];
    await desktop.getByRole('img', { name: PICTURE }).scrollIntoViewIfNeeded();
    for (const point of [...mask.slice(0, 2), [0.3, 0.3] as const]) await desktop.mouse.click(...(await onPicture(desktop, point)));
    await desktop.mouse.move(...(await onPicture(desktop, [0.3, 0.3])));
    await desktop.mouse.down();
    await desktop.mouse.move(...(await onPicture(desktop, [0.35, 0.2])), { steps: 4 });
    await desktop.mouse.move(...(await onPicture(desktop, mask[2] ?? [0, 0])), { steps: 4 });
    await desktop.mouse.up();
    await desktop.getByRole('button', { name: 'Close shape' }).click();
    // ...its coordinates shown as text under the picture
    const maskText = await desktop
      .getByRole('group', { name: 'Motion mask 1' })
      .getByLabel(/^Coordinates/)
      .inputValue();
    expectNear(pairs(maskText), mask);

    // When a second mask is added from the keyboard and its coordinates typed, wrongly first
    await desktop.getByRole('button', { name: 'Add by coordinates' }).focus();
    await desktop.keyboard.press('Enter');
    const typed = desktop.getByRole('group', { name: 'Motion mask 2' }).getByLabel(/^Coordinates/);
    await typed.fill('0.8,0.8 1.2,0.8 1,1');
    // Then it says why that is not a shape, and takes the corrected text
    await desktop.getByRole('group', { name: 'Motion mask 2' }).getByText('Each number is a share of the picture, from 0 to 1').waitFor();
    expect(await typed.getAttribute('aria-invalid')).toBe('true');
    await typed.fill('0.8,0.8 1,0.8 1,1');
    expect(await typed.getAttribute('aria-invalid')).toBe('false');

    // Then the editor has no serious or critical axe finding, light or dark, desktop, phone and 360 px, and fits 360 px
    expect(await checkViews(desktop, 'zone-editor', { fullPage: false })).toStrictEqual({});
    expect(await fitsNarrowestPhone(desktop)).toBe(true);
    expect(await seriousViolations(desktop, 'zone-editor-360')).toStrictEqual([]);
    await desktop.setViewportSize({ width: 1280, height: 900 });

    // When it is saved
    await desktop.getByRole('button', { name: 'Save zones and masks' }).click();
    await desktop.getByRole('status').filter({ hasText: 'restart HomeSec to apply them' }).waitFor();

    // Then homesec.yaml has the mask and the zone at the drawn points, keeps its comments, and loads
    const written = readFileSync(file, 'utf8');
    for (const comment of ['# HomeSec at home', '# any free port', '# over the door']) expect(written).toContain(comment);
    const reloaded = loadConfig({ configPath: file, env: {} });
    if (!reloaded.ok) throw new Error(reloaded.error.problems.join('\n'));
    const front = reloaded.value.config.cameras[0];
    const masks = front?.source === 'rtsp' ? front.motion.maskPolygons : [];
    expect(masks).toHaveLength(2);
    expectNear(masks[0] ?? [], mask);
    expect(masks[1]).toEqual([
      [0.8, 0.8],
      [1, 0.8],
      [1, 1],
    ]);
    expect(reloaded.value.config.zones.map((z) => z.name)).toEqual(['driveway']);
    expectNear(reloaded.value.config.zones[0]?.points ?? [], zone);
    expect(desktopProblems).toStrictEqual([]);
  });
});
