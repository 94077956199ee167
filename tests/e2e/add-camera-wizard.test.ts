import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HomesecApp, type HomesecService } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/load-config.js';
import { createLogger } from '../../server/src/logging/logger.js';
import { dropClip } from '../support/drop-clip.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { LogCapture } from '../support/log-capture.js';
import { fixture } from '../support/paths.js';
import { freePort, startRtspCameraServer, type RtspCameraServer } from '../support/rtsp-camera-server.js';
import { startFakeOnvifServer, type FakeOnvifServer } from '../support/servers/fake-onvif-server.js';
import { startFakeSupervisor, type FakeSupervisor } from '../support/servers/fake-supervisor-server.js';
import { startHomesec, type StartedHomesec } from '../support/start-homesec.js';
import { makeTempDir } from '../support/temp-dir.js';
import { launchChromium, watchConsole, WEB_DIST } from './browser.js';
import { seriousViolations } from './axe.js';
import { checkViews, fitsNarrowestPhone, NARROWEST, SCHEMES } from './views.js';
import { SupervisorEnv } from '../support/supervisor-env.js';

const DESKTOP = { width: 1280, height: 900 } as const;
const USER = 'admin';
/** The camera's password: it must never reach a log line, an answer to the browser or a URL. */
const PASSWORD = 'S3cret-Cam!pass';
const WRONG_PASSWORD = 'not-the-Pa55word';
/** The paths Reolink cameras serve, as the brand list of the probe has them. */
const REOLINK_MOUNTS = { '/h264Preview_01_main': 'main', '/h264Preview_01_sub': 'sub' } as const;
// Page-side expressions are strings: the tests project has no DOM types.
const PICTURES_SHOWN = `[...document.querySelectorAll('.stream-picture img')].every((img) => img.complete && img.naturalWidth > 0)`;

interface Login {
  readonly host: string;
  readonly username: string;
  readonly password: string;
  readonly onvifPort: number;
  readonly rtspPort: number;
}

/** Everything the dashboard received from the API (bodies and URLs), to look for a password in. */
function recordApiTraffic(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => seen.push(request.url()));
  page.on('response', (response) => {
    if (!response.url().includes('/api/')) return;
    response.text().then(
      (body) => seen.push(body),
      () => undefined,
    );
  });
  return seen;
}

/** Types the camera's address and login (ports under Advanced) and presses Find streams. */
/**
 * HomeSec as the add-on starts it after a restart: on the options the Supervisor holds, read from
 * /data/options.json (here a temporary folder for /data and /media, the listener on loopback).
 */
async function addonStartedOn(
  options: Record<string, unknown>,
): Promise<{ app: HomesecService; logs: LogCapture; stop: () => Promise<void> }> {
  const tmp = makeTempDir('homesec-wizard-addon-');
  const data = join(tmp.path, 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'options.json'), JSON.stringify(options));
  const loaded = loadConfig({
    env: {
      HOMESEC_OPTIONS_PATH: join(data, 'options.json'),
      HOMESEC_DATA_DIR: data,
      HOMESEC_MEDIA_DIR: join(tmp.path, 'media', 'homesec'),
      HOMESEC_HTTP__PORT: '0',
      HOMESEC_HTTP__HOST: '127.0.0.1',
      HOMESEC_DETECTOR__ENABLED: 'false',
    },
  });
  if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
  expect(loaded.value.origin.kind).toBe('addon');
  const logs = new LogCapture();
  const app = HomesecApp.service({ config: loaded.value.config, log: createLogger('debug', logs) });
  const running = await app.start(new AbortController().signal);
  return {
    app: running,
    logs,
    stop: async () => {
      await app.stop();
      tmp.remove();
    },
  };
}

async function findStreams(page: Page, login: Login): Promise<void> {
  await page.getByLabel('Camera address').fill(login.host);
  await page.getByLabel('User name').fill(login.username);
  await page.getByLabel('Password', { exact: true }).fill(login.password);
  const advanced = page.getByText('Advanced: ONVIF and RTSP ports');
  if (!(await page.getByLabel('ONVIF port').isVisible())) await advanced.click();
  await page.getByLabel('ONVIF port').fill(String(login.onvifPort));
  await page.getByLabel('RTSP port').fill(String(login.rtspPort));
  await page.getByRole('button', { name: 'Find streams' }).click();
}

