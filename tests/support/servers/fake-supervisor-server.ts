import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, join, relative } from 'node:path';

/** One request the fake Supervisor received. */
export interface SupervisorRequest {
  readonly method: string;
  readonly path: string;
  /** The query string without `?` (`return_response`), empty when none. */
  readonly query: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** What one route answers: a Supervisor envelope `{result, data}` or a raw status and body. */
export type SupervisorReply =
  | { readonly kind: 'ok'; readonly data: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly message: string }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string }
  /** Bytes of a content type (Core's camera_proxy JPEG). */
  | { readonly kind: 'bytes'; readonly contentType: string; readonly body: Buffer }
  /** Never answers (a hung Supervisor, for timeouts). */
  | { readonly kind: 'hang' };

export interface FakeSupervisor {
  /** e.g. http://127.0.0.1:PORT, for SUPERVISOR_URL. */
  readonly url: string;
  readonly token: string;
  readonly requests: SupervisorRequest[];
  /** Sets the reply of `METHOD /path`; POST /core/api/events/<type> answers HA's {"message"} by default. */
  reply(method: string, path: string, reply: SupervisorReply): void;
  /** Core's `ai_task.generate_data` behind the Core proxy. */
  readonly aiTask: FakeAiTask;
  close(): Promise<void>;
}

/** What the AI Task answers one call with: generated data, or an error raised in HA (an HTTP status and its body). */
export type AiTaskReply = { readonly kind: 'data'; readonly data: unknown } | { readonly kind: 'error'; readonly status: number };

/** One `ai_task.generate_data` call as the fake Core received it. */
export interface AiTaskCall {
  readonly body: Record<string, unknown>;
  /** Each attachment's file as it was during the call, read through the media dirs; null when it did not resolve. */
  readonly attachmentFiles: (Buffer | null)[];
}

export interface FakeAiTask {
  readonly calls: AiTaskCall[];
  /** Answers for the next calls, in order; then the default. */
  script(...replies: AiTaskReply[]): void;
  setDefault(reply: AiTaskReply): void;
}

export interface FakeSupervisorOptions {
  /** HA's `media_dirs` (source dir id -> folder): where media-source ids of attachments resolve. */
  readonly mediaDirs?: Readonly<Record<string, string>>;
}

const AI_TASK_PATH = '/core/api/services/ai_task/generate_data';

/**
 * A real HTTP server on 127.0.0.1 playing the Supervisor API: checks the bearer token (401 otherwise,
 * as the Supervisor does), answers per route, records every request.
 */
