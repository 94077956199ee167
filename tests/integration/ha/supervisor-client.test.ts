import { parseConfigSection } from '../../../server/src/config/schema.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttConfigSchema } from '../../../server/src/config/sections/mqtt-config.js';
import { resolveBroker } from '../../../server/src/ha/addon-broker.js';
import { SupervisorClient } from '../../../server/src/ha/supervisor-client.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';

const log = createLogger('silent');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function supervisor(): Promise<FakeSupervisor> {
  const s = await startFakeSupervisor();
  cleanups.push(() => s.close());
  return s;
}

function clientFor(s: FakeSupervisor, timeoutMs?: number): SupervisorClient {
  return new SupervisorClient({ baseUrl: s.url, token: s.token, log, ...(timeoutMs ? { timeoutMs } : {}) });
}

const MOSQUITTO_SERVICE = {
  host: 'core-mosquitto',
  port: '1883',
  ssl: false,
  protocol: '3.1.1',
  username: 'addons',
  password: 'pw',
  addon: 'core_mosquitto',
};

describe('SupervisorClient against a local Supervisor', () => {
  it('reads the MQTT service with the bearer token and accepts the port as a string', async () => {
    // Given a Supervisor whose Mosquitto add-on provides the MQTT service
    const s = await supervisor();
    s.reply('GET', '/services/mqtt', { kind: 'ok', data: MOSQUITTO_SERVICE });

    // When the client asks for it
    const result = await clientFor(s).mqttService();

    // Then it gets typed values, and the request carried the token
    expect(result).toStrictEqual({ ok: true, value: { ...MOSQUITTO_SERVICE, port: 1883 } });
    expect(s.requests[0]).toMatchObject({ method: 'GET', path: '/services/mqtt', authorization: `Bearer ${s.token}` });
  });

  it('returns the Supervisor message as an error value: no broker, no access, bad token', async () => {
    // Given no broker add-on (default reply), then a 403, then a wrong token
    const s = await supervisor();
    const none = await clientFor(s).mqttService();
    s.reply('GET', '/services/mqtt', { kind: 'error', status: 403, message: 'No access to mqtt service' });
    const forbidden = await clientFor(s).mqttService();
    const badToken = await new SupervisorClient({ baseUrl: s.url, token: 'wrong', log }).mqttService();

    // Then each is an error with the reason, never a throw
    expect(none.ok ? null : none.error.message).toBe('GET /services/mqtt: Service not enabled');
    expect(forbidden.ok ? null : [forbidden.error.status, forbidden.error.message]).toStrictEqual([
      403,
      'GET /services/mqtt: No access to mqtt service',
    ]);
    expect(badToken.ok ? null : badToken.error.status).toBe(401);
  });

  it('refuses a reply that is not what the Supervisor documents', async () => {
    // Given a reply without a host
    const s = await supervisor();
    s.reply('GET', '/services/mqtt', { kind: 'ok', data: { port: 1883 } });
    // When read, then it is an error value that keeps the zod issue as cause
    const result = await clientFor(s).mqttService();
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.error.cause).toBeDefined();
  });

  it('gives up after its timeout when the Supervisor hangs', async () => {
    // Given a Supervisor that never answers
    const s = await supervisor();
    s.reply('GET', '/services/mqtt', { kind: 'hang' });
    // When asked with a short timeout, then it reports a timeout
    const result = await clientFor(s, 200).mqttService();
    expect(result.ok ? null : result.error.message).toBe('GET /services/mqtt: Supervisor timed out');
  });

  it('fires a Home Assistant event through the Core API proxy', async () => {
    // Given a Supervisor
    const s = await supervisor();
    // When an event is fired
    const result = await clientFor(s).fireEvent('homesec_alert', { camera: 'front_door', risk_level: 'high' });
    // Then it was POSTed to /core/api/events/<type> with the data as JSON
    expect(result).toStrictEqual({ ok: true, value: undefined });
    expect(s.requests.at(-1)).toMatchObject({ method: 'POST', path: '/core/api/events/homesec_alert' });
    expect(JSON.parse(s.requests.at(-1)?.body ?? '')).toStrictEqual({ camera: 'front_door', risk_level: 'high' });
    // And an event type that is not a plain name is refused before any request
    const bad = await clientFor(s).fireEvent('../../x', {});
    expect(bad.ok).toBe(false);
    expect(s.requests).toHaveLength(1);
  });

  it('exists only under the Supervisor (a token in the environment)', () => {
    expect(SupervisorClient.fromEnv({}, log)).toBeNull();
    expect(SupervisorClient.fromEnv({ SUPERVISOR_TOKEN: 't' }, log)).toBeInstanceOf(SupervisorClient);
  });
});

describe('resolveBroker', () => {
  const base = parseConfigSection(MqttConfigSchema, {});

  it('uses the Supervisor broker when no URL is set', async () => {
    // Given a Supervisor with the Mosquitto service and no broker options
    const s = await supervisor();
    s.reply('GET', '/services/mqtt', { kind: 'ok', data: MOSQUITTO_SERVICE });
    // When the broker is resolved
    const resolved = await resolveBroker(base, clientFor(s), log);
    // Then its host, port and credentials are used
    expect(resolved.origin).toBe('supervisor');
    expect(resolved.mqtt).toMatchObject({ url: 'mqtt://core-mosquitto:1883', username: 'addons', password: 'pw' });
  });

  it('lets the options override: a URL wins outright, a user replaces the credentials as a pair', async () => {
    const s = await supervisor();
    s.reply('GET', '/services/mqtt', { kind: 'ok', data: { ...MOSQUITTO_SERVICE, ssl: true, port: 8883 } });
    // Given a manual URL
    const manual = await resolveBroker({ ...base, url: 'mqtt://192.168.1.5:1883' }, clientFor(s), log);
    // Then the Supervisor is not even asked
    expect(manual).toStrictEqual({ mqtt: { ...base, url: 'mqtt://192.168.1.5:1883' }, origin: 'manual' });
    expect(s.requests).toHaveLength(0);
    // Given only a user and password in the options
    const creds = await resolveBroker({ ...base, username: 'homesec', password: 'mine' }, clientFor(s), log);
    // Then the Supervisor's host (with TLS) and the user's credentials are used
    expect(creds.mqtt).toMatchObject({ url: 'mqtts://core-mosquitto:8883', username: 'homesec', password: 'mine' });
  });

  it('leaves MQTT off when there is no broker at all', async () => {
    const s = await supervisor();
    expect((await resolveBroker(base, clientFor(s), log)).origin).toBe('none');
    expect((await resolveBroker(base, null, log)).origin).toBe('none');
  });
});
