import { z } from 'zod';
import { HomesecError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { hostIpv4, NetworkInfoSchema } from './host-address.js';

/** The Supervisor API refused, failed or answered something we do not understand. */
export class SupervisorError extends HomesecError {
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Supervisor documents port as a string in places and returns an int elsewhere: accept both.
const MqttServiceSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  ssl: z.boolean().default(false),
  protocol: z.enum(['3.1', '3.1.1', '5']).default('3.1.1'),
  username: z.string().optional(),
  password: z.string().optional(),
  addon: z.string().optional(),
  app: z.string().optional(),
});
export type MqttService = z.infer<typeof MqttServiceSchema>;

const AddonInfoSchema = z.object({
  slug: z.string().min(1),
  ingress_url: z.string().nullable().optional(),
  ingress_entry: z.string().nullable().optional(),
});
export type AddonInfo = z.infer<typeof AddonInfoSchema>;

const EnvelopeSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('ok'), data: z.unknown() }),
  z.object({ result: z.literal('error'), message: z.string().default('unknown error') }),
]);

// HA's REST API with `?return_response`: the states the action changed and what it answered.
const ServiceResponseSchema = z.object({ changed_states: z.array(z.unknown()), service_response: z.unknown() });

const EVENT_TYPE = /^[a-z0-9_.]{1,64}$/;
export const DEFAULT_SUPERVISOR_URL = 'http://supervisor';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface SupervisorClientOptions {
  /** http://supervisor inside the add-on; a local server in tests. */
  readonly baseUrl: string;
  readonly token: string;
  readonly log: Logger;
  readonly timeoutMs?: number;
  /** Where Core's REST API is: `/core/api` through the Supervisor (default); `/api` on Home Assistant itself (a long-lived token). */
  readonly coreApiPath?: string;
}

/** The Supervisor's REST API as HomeSec uses it: the MQTT service, our own add-on info, HA events. */
export class SupervisorClient {
  constructor(private readonly options: SupervisorClientOptions) {}

  /** Null outside the add-on (no SUPERVISOR_TOKEN). SUPERVISOR_URL overrides the base URL (tests). */
  static fromEnv(env: NodeJS.ProcessEnv, log: Logger): SupervisorClient | null {
    const token = env.SUPERVISOR_TOKEN ?? env.HASSIO_TOKEN;
    if (!token) return null;
    return new SupervisorClient({ baseUrl: env.SUPERVISOR_URL || DEFAULT_SUPERVISOR_URL, token, log });
  }

  /** GET /services/mqtt: the broker the Mosquitto add-on provides (needs `services: [mqtt:want]`). */
  async mqttService(signal?: AbortSignal): Promise<Result<MqttService, SupervisorError>> {
    const data = await this.getData('/services/mqtt', signal);
    return data.ok ? parse(MqttServiceSchema, data.value, '/services/mqtt') : data;
  }

  /** GET /addons/self/info: our slug, for links that open the ingress panel. */
  async addonInfo(signal?: AbortSignal): Promise<Result<AddonInfo, SupervisorError>> {
    const data = await this.getData('/addons/self/info', signal);
    return data.ok ? parse(AddonInfoSchema, data.value, '/addons/self/info') : data;
  }

  /** GET /addons/self/options/config: the add-on's options as the Supervisor validated them (defaults merged in). */
  async addonOptions(signal?: AbortSignal): Promise<Result<Record<string, unknown>, SupervisorError>> {
    const data = await this.getData('/addons/self/options/config', signal);
    return data.ok ? parse(z.record(z.string(), z.unknown()), data.value, '/addons/self/options/config') : data;
  }