export async function startFakeSupervisor(token = 'test-supervisor-token', options: FakeSupervisorOptions = {}): Promise<FakeSupervisor> {
  const routes = new Map<string, SupervisorReply>();
  const requests: SupervisorRequest[] = [];
  const aiTask = fakeAiTask(options.mediaDirs ?? {});
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const [path = '/', query = ''] = (req.url ?? '/').split('?');
        const method = req.method ?? 'GET';
        requests.push({ method, path, query, authorization: req.headers.authorization, body });
        const send = (status: number, payload: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
        if (req.headers.authorization !== `Bearer ${token}`) return send(401, JSON.stringify({ result: 'error', message: 'Unauthorized' }));
        const route =
          routes.get(`${method} ${path}`) ??
          (method === 'POST' && path === AI_TASK_PATH ? aiTask.answer(query, body) : defaultReply(method, path));
        switch (route.kind) {
          case 'ok':
            return send(200, JSON.stringify({ result: 'ok', data: route.data }));
          case 'error':
            return send(route.status, JSON.stringify({ result: 'error', message: route.message }));
          case 'raw':
            return send(route.status, route.body);
          case 'bytes':
            return res.writeHead(200, { 'content-type': route.contentType }).end(route.body);
          case 'hang':
            return undefined;
        }
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    reply: (method, path, reply) => void routes.set(`${method} ${path}`, reply),
    aiTask,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * `POST /api/services/ai_task/generate_data` as HA core answers it (components/api/__init__.py, ai_task/):
 * 400 without `?return_response` (the action only answers) or with a bad field; the media-source ids of
 * the attachments resolved to files (an unresolvable one raises in HA: 500); then the answer as
 * `{changed_states, service_response: {conversation_id, data}}`, the entity's state among the changes.
 */
function fakeAiTask(mediaDirs: Readonly<Record<string, string>>): FakeAiTask & { answer(query: string, body: string): SupervisorReply } {
  const calls: AiTaskCall[] = [];
  const scripted: AiTaskReply[] = [];
  let fallback: AiTaskReply = { kind: 'error', status: 500 };
  const json = (status: number, payload: unknown): SupervisorReply => ({ kind: 'raw', status, body: JSON.stringify(payload) });
  // aiohttp's own bodies for the errors HA does not phrase itself.
  const badRequest: SupervisorReply = { kind: 'raw', status: 400, body: '400: Bad Request' };
  const serverError = (status: number): SupervisorReply => ({
    kind: 'raw',
    status,
    body: `${status} Internal Server Error\n\nServer got itself in trouble`,
  });
  const resolve = (id: unknown): Buffer | null => {
    const match = typeof id === 'string' ? /^media-source:\/\/media_source\/([^/]+)\/(.+)$/.exec(id) : null;
    const base = match?.[1] ? mediaDirs[match[1]] : undefined;
    if (!match?.[2] || base === undefined || /(~|\.\.)/.test(match[2])) return null;
    const path = join(base, match[2]);
    const rel = relative(base, path);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    try {
      return readFileSync(path);
    } catch {
      return null;
    }
  };
  return {
    calls,
    script: (...replies) => void scripted.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    answer(query, raw) {
      if (!new URLSearchParams(query).has('return_response'))
        return json(400, {
          message: 'Service call requires responses but caller did not ask for responses. Add ?return_response to query parameters.',
        });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return json(400, { message: 'Data should be valid JSON.' });
      }
      if (typeof body.task_name !== 'string' || typeof body.instructions !== 'string' || !validStructure(body.structure)) return badRequest;
      const attachments = body.attachments ?? [];
      if (!Array.isArray(attachments) || !attachments.every(validAttachment)) return badRequest;
      const attachmentFiles = attachments.map((a: { media_content_id: string }) => resolve(a.media_content_id));
      calls.push({ body, attachmentFiles });
      if (attachmentFiles.some((f) => f === null)) return serverError(500);
      const reply = scripted.shift() ?? fallback;
      if (reply.kind === 'error')
        return reply.status >= 500 ? serverError(reply.status) : json(reply.status, { message: `HTTP ${reply.status}` });
      const entityId = typeof body.entity_id === 'string' ? body.entity_id : 'ai_task.preferred';
      const now = new Date().toISOString();
      return json(200, {
        changed_states: [{ entity_id: entityId, state: now, attributes: {}, last_changed: now, last_updated: now }],
        service_response: { conversation_id: `01K${calls.length.toString().padStart(23, '0')}`, data: reply.data },
      });
    },
  };
}

/** The selector names HA's selector registry knows that a structure is likely to use. */
const SELECTORS = new Set(['text', 'number', 'boolean', 'select', 'object', 'entity', 'date', 'datetime', 'time', 'duration']);

/** ai_task's STRUCTURE_FIELD_SCHEMA: {name: {selector: {<one type>: config}, required?: bool, description?: str}}, objects' fields alike (label, no description). */
function validStructure(structure: unknown, nested = false): boolean {
  if (structure === undefined && !nested) return true;
  if (typeof structure !== 'object' || structure === null || Array.isArray(structure)) return false;
  return Object.values(structure).every((field: unknown) => {
    if (typeof field !== 'object' || field === null) return false;
    const { selector, required, description, label, ...extra } = field as Record<string, unknown>;
    if (Object.keys(extra).length > 0 || (required !== undefined && typeof required !== 'boolean')) return false;
    if (nested ? description !== undefined || (label !== undefined && typeof label !== 'string') : label !== undefined) return false;
    if (!nested && description !== undefined && typeof description !== 'string') return false;
    if (typeof selector !== 'object' || selector === null) return false;
    const entries = Object.entries(selector);
    const [type, config] = entries[0] ?? [];
    if (entries.length !== 1 || type === undefined || !SELECTORS.has(type)) return false;
    if (type === 'select' && !Array.isArray((config as { options?: unknown } | null)?.options)) return false;
    const fields = type === 'object' ? (config as { fields?: unknown } | null)?.fields : undefined;
    return fields === undefined || validStructure(fields, true);
  });
}

function validAttachment(value: unknown): value is { media_content_id: string; media_content_type: string } {
  const a = value as { media_content_id?: unknown; media_content_type?: unknown } | null;
  return typeof a?.media_content_id === 'string' && typeof a.media_content_type === 'string';
}

function defaultReply(method: string, path: string): SupervisorReply {
  if (method === 'POST' && path.startsWith('/core/api/events/')) {
    return { kind: 'raw', status: 200, body: JSON.stringify({ message: `Event ${path.slice('/core/api/events/'.length)} fired.` }) };
  }
  // HA's REST API answers an action call with the states it changed (none for a notification).
  if (method === 'POST' && path.startsWith('/core/api/services/')) return { kind: 'raw', status: 200, body: '[]' };
  if (method === 'GET' && path === '/addons/self/info')
    return {
      kind: 'ok',
      data: { slug: 'local_homesec', ingress_url: '/api/hassio_ingress/abc/', ingress_entry: '/api/hassio_ingress/abc' },
    };
  // What the Supervisor says when no broker add-on provides the service.
  return { kind: 'error', status: 400, message: 'Service not enabled' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
