import { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';

/** A `camera.*` entity Home Assistant has, as the dashboard offers it. */
export interface HaCameraEntity {
  readonly entityId: string;
  /** Its friendly_name, else the entity id. */
  readonly name: string;
}

export interface HaSnapshot {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface HaCameraCatalogOptions {
  /** Core's REST API root without `/api`: Home Assistant's URL, or the Supervisor's `/core` proxy. */
  readonly httpBase: string;
  /** The long-lived token, or SUPERVISOR_TOKEN through the proxy. Never leaves this class. */
  readonly token: string;
  readonly timeoutMs?: number;
}

const CAMERA_ENTITY = /^camera\.[a-z0-9_]+$/;
const StatesSchema = z.array(
  z.looseObject({
    entity_id: z.string(),
    attributes: z.looseObject({ friendly_name: z.string().optional() }).optional(),
  }),
);
const DEFAULT_TIMEOUT_MS = 10_000;

/** The cameras Home Assistant has (`GET /api/states`) and their current picture (`GET /api/camera_proxy/<entity>`). */
export class HaCameraCatalog {
  constructor(private readonly options: HaCameraCatalogOptions) {}

  async list(signal?: AbortSignal): Promise<Result<HaCameraEntity[], string>> {
    const reply = await this.get('/api/states', signal);
    if (!reply.ok) return reply;
    const parsed = StatesSchema.safeParse(await reply.value.json().catch(() => null));
    if (!parsed.success) return err('Home Assistant answered /api/states with something unexpected');
    const cameras = parsed.data
      .filter((state) => CAMERA_ENTITY.test(state.entity_id))
      .map((state) => ({ entityId: state.entity_id, name: state.attributes?.friendly_name || state.entity_id }));
    return ok(cameras.sort((a, b) => a.name.localeCompare(b.name)));
  }

  async snapshot(entityId: string, signal?: AbortSignal): Promise<Result<HaSnapshot, string>> {
    if (!CAMERA_ENTITY.test(entityId)) return err(`${entityId} is not a camera entity`);
    const reply = await this.get(`/api/camera_proxy/${entityId}`, signal);
    if (!reply.ok) return reply;
    const contentType = reply.value.headers.get('content-type') ?? '';
    const body = Buffer.from(await reply.value.arrayBuffer());
    return ok({ contentType: contentType.startsWith('image/') ? contentType : 'image/jpeg', body });
  }

  private async get(path: string, signal?: AbortSignal): Promise<Result<Response, string>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(`${this.options.httpBase.replace(/\/+$/, '')}${path}`, {
        headers: { authorization: `Bearer ${this.options.token}` },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch {
      return err(`Home Assistant is not reachable (${timeout.aborted ? 'timed out' : 'no connection'})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return err(`Home Assistant answered ${path.split('/').slice(0, 3).join('/')} with HTTP ${response.status}`);
    }
    return ok(response);
  }
}