/** The radio checked in a fieldset, by its label's text. */
async function checkedIn(page: Page, legend: string): Promise<string> {
  const group = page.getByRole('group', { name: legend });
  return (await group.locator('label', { has: page.locator('input:checked') }).innerText()).replace(/\s+/g, ' ');
}

interface ViewChecks {
  /** axe-core's serious and critical findings by view ("wizard-kind-360-dark"). */
  readonly findings: Record<string, string[]>;
  readonly fitsNarrowest: boolean;
}
/** What a wizard step should look like to the checks: no axe findings anywhere, nothing wider than 360 px. */
const CLEAN: ViewChecks = { findings: {}, fitsNarrowest: true };

/**
 * The open step seen as checkViews sees it (desktop and phone, light and dark: axe and a screenshot each), then
 * at 360 px light and dark too; back at desktop size, light, after.
 */
async function wizardViews(page: Page, name: string): Promise<ViewChecks> {
  const findings = await checkViews(page, name);
  const fitsNarrowest = await fitsNarrowestPhone(page);
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await seriousViolations(page, `${name}-360-${scheme}`);
    if (found.length > 0) findings[`${name}-360-${scheme}`] = found;
  }
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  return { findings, fitsNarrowest };
}

/** The add-on: a stand-in Supervisor, HomeSec with no camera yet, the dashboard through the emulated ingress proxy. */
describe('the add-camera wizard in the add-on', () => {
  let camera: RtspCameraServer;
  let onvif: FakeOnvifServer;
  let supervisor: FakeSupervisor;
  let homesec: StartedHomesec;
  let proxy: IngressProxy;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];
  let apiTraffic: string[];
  let closedPort: number;
  const supervisorEnv = new SupervisorEnv();

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'motion', mounts: REOLINK_MOUNTS, login: { username: USER, password: PASSWORD } });
    onvif = await startFakeOnvifServer({
      login: { username: USER, password: PASSWORD },
      profiles: [
        { token: 'main', name: 'MainStream', streamUri: camera.urlAt('/h264Preview_01_main'), width: 640, height: 360, fps: 10 },
        { token: 'sub', name: 'SubStream', streamUri: camera.urlAt('/h264Preview_01_sub'), width: 320, height: 180, fps: 10 },
      ],
    });
    supervisor = await startFakeSupervisor('addon-token-e2e-wizard');
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: { cameras: [] } });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    supervisor.reply('POST', '/addons/self/restart', { kind: 'ok', data: {} });
    supervisorEnv.useSupervisor(supervisor);
    homesec = await startHomesec({ log_level: 'debug', cameras: [] }, { webDir: WEB_DIST });
    proxy = await startIngressProxy(homesec.url);
    closedPort = await freePort();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    consoleProblems = watchConsole(page);
    apiTraffic = recordApiTraffic(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await homesec?.close();
    await onvif?.close();
    await supervisor?.close();
    await camera?.kill();
    supervisorEnv.restore();
  });

  it('opens on a new install, finds the camera at its brand path with its login, saves it into the add-on options and restarts; back on those options the add-on has it online', async () => {
    // Given a new install: the landing view points to the wizard, which is open at once
    await page.goto(proxy.entryUrl);
    await page.getByText('HomeSec has no cameras yet').waitFor();
    await page.getByRole('link', { name: 'Add your first camera' }).click();
    const wizard = page.getByRole('region', { name: 'Add a camera' });
    await wizard.waitFor();
    expect(await wizardViews(page, 'wizard-kind')).toStrictEqual(CLEAN);

    // When the user picks a network camera and asks for its streams with its address, login and ports
    await page.getByLabel('Network camera (RTSP / ONVIF)').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await findStreams(page, { host: '127.0.0.1', username: USER, password: PASSWORD, onvifPort: closedPort, rtspPort: camera.port });

    // Then the wizard says it is looking, then lists the main and sub streams with their pictures and facts
    await page.getByRole('status').filter({ hasText: 'Looking for streams' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Found 2 streams' }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(PICTURES_SHOWN);
    const record = page.getByRole('group', { name: 'Stream to record' });
    expect(await record.getByText(/Reolink’s path \/h264Preview_01_(main|sub)/).count()).toBe(2);
    expect(await record.getByText('H.264 · 640 × 360').count()).toBe(1);
    expect(await record.getByText('H.264 · 320 × 180').count()).toBe(1);
    // ...the main one preselected to record, the sub one to detect on
    expect(await checkedIn(page, 'Stream to record')).toContain('640 × 360');
    expect(await checkedIn(page, 'Stream to detect motion and objects on')).toContain('320 × 180');
    // ...and what was tried folded away until asked for
    const tried = page.getByText(/^What was tried/);
    expect(await page.locator('details.probe-attempts').getAttribute('open')).toBeNull();
    await tried.click();
    await page.locator('.probe-attempts li', { hasText: 'Reolink' }).first().waitFor();
    expect(await wizardViews(page, 'wizard-streams')).toStrictEqual(CLEAN);

    // When the user goes on, keeps the suggested name's rule and saves as "driveway" from the keyboard
    await page.getByRole('button', { name: 'Next: name and save' }).click();
    const name = page.getByLabel('Camera name');
    expect(await name.inputValue()).toBe('camera_127_0_0_1');
    await name.fill('Driveway!');
    await name.press('Enter');
    await page.getByText('Use lowercase letters, digits and _ only').waitFor();
    expect(await wizardViews(page, 'wizard-save')).toStrictEqual(CLEAN);
    await name.fill('driveway');
    await name.press('Enter');

    // Then the wizard says the add-on restarts with it, and the Supervisor got the camera in the options, then the restart
    await page
      .getByRole('status')
      .filter({ hasText: /restart/i })
      .first()
      .waitFor();
    await vi.waitFor(() => expect(supervisor.requests.some((r) => r.path === '/addons/self/restart')).toBe(true));
    const posted = supervisor.requests.find((r) => r.method === 'POST' && r.path === '/addons/self/options');
    const options = JSON.parse(posted?.body ?? '{}') as { options: { cameras: Record<string, unknown>[] } };
    expect(options.options.cameras).toEqual([
      expect.objectContaining({
        name: 'driveway',
        source: 'rtsp',
        url: camera.urlAt('/h264Preview_01_main', `${USER}:${encodeURIComponent(PASSWORD)}`),
        detect_url: camera.urlAt('/h264Preview_01_sub', `${USER}:${encodeURIComponent(PASSWORD)}`),
      }),
    ]);
    expect(await wizardViews(page, 'wizard-done')).toStrictEqual(CLEAN);

    // and the password is in no log line, no answer to the browser, no URL it asked for
    expect(homesec.logs.text()).not.toContain(PASSWORD);
    expect(apiTraffic.join('\n')).not.toContain(PASSWORD);
    expect(proxy.log.map((r) => r.path).join('\n')).not.toContain(PASSWORD);
    expect(consoleProblems).toStrictEqual([]);

    // When the add-on comes back from the restart on the options the Supervisor was given (its /data/options.json)
    const restarted = await addonStartedOn(options.options);
    try {
      // Then it watches the camera on its login: driveway is online
      await expect.poll(() => restarted.app.cameras.get('driveway')?.online ?? null, { timeout: 60_000, interval: 250 }).toBe(true);
      expect(restarted.logs.text()).not.toContain(PASSWORD);
    } finally {
      await restarted.stop();
    }
  }, 180_000);

  it('says clearly when the camera refuses the password, and logs no password', async () => {
    // Given the wizard on a network camera's streams step
    await page.getByRole('button', { name: 'Add another camera' }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // When the user types a wrong password
    await findStreams(page, { host: '127.0.0.1', username: USER, password: WRONG_PASSWORD, onvifPort: closedPort, rtspPort: camera.port });

    // Then an alert says the camera refused the login, and there is nothing to go on with
    const alert = page.locator('[role="alert"][data-problem="unauthorized"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toMatch(/password/i);
    expect(await page.getByRole('button', { name: 'Next: name and save' }).count()).toBe(0);
    expect(await wizardViews(page, 'wizard-wrong-password')).toStrictEqual(CLEAN);
    // ...and neither password is in the log or in what the browser received
    expect(homesec.logs.text()).not.toContain(WRONG_PASSWORD);
    expect(homesec.logs.text()).not.toContain(PASSWORD);
    expect(apiTraffic.join('\n')).not.toContain(WRONG_PASSWORD);
    expect(consoleProblems).toStrictEqual([]);
  }, 180_000);

  it('says when nothing answers at the address', async () => {
    // Given the wizard on the streams step, after the refused login
    // When neither port has anything listening
    await findStreams(page, { host: '127.0.0.1', username: USER, password: PASSWORD, onvifPort: closedPort, rtspPort: closedPort });

    // Then an alert says nothing answers there, naming the address and ports, and not the password
    const alert = page.locator('[role="alert"][data-problem="unreachable"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain('Camera not reachable');
    expect(await alert.innerText()).toContain('127.0.0.1');
    expect(await page.locator('[role="alert"][data-problem="unauthorized"]').count()).toBe(0);
    expect(apiTraffic.join('\n')).not.toContain(PASSWORD);
    expect(consoleProblems).toStrictEqual([]);
  });

  it('finds the streams over the ONVIF stand-in (GetProfiles, GetStreamUri) and saves the camera', async () => {
    // Given the wizard on the streams step
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // When the camera's ONVIF port is given (and no RTSP port answers the brands' paths)
    await findStreams(page, { host: '127.0.0.1', username: USER, password: PASSWORD, onvifPort: onvif.port, rtspPort: closedPort });

    // Then both ONVIF profiles are listed as found over ONVIF, the main one to record
    await page.getByRole('status').filter({ hasText: 'Found 2 streams' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText('Found over ONVIF (profile MainStream)').count()).toBe(1);
    expect(await page.getByText('Found over ONVIF (profile SubStream)').count()).toBe(1);
    expect(await checkedIn(page, 'Stream to record')).toContain('MainStream');

    // When it is saved as "garden"
    await page.getByRole('button', { name: 'Next: name and save' }).click();
    await page.getByLabel('Camera name').fill('garden');
    await page.getByRole('button', { name: 'Save camera' }).click();

    // Then the Supervisor got it with the stream ONVIF gave, login put back in
    await page
      .getByRole('status')
      .filter({ hasText: /restart/i })
      .first()
      .waitFor();
    await vi.waitFor(() => {
      const bodies = supervisor.requests.filter((r) => r.method === 'POST' && r.path === '/addons/self/options').map((r) => r.body);
      expect(bodies.some((b) => b.includes('"garden"'))).toBe(true);
    });
    const last = supervisor.requests.filter((r) => r.method === 'POST' && r.path === '/addons/self/options').at(-1);
    const cameras = (JSON.parse(last?.body ?? '{}') as { options: { cameras: Record<string, unknown>[] } }).options.cameras;
    expect(cameras.find((c) => c.name === 'garden')).toMatchObject({
      source: 'rtsp',
      url: camera.urlAt('/h264Preview_01_main', `${USER}:${encodeURIComponent(PASSWORD)}`),
    });
    expect(homesec.logs.text()).not.toContain(PASSWORD);
    expect(apiTraffic.join('\n')).not.toContain(PASSWORD);
    expect(consoleProblems).toStrictEqual([]);
  }, 180_000);

  it('goes through by touch on a 360 px phone: a network camera, the detect stream changed by a tap, saved', async () => {
    // Given a phone with a touch screen on the Cameras view
    let phone: BrowserContext | null = null;
    try {
      phone = await browser.newContext({ hasTouch: true, isMobile: true, viewport: NARROWEST });
      const tab = await phone.newPage();
      const problems = watchConsole(tab);
      await tab.goto(`${proxy.entryUrl}#/cameras`);

      // When the user taps through the wizard
      await tab.getByRole('region', { name: 'Add a camera' }).waitFor();
      await tab.getByText('Network camera (RTSP / ONVIF)').tap();
      await tab.getByRole('button', { name: 'Next', exact: true }).tap();
      await tab.getByLabel('Camera address').fill('127.0.0.1');
      await tab.getByLabel('User name').fill(USER);
      await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await tab.getByText('Advanced: ONVIF and RTSP ports').tap();
      await tab.getByLabel('ONVIF port').fill(String(closedPort));
      await tab.getByLabel('RTSP port').fill(String(camera.port));
      await tab.getByRole('button', { name: 'Find streams' }).tap();
      await tab.getByRole('status').filter({ hasText: 'Found 2 streams' }).waitFor({ timeout: 60_000 });
      // ...records the sub stream instead, by tapping its card
      await tab.locator('.stream-choice', { hasText: '320 × 180' }).tap();
      expect(await checkedIn(tab, 'Stream to record')).toContain('320 × 180');
      expect(await tab.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await tab.getByRole('button', { name: 'Next: name and save' }).tap();
      await tab.getByLabel('Camera name').fill('porch_phone');
      await tab.getByRole('button', { name: 'Save camera' }).tap();

      // Then it is saved with the sub stream to record
      await tab
        .getByRole('status')
        .filter({ hasText: /restart/i })
        .first()
        .waitFor();
      await vi.waitFor(() => {
        const bodies = supervisor.requests.filter((r) => r.method === 'POST' && r.path === '/addons/self/options').map((r) => r.body);
        expect(bodies.some((b) => b.includes('"porch_phone"'))).toBe(true);
      });
      const last = supervisor.requests.filter((r) => r.method === 'POST' && r.path === '/addons/self/options').at(-1);
      const cameras = (JSON.parse(last?.body ?? '{}') as { options: { cameras: Record<string, unknown>[] } }).options.cameras;
      expect(cameras.find((c) => c.name === 'porch_phone')).toMatchObject({
        url: camera.urlAt('/h264Preview_01_sub', `${USER}:${encodeURIComponent(PASSWORD)}`),
      });
      expect(problems).toStrictEqual([]);
    } finally {
      await phone?.close();
    }
  }, 180_000);

  it('an FTP camera: after saving, what to type into the camera and the wait for its first clip, axe clean', async () => {
    // Given the wizard again
    await page.getByRole('button', { name: 'Add another camera' }).click();

    // When the user adds a camera that uploads over FTP, with a password too short first
    await page.getByLabel('Camera that uploads clips over FTP').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Camera name').fill('gate');
    await page.getByLabel('FTP password for the camera').fill('short');
    await page.getByRole('button', { name: 'Save camera' }).click();
    await page.getByText('Choose a password of at least 8 characters.').waitFor();
    expect(await wizardViews(page, 'wizard-ftp')).toStrictEqual(CLEAN);
    await page.getByLabel('FTP password for the camera').fill('gate-upload-pw');
    await page.getByRole('button', { name: 'Save camera' }).click();

    // Then it shows the port and user to type into the camera, and waits for the first clip
    await page.getByRole('heading', { name: 'Type this into the camera’s FTP settings' }).waitFor();
    expect(await page.locator('.wizard-summary').innerText()).toMatch(/User\s+gate/);
    await page.getByRole('status').filter({ hasText: 'Waiting for the first clip from gate' }).waitFor();
    expect(await wizardViews(page, 'wizard-ftp-done')).toStrictEqual(CLEAN);
    expect(homesec.logs.text()).not.toContain('gate-upload-pw');
    expect(apiTraffic.join('\n')).not.toContain('gate-upload-pw');
    expect(consoleProblems).toStrictEqual([]);
  }, 180_000);
});

/** Standalone: HomeSec started with a commented homesec.yaml; the wizard writes the camera into it, and it comes up after a restart. */
describe('the add-camera wizard standalone, saving into homesec.yaml', () => {
  let camera: RtspCameraServer;
  let tmp: { path: string; remove: () => void };
  let file: string;
  let original: string;
  let port: number;
  let app: HomesecApp<HomesecService> | null = null;
  let logs: LogCapture;
  let browser: Browser;
  let page: Page;
  let consoleProblems: string[];
  const supervisorEnv = new SupervisorEnv();

  /** Starts HomeSec on the file, as `homesec run --config homesec.yaml` does. */
  async function startOnFile(): Promise<void> {
    const loaded = loadConfig({ configPath: file, env: {} });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    app = HomesecApp.service({ config: loaded.value.config, log: createLogger('debug', logs), configFile: file, webDir: WEB_DIST });
    await app.start(new AbortController().signal);
  }

  beforeAll(async () => {
    supervisorEnv.clear();
    camera = await startRtspCameraServer({ scene: 'motion', mounts: REOLINK_MOUNTS, login: { username: USER, password: PASSWORD } });
    tmp = makeTempDir('homesec-wizard-yaml-');
    file = join(tmp.path, 'homesec.yaml');
    port = await freePort();
    original = [
      '# My HomeSec',
      `data_dir: ${join(tmp.path, 'data')}`,
      'http:',
      '  host: 127.0.0.1',
      `  port: ${port} # the dashboard`,
      'cameras:',
      '  # the door camera uploads clips',
      '  - name: front_door',
      '    source: folder',
      `    path: ${join(tmp.path, 'inbox')} # its inbox`,
      'detector:',
      '  enabled: false',
      '',
    ].join('\n');
    writeFileSync(file, original);
    logs = new LogCapture();
    await startOnFile();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    consoleProblems = watchConsole(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await camera?.kill();
    tmp?.remove();
    supervisorEnv.restore();
  });

  it('writes the camera into homesec.yaml (comments kept), and HomeSec started again with the file has it online', async () => {
    // Given the Cameras view of a HomeSec with one camera: the wizard opens from Add camera
    await page.goto(`http://127.0.0.1:${port}/#/cameras`);
    await page.locator('[data-camera="front_door"]').waitFor();
    await page.getByRole('button', { name: 'Add camera' }).click();

    // When a network camera at its brand path is found and saved as "driveway"
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const closedPort = await freePort();
    await findStreams(page, { host: '127.0.0.1', username: USER, password: PASSWORD, onvifPort: closedPort, rtspPort: camera.port });
    await page.getByRole('status').filter({ hasText: 'Found 2 streams' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Next: name and save' }).click();
    await page.getByLabel('Camera name').fill('driveway');
    await page.getByRole('button', { name: 'Save camera' }).click();

    // Then the wizard says to restart HomeSec, and the file has the camera after the others, its comments kept
    await page
      .getByRole('status')
      .filter({ hasText: /restart/i })
      .first()
      .waitFor();
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# My HomeSec');
    expect(written).toContain('# the door camera uploads clips');
    expect(written).toContain('# its inbox');
    const reloaded = loadConfig({ configPath: file, env: {} });
    if (!reloaded.ok) throw new Error(reloaded.error.problems.join('\n'));
    expect(reloaded.value.config.cameras.map((c) => c.name)).toEqual(['front_door', 'driveway']);
    expect(reloaded.value.config.cameras[1]).toMatchObject({ source: 'rtsp' });
    expect(logs.text()).not.toContain(PASSWORD);

    // When a folder camera "porch" is added too, by keyboard alone: arrows pick the kind, each step's heading takes the focus
    await page.getByRole('button', { name: 'Add another camera' }).click();
    await page.getByLabel('Network camera (RTSP / ONVIF)').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Clips dropped into a folder').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Name and save' }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toContain('Name and save');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('porch');
    await page.keyboard.press('Enter');

    // Then it shows the folder its clips go into, and waits for the first one
    const folder = await page.locator('.delivery-path').innerText();
    await page.getByRole('status').filter({ hasText: 'Waiting for the first clip from porch' }).waitFor();
    expect(await wizardViews(page, 'wizard-folder-done')).toStrictEqual(CLEAN);

    // When HomeSec is started again with the file (the page stays open)
    await app?.stop();
    await startOnFile();

    // Then the Cameras view lists driveway, online, and porch
    await page.locator('[data-camera="driveway"] .camera-state', { hasText: 'Online' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-camera="porch"]').waitFor();
    // ...and a clip dropped into porch's folder is the first clip the wizard was waiting for
    dropClip(folder, fixture('pedestrians.mp4'), 'first.mp4');
    await page.getByRole('status').filter({ hasText: 'The first clip from porch arrived' }).waitFor({ timeout: 60_000 });
    expect(logs.text()).not.toContain(PASSWORD);
    expect(consoleProblems.filter((p) => !/Failed to load resource|ERR_CONNECTION_REFUSED|WebSocket/.test(p))).toStrictEqual([]);
  }, 180_000);
});

/** On its built-in defaults HomeSec has nowhere to save: the wizard says so and gives the YAML to paste. */
describe('the add-camera wizard without a config file', () => {
  let homesec: StartedHomesec;
  let browser: Browser;
  let page: Page;
  const supervisorEnv = new SupervisorEnv();

  beforeAll(async () => {
    supervisorEnv.clear();
    homesec = await startHomesec({ log_level: 'warn', cameras: [] }, { webDir: WEB_DIST });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await homesec?.close();
    supervisorEnv.restore();
  });

  it('says plainly it cannot save, and shows the camera as YAML for homesec.yaml', async () => {
    // Given the Cameras view of a HomeSec without a config file (and without cameras)
    const problems = watchConsole(page);
    await page.goto(`${homesec.url}/#/cameras`);
    await page.getByText('it cannot save a camera here').waitFor();

    // When a folder camera is named and the user asks for its configuration
    await page.getByLabel('Clips dropped into a folder').check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByLabel('Camera name').fill('shed');
    await page.getByRole('button', { name: 'Show the configuration' }).click();

    // Then the YAML to paste is shown, and the view is axe clean
    const snippet = page.getByRole('region', { name: 'Add a camera' }).locator('pre');
    expect(await snippet.innerText()).toBe('cameras:\n  - name: shed\n    source: folder\n');
    expect(await wizardViews(page, 'wizard-yaml')).toStrictEqual(CLEAN);
    expect(problems).toStrictEqual([]);
  }, 180_000);
});
