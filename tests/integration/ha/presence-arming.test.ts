import { afterEach, describe, expect, it } from 'vitest';
import type { ArmedReason } from '../../../server/src/core/camera-arming.js';
import { CameraListResponseSchema, CameraViewSchema } from '../../../server/src/http/contract.js';
import { startFakeCoreWebsocket, type FakeCoreWebsocket } from '../../support/servers/fake-core-websocket.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

type Arming = readonly [armed: boolean, reason: ArmedReason];

/** Resolves once `camera` is armed (or not) for `reason`, from the app's bus; rejects after `timeoutMs`. */
function waitForArming(running: StartedHomesec, camera: string, [armed, reason]: Arming, timeoutMs = 20_000): Promise<void> {
  const { cameras, bus } = running.app;
  const reached = () => cameras.isArmed(camera) === armed && cameras.armedReason(camera) === reason;
  if (reached()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const owner = {};
    const timer = setTimeout(() => {
      bus.off(owner);
      const now = `${cameras.isArmed(camera)} ${cameras.armedReason(camera)}`;
      reject(new Error(`${camera} is not ${armed ? 'armed' : 'disarmed'} for ${reason} within ${timeoutMs} ms (now ${now})`));
    }, timeoutMs);
    bus.on(owner, 'camera.armedChanged', () => {
      if (!reached()) return;
      clearTimeout(timer);
      bus.off(owner);
      resolve();
    });
  });
}

async function setArmedFromDashboard(running: StartedHomesec, camera: string, armed: boolean) {
  const res = await fetch(`${running.url}/api/cameras/${camera}/armed`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ armed }),
  });
  expect(res.status).toBe(200);
  return CameraViewSchema.parse(await res.json());
}

