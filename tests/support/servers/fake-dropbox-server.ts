import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received (Dropbox-API-Arg or JSON body parsed into `arg`). */
export interface RecordedRequest {
  readonly endpoint: string;
  readonly arg: unknown;
  readonly bytes: number;
  readonly authorization: string;
  readonly at: number;
}

/** A scripted answer for the next request(s) to an endpoint, instead of the normal one. */
export interface ScriptedFailure {
  readonly endpoint: string;
  readonly status: number;
  readonly retryAfterS?: number;
  readonly body?: unknown;
}

export interface FakeDropboxOptions {
  readonly appKey?: string;
  readonly appSecret?: string;
  readonly refreshToken?: string;
  /** Tokens accepted from the start (a plain long-lived access token). */
  readonly accessTokens?: readonly string[];
  readonly tokenLifetimeS?: number;
}

export interface FakeDropbox {
  /** Base URL for both the API and the content host. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Stored files by lower-case path. */
  readonly files: Map<string, { readonly pathDisplay: string; readonly bytes: Buffer }>;
  /** Answers the next matching requests with these failures, in order. */
  script(...failures: ScriptedFailure[]): void;
  /** Every token issued so far stops working (as after expiry). */
  expireTokens(): void;
  requestsTo(endpoint: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Dropbox's content_hash, written independently of the code under test. */
export function referenceContentHash(bytes: Buffer): string {
  const block = 4 * 1024 * 1024;
  const digests: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += block)
    digests.push(
      createHash('sha256')
        .update(bytes.subarray(offset, offset + block))
        .digest(),
    );
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/**
 * A local stand-in for the Dropbox HTTP API on 127.0.0.1 (free port): OAuth refresh, files/upload,
 * upload sessions, get_metadata and delete_v2, with files kept in memory. Failures can be scripted.
 */
export async function startFakeDropbox(options: FakeDropboxOptions = {}): Promise<FakeDropbox> {
  const o = { appKey: 'app-key', appSecret: 'app-secret', refreshToken: 'refresh-1', tokenLifetimeS: 14_400, ...options };
  const validTokens = new Set(options.accessTokens ?? []);
  const requests: RecordedRequest[] = [];
  const files = new Map<string, { pathDisplay: string; bytes: Buffer }>();
  const sessions = new Map<string, Buffer>();
  const scripted: ScriptedFailure[] = [];
  let issued = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const endpoint = (req.url ?? '').split('?')[0] ?? '';
    const arg =
      endpoint === '/oauth2/token' ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : parseArg(req, body, endpoint);
    requests.push({ endpoint, arg, bytes: body.length, authorization: req.headers.authorization ?? '', at: Date.now() });
    const failure = scripted.findIndex((f) => f.endpoint === endpoint);
    if (failure >= 0) {
      const [f] = scripted.splice(failure, 1);
      if (f) return reply(res, f.status, f.body ?? { error_summary: `scripted_${f.status}/`, error: { '.tag': 'other' } }, f.retryAfterS);
    }
    if (endpoint === '/oauth2/token') return token(req, arg as Record<string, string>, res);
    const auth = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!validTokens.has(auth))
      return reply(res, 401, { error_summary: 'expired_access_token/', error: { '.tag': 'expired_access_token' } });
    return api(endpoint, arg as Record<string, unknown>, body, res);
  };

  const token = (req: IncomingMessage, form: Record<string, string>, res: ServerResponse) => {
    const basic = `Basic ${Buffer.from(`${o.appKey}:${o.appSecret}`).toString('base64')}`;
    if (req.headers.authorization !== basic)
      return reply(res, 400, { error: 'invalid_client', error_description: 'Invalid client_id or client_secret' });
    if (form.grant_type !== 'refresh_token' || form.refresh_token !== o.refreshToken)
      return reply(res, 400, { error: 'invalid_grant', error_description: 'refresh token is malformed' });
    const value = `sl.token-${++issued}-${randomBytes(4).toString('hex')}`;
    validTokens.add(value);
    return reply(res, 200, { access_token: value, token_type: 'bearer', expires_in: o.tokenLifetimeS });
  };

  const api = (endpoint: string, arg: Record<string, unknown>, body: Buffer, res: ServerResponse) => {
    switch (endpoint) {
      case '/2/files/upload':
        return reply(res, 200, store(String(arg.path), body));
      case '/2/files/upload_session/start': {
        const id = `session-${randomBytes(4).toString('hex')}`;
        sessions.set(id, body);
        return reply(res, 200, { session_id: id });
      }
      case '/2/files/upload_session/append_v2':
      case '/2/files/upload_session/finish': {
        const cursor = arg.cursor as { session_id: string; offset: number };
        const data = sessions.get(cursor.session_id);
        if (!data)
          return reply(res, 409, {
            error_summary: 'lookup_failed/not_found/',
            error: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_found' } },
          });
        if (cursor.offset !== data.length) {
          const offsetError = { '.tag': 'incorrect_offset', correct_offset: data.length };
          return reply(
            res,
            409,
            endpoint.endsWith('finish')
              ? { error_summary: 'lookup_failed/incorrect_offset/', error: { '.tag': 'lookup_failed', lookup_failed: offsetError } }
              : { error_summary: 'incorrect_offset/', error: offsetError },
          );
        }
        const joined = Buffer.concat([data, body]);
        sessions.set(cursor.session_id, joined);
        if (endpoint.endsWith('append_v2')) return reply(res, 200, null);
        sessions.delete(cursor.session_id);
        return reply(res, 200, store(String((arg.commit as { path: string }).path), joined));
      }
      case '/2/files/get_metadata': {
        const file = files.get(String(arg.path).toLowerCase());
        if (!file) return reply(res, 409, { error_summary: 'path/not_found/..', error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
        return reply(res, 200, metadata(file.pathDisplay, file.bytes));
      }
      case '/2/files/delete_v2': {
        const key = String(arg.path).toLowerCase();
        const file = files.get(key);
        if (!file)
          return reply(res, 409, {
            error_summary: 'path_lookup/not_found/..',
            error: { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } },
          });
        files.delete(key);
        return reply(res, 200, { metadata: metadata(file.pathDisplay, file.bytes) });
      }
      default:
        return reply(res, 400, `Unknown API function: ${endpoint}`);
    }
  };

  const store = (path: string, bytes: Buffer) => {
    files.set(path.toLowerCase(), { pathDisplay: path, bytes });
    return metadata(path, bytes);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => reply(res, 500, String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    files,
    script: (...failures) => void scripted.push(...failures),
    expireTokens: () => validTokens.clear(),
    requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function metadata(path: string, bytes: Buffer): Record<string, unknown> {
  const name = path.split('/').pop() ?? '';
  return {
    '.tag': 'file',
    name,
    id: `id:${name}`,
    path_lower: path.toLowerCase(),
    path_display: path,
    size: bytes.length,
    content_hash: referenceContentHash(bytes),
    rev: randomBytes(5).toString('hex'),
    server_modified: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

function parseArg(req: IncomingMessage, body: Buffer, endpoint: string): unknown {
  const header = req.headers['dropbox-api-arg'];
  if (typeof header === 'string') return JSON.parse(header) as unknown;
  return endpoint.startsWith('/2/') && body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : null;
}

function reply(res: ServerResponse, status: number, body: unknown, retryAfterS?: number): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' };
  if (retryAfterS !== undefined) headers['retry-after'] = String(retryAfterS);
  res.writeHead(status, headers).end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