  /** POST /addons/self/options {options}: replaces the add-on's options; they apply at its next start. */
  async setAddonOptions(options: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<Result<void, SupervisorError>> {
    const reply = await this.request('POST', '/addons/self/options', signal, JSON.stringify({ options }));
    return reply.ok ? ok(undefined) : reply;
  }

  /** POST /addons/self/restart: the Supervisor stops this process and starts the add-on again. */
  async restartAddon(signal?: AbortSignal): Promise<Result<void, SupervisorError>> {
    const reply = await this.request('POST', '/addons/self/restart', signal);
    return reply.ok ? ok(undefined) : reply;
  }

  /** GET /network/info: the host's address on its network (needs `hassio_api: true`); null when it has none. */
  async hostAddress(signal?: AbortSignal): Promise<Result<string | null, SupervisorError>> {
    const data = await this.getData('/network/info', signal);
    if (!data.ok) return data;
    const info = parse(NetworkInfoSchema, data.value, '/network/info');
    return info.ok ? ok(hostIpv4(info.value)) : info;
  }

  /** POST /core/api/services/<domain>/<service>: calls a Home Assistant action (needs `homeassistant_api: true`). */
  async callService(
    domain: string,
    service: string,
    data: Readonly<Record<string, unknown>>,
    signal?: AbortSignal,
  ): Promise<Result<void, SupervisorError>> {
    if (!EVENT_TYPE.test(domain) || !EVENT_TYPE.test(service)) return err(new SupervisorError(`invalid action ${domain}.${service}`, null));
    const reply = await this.request('POST', `${this.coreApi()}/services/${domain}/${service}`, signal, JSON.stringify(data));
    return reply.ok ? ok(undefined) : reply;
  }

  /** POST .../services/<domain>/<service>?return_response: calls an action that answers (ai_task.generate_data); its `service_response`. */
  async callServiceForResponse(
    domain: string,
    service: string,
    data: Readonly<Record<string, unknown>>,
    signal?: AbortSignal,
  ): Promise<Result<unknown, SupervisorError>> {
    if (!EVENT_TYPE.test(domain) || !EVENT_TYPE.test(service)) return err(new SupervisorError(`invalid action ${domain}.${service}`, null));
    const path = `${this.coreApi()}/services/${domain}/${service}?return_response`;
    const reply = await this.request('POST', path, signal, JSON.stringify(data));
    if (!reply.ok) return reply;
    const parsed = parse(ServiceResponseSchema, reply.value, path);
    return parsed.ok ? ok(parsed.value.service_response) : parsed;
  }

  /** POST /core/api/events/<type>: fires a Home Assistant event (needs `homeassistant_api: true`). */
  async fireEvent(type: string, data: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<Result<void, SupervisorError>> {
    if (!EVENT_TYPE.test(type)) return err(new SupervisorError(`invalid event type "${type}"`, null));
    const reply = await this.request('POST', `${this.coreApi()}/events/${type}`, signal, JSON.stringify(data));
    return reply.ok ? ok(undefined) : reply;
  }

  private coreApi(): string {
    return this.options.coreApiPath ?? '/core/api';
  }

  private async getData(path: string, signal?: AbortSignal): Promise<Result<unknown, SupervisorError>> {
    const reply = await this.request('GET', path, signal);
    if (!reply.ok) return reply;
    const envelope = EnvelopeSchema.safeParse(reply.value);
    if (!envelope.success) return err(new SupervisorError(`${path}: unexpected reply`, null, { cause: envelope.error }));
    if (envelope.data.result === 'error') return err(new SupervisorError(`${path}: ${envelope.data.message}`, null));
    return ok(envelope.data.data);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    signal?: AbortSignal,
    body?: string,
  ): Promise<Result<unknown, SupervisorError>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    this.options.log.debug({ event_type: 'supervisor.request', method, path }, 'Supervisor API request');
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        ...(body === undefined ? {} : { body }),
      });
    } catch (e) {
      const reason = timeout.aborted ? 'timed out' : signal?.aborted ? 'aborted' : 'unreachable';
      return err(new SupervisorError(`${method} ${path}: Supervisor ${reason}`, null, { cause: e }));
    }
    const text = await response.text().catch(() => '');
    const json = parseJson(text);
    if (!response.ok) {
      const message = messageOf(json) ?? `HTTP ${response.status}`;
      return err(new SupervisorError(`${method} ${path}: ${message}`, response.status));
    }
    return ok(json);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, path: string): Result<T, SupervisorError> {
  const parsed = schema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(new SupervisorError(`${path}: unexpected reply`, null, { cause: parsed.error }));
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function messageOf(json: unknown): string | null {
  const parsed = z.object({ message: z.string() }).safeParse(json);
  return parsed.success ? parsed.data.message : null;
}