describe('arming by presence from Home Assistant (alerts.arming.mode away)', () => {
  let core: FakeCoreWebsocket | null = null;
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    await core?.close();
    running = null;
    core = null;
  });

  const start = (fake: FakeCoreWebsocket, arming: Record<string, unknown> = {}) =>
    startHomesec({
      cameras: [
        { name: 'front_door', source: 'folder' },
        { name: 'garage', source: 'folder' },
      ],
      alerts: { arming: { mode: 'away', ...arming } },
      home_assistant: { url: fake.url, token: fake.token },
    });

  it('arms every camera when zone.home goes to 0 and disarms them when a person comes home', async () => {
    // Given Home Assistant with one person at home, and HomeSec following zone.home
    core = await startFakeCoreWebsocket({ 'zone.home': '1', 'person.ann': 'home' });
    running = await start(core);
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    await waitForArming(running, 'garage', [false, 'someone_home']);
    // When the last person leaves (HA counts persons in the home zone)
    core.setState('person.ann', 'not_home');
    core.setState('zone.home', '0', { persons: [] });
    // Then every camera is armed because nobody is home, and the dashboard's camera list says why
    await waitForArming(running, 'front_door', [true, 'nobody_home']);
    await waitForArming(running, 'garage', [true, 'nobody_home']);
    const listed = CameraListResponseSchema.parse(await (await fetch(`${running.url}/api/cameras`)).json()).cameras;
    expect(listed.map((c) => [c.name, c.armed, c.armedReason])).toStrictEqual([
      ['front_door', true, 'nobody_home'],
      ['garage', true, 'nobody_home'],
    ]);
    // When a person comes home
    core.setState('person.ann', 'home');
    core.setState('zone.home', '1', { persons: ['person.ann'] });
    // Then the cameras are disarmed again
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    await waitForArming(running, 'garage', [false, 'someone_home']);
    // And the access token is in no log line and not in the settings the dashboard shows
    expect(running.logs.text()).not.toContain(core.token);
    const settings = await (await fetch(`${running.url}/api/settings`)).text();
    expect(settings).not.toContain(core.token);
  });

  it('with chosen persons, is armed while none of them is home', async () => {
    // Given two chosen persons, Bob at home (zone.home, counting someone else, is not followed)
    core = await startFakeCoreWebsocket({ 'zone.home': '3', 'person.ann': 'not_home', 'person.bob': 'home' });
    running = await start(core, { presence_entities: ['person.ann', 'person.bob'] });
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    // When Bob goes to work
    core.setState('person.bob', 'Work');
    // Then nobody chosen is home: armed
    await waitForArming(running, 'front_door', [true, 'nobody_home']);
    // When Ann comes home / Then disarmed
    core.setState('person.ann', 'home');
    await waitForArming(running, 'front_door', [false, 'someone_home']);
  });

  it('holds a manual arm while someone is home until the next presence change, then follows presence again', async () => {
    // Given someone at home (disarmed)
    core = await startFakeCoreWebsocket({ 'zone.home': '1' });
    running = await start(core);
    const app = running.app;
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    // When the user arms the front door from the dashboard
    const view = await setArmedFromDashboard(running, 'front_door', true);
    // Then it is armed as a manual override; the garage still follows presence
    expect([view.armed, view.armedReason]).toStrictEqual([true, 'manual_override']);
    expect([app.cameras.isArmed('garage'), app.cameras.armedReason('garage')]).toStrictEqual([false, 'someone_home']);
    // When a second person comes home (still someone home: not a change of presence)
    core.setState('zone.home', '2');
    await expect
      .poll(() => running?.logs.records('ha.presence').some((r) => (r.states as Record<string, string>)['zone.home'] === '2'))
      .toBe(true);
    // Then the override holds
    expect([app.cameras.isArmed('front_door'), app.cameras.armedReason('front_door')]).toStrictEqual([true, 'manual_override']);
    // When everybody leaves / Then presence decides again: armed because nobody is home
    core.setState('zone.home', '0');
    await waitForArming(running, 'front_door', [true, 'nobody_home']);
    // When the user disarms the garage while nobody is home / Then that override holds...
    expect((await setArmedFromDashboard(running, 'garage', false)).armedReason).toBe('manual_override');
    // ...until someone comes home, after which both follow presence (the front door's old override is gone)
    core.setState('zone.home', '1');
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    await waitForArming(running, 'garage', [false, 'someone_home']);
    core.setState('zone.home', '0');
    await waitForArming(running, 'garage', [true, 'nobody_home']);
  });

  it("reconnects when Core's websocket drops and reads the states again", async () => {
    // Given HomeSec following a Core with someone at home
    core = await startFakeCoreWebsocket({ 'zone.home': '1' });
    running = await start(core);
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    expect(core.statesRead()).toBe(1);
    // When Core restarts: the connection drops and Core refuses connections for a while...
    core.refuseConnections(true);
    core.dropConnections();
    await core.waitForRefused(1);
    // ...and the last person leaves meanwhile (no event can reach HomeSec)
    core.setState('zone.home', '0');
    core.refuseConnections(false);
    // Then HomeSec reconnects, reads the states again and arms
    await waitForArming(running, 'front_door', [true, 'nobody_home']);
    expect(core.statesRead()).toBe(2);
    // And events flow on the new connection: a person coming home disarms
    core.setState('zone.home', '1');
    await waitForArming(running, 'front_door', [false, 'someone_home']);
    // And the loss and the return were logged
    expect(running.logs.records('ha.presence_unavailable').length).toBeGreaterThan(0);
    expect(running.logs.records('ha.presence_connected')).toHaveLength(2);
  });

  it('keeps the last decision when the token is refused, and says so in the health report', async () => {
    // Given a Core that refuses HomeSec's token
    core = await startFakeCoreWebsocket({ 'zone.home': '0' });
    running = await startHomesec({
      alerts: { arming: { mode: 'away' } },
      home_assistant: { url: core.url, token: 'not-the-token' },
    });
    // Then the refusal is logged once, without the token, and the cameras keep the switch's state
    await expect.poll(() => running?.logs.records('ha.presence_unavailable').length).toBeGreaterThan(0);
    const [record] = running.logs.records('ha.presence_unavailable');
    expect(String(record?.problem)).toContain('token refused');
    expect(running.logs.text()).not.toContain('not-the-token');
    expect([running.app.cameras.isArmed('front_door'), running.app.cameras.armedReason('front_door')]).toStrictEqual([true, 'manual']);
    const health = (await (await fetch(`${running.url}/api/health`)).json()) as { checks: Record<string, { status: string }> };
    expect(health.checks.presence?.status).toBe('degraded');
  });
});
