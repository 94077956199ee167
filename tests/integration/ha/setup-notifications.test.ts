import { afterEach, describe, expect, it } from 'vitest';
import type { HealthCheck } from '../../../server/src/core/bus-signals.js';
import { SetupNotifications } from '../../../server/src/ha/setup-notifications.js';
import { SupervisorClient } from '../../../server/src/ha/supervisor-client.js';
import { HealthRegistry } from '../../../server/src/health/health-registry.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { log } from './ha-harness.js';

describe('setup problems as Home Assistant persistent notifications', () => {
  let supervisor: FakeSupervisor | null = null;
  let notifications: SetupNotifications | null = null;
  afterEach(async () => {
    notifications?.stop();
    await supervisor?.close();
  });

  it('raises each cause once through the Core API and dismisses it when fixed', async () => {
    // Given the stand-in Supervisor, the real health registry with a model that fails to load, and a healthy store
    supervisor = await startFakeSupervisor();
    const client = SupervisorClient.fromEnv({ SUPERVISOR_TOKEN: supervisor.token, SUPERVISOR_URL: supervisor.url }, log);
    if (!client) throw new Error('no Supervisor client');
    const health = new HealthRegistry();
    let detector: HealthCheck = { status: 'unhealthy', message: 'the model /config/models/x.onnx does not load: invalid protobuf' };
    health.register('detector', () => detector);
    health.register('store', () => ({ status: 'healthy', message: 'sqlite' }));
    const calls = () =>
      (supervisor?.requests ?? [])
        .filter((r) => r.path.startsWith('/core/api/services/persistent_notification/'))
        .map((r) => `${r.path.split('/').at(-1) ?? ''} ${(JSON.parse(r.body) as { notification_id: string }).notification_id}`);
    notifications = new SetupNotifications({
      supervisor: client,
      checks: () => health.report().checks,
      log,
      intervalMs: 60_000,
      graceMs: 0,
    });

    // When it looks three times while the model still fails
    await notifications.evaluate();
    await notifications.evaluate();
    await notifications.evaluate();
    // Then one notification was raised for that cause, with its message, and none for the healthy store
    expect(calls()).toStrictEqual(['create homesec_detector']);
    const created = supervisor.requests.find((r) => r.path === '/core/api/services/persistent_notification/create');
    expect(JSON.parse(created?.body ?? '{}')).toMatchObject({ title: 'HomeSec: detector is unhealthy' });
    expect(created?.body).toContain('invalid protobuf');

    // When the model is fixed
    detector = { status: 'healthy', message: 'ready' };
    await notifications.evaluate();
    await notifications.evaluate();
    // Then it is dismissed, once
    expect(calls()).toStrictEqual(['create homesec_detector', 'dismiss homesec_detector']);
  });

  it('waits out a short blip (a broker restart) before raising anything', async () => {
    supervisor = await startFakeSupervisor();
    const client = SupervisorClient.fromEnv({ SUPERVISOR_TOKEN: supervisor.token, SUPERVISOR_URL: supervisor.url }, log);
    if (!client) throw new Error('no Supervisor client');
    let now = 0;
    let mqtt: HealthCheck = { status: 'degraded', message: 'broker unreachable' };
    notifications = new SetupNotifications({ supervisor: client, checks: () => ({ mqtt }), log, graceMs: 60_000, now: () => now });
    await notifications.evaluate();
    now = 30_000;
    mqtt = { status: 'healthy', message: 'connected' };
    await notifications.evaluate();
    expect(supervisor.requests.filter((r) => r.path.includes('persistent_notification'))).toStrictEqual([]);
  });
});
