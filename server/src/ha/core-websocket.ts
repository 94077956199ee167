import WebSocket from 'ws';
import { z } from 'zod';
import { HomesecError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';

/** Home Assistant Core's websocket refused us, failed, went away or said something we do not understand. */
export class CoreWebsocketError extends HomesecError {
  constructor(
    message: string,
    /** auth: the token was refused (retrying will not help until it changes); the rest may pass. */
    readonly kind: 'auth' | 'connection' | 'protocol' | 'command',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// The messages of homeassistant/components/websocket_api (auth.py, messages.py): only the fields we read.
const AuthPhaseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth_required') }),
  z.object({ type: z.literal('auth_ok') }),
  z.object({ type: z.literal('auth_invalid'), message: z.string().default('invalid access token') }),
]);
const CommandReplySchema = z.discriminatedUnion('type', [
  z.object({
    id: z.number().int(),
    type: z.literal('result'),
    success: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ code: z.string().default(''), message: z.string().default('') }).optional(),
  }),
  z.object({ id: z.number().int(), type: z.literal('event'), event: z.unknown() }),
  z.object({ id: z.number().int(), type: z.literal('pong') }),
]);

export interface CoreWebsocketOptions {
  /** ws://supervisor/core/websocket in the add-on; ws(s)://<host>/api/websocket with a long-lived token. */
  readonly url: string;
  /** SUPERVISOR_TOKEN, or a long-lived access token: sent in the auth message only, never logged. */
  readonly token: string;
  /** Limit for connecting and authenticating, and for each command's answer (default 10 s). */
  readonly timeoutMs?: number;
}

type Pending = { resolve: (reply: Result<unknown, CoreWebsocketError>) => void; timer: NodeJS.Timeout };

/**
 * One authenticated connection to Core's websocket API: `auth_required` -> `auth` -> `auth_ok`, then
 * numbered commands answered by `result`, and subscriptions whose `event` messages carry the
 * subscribing command's id. No reconnect here: `closed` resolves once, and the owner opens a new one.
 */
export class CoreWebsocket {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (event: unknown) => void>();
  /** Resolves with the reason when the connection ends (Core restarting, the network, `close()`). */
  readonly closed: Promise<string>;
  private markClosed: (why: string) => void = () => undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', (code) => this.end(`closed (${code})`));
    socket.on('error', (e) => this.end(e.message));
  }

  /** Connects and authenticates; an `auth` error means the token was refused. */
  static open(options: CoreWebsocketOptions, signal?: AbortSignal): Promise<Result<CoreWebsocket, CoreWebsocketError>> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    let socket: WebSocket;
    try {
      socket = new WebSocket(options.url, { handshakeTimeout: timeoutMs });
    } catch (e) {
      return Promise.resolve(err(new CoreWebsocketError(`cannot connect: ${(e as Error).message}`, 'connection', { cause: e })));
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Result<CoreWebsocket, CoreWebsocketError>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('message', onAuthMessage);
        if (!result.ok) socket.terminate();
        resolve(result);
      };
      const onAbort = (): void => finish(err(new CoreWebsocketError('connecting was aborted', 'connection')));
      const timer = setTimeout(() => finish(err(new CoreWebsocketError(`no auth_ok within ${timeoutMs} ms`, 'connection'))), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      const onAuthMessage = (data: WebSocket.RawData): void => {
        const phase = AuthPhaseSchema.safeParse(parseJson(String(data)));
        if (!phase.success) return finish(err(new CoreWebsocketError('unexpected message while authenticating', 'protocol')));
        if (phase.data.type === 'auth_required') socket.send(JSON.stringify({ type: 'auth', access_token: options.token }));
        else if (phase.data.type === 'auth_invalid') finish(err(new CoreWebsocketError(`token refused: ${phase.data.message}`, 'auth')));
        else finish(ok(new CoreWebsocket(socket, timeoutMs)));
      };
      socket.on('message', onAuthMessage);
      socket.on('error', (e) => finish(err(new CoreWebsocketError(e.message, 'connection', { cause: e }))));
      socket.on('close', (code) => finish(err(new CoreWebsocketError(`closed while authenticating (${code})`, 'connection'))));
      if (signal?.aborted) onAbort();
    });
  }

  /** Sends a command (`type` and its fields; the id is added) and resolves with its `result`. */
  command(message: Readonly<Record<string, unknown>> & { readonly type: string }): Promise<Result<unknown, CoreWebsocketError>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.socket.readyState !== WebSocket.OPEN) return resolve(err(new CoreWebsocketError('not connected', 'connection')));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(err(new CoreWebsocketError(`no answer to ${message.type} within ${this.timeoutMs} ms`, 'connection')));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.socket.send(JSON.stringify({ ...message, id }));
    });
  }

  /** A subscribing command (`subscribe_events`, ...): `onEvent` hears each `event` it sends from now on. */
  async subscribe(
    message: Readonly<Record<string, unknown>> & { readonly type: string },
    onEvent: (event: unknown) => void,
  ): Promise<Result<void, CoreWebsocketError>> {
    // Registered under the id the command is about to take: events may follow its result at once.
    this.listeners.set(this.nextId, onEvent);
    const reply = await this.command(message);
    return reply.ok ? ok(undefined) : reply;
  }

  /** Ends the connection at once (a graceful close could wait on a dead link). */
  close(why = 'closed by HomeSec'): void {
    this.socket.terminate();
    this.end(why);
  }

  private onMessage(text: string): void {
    const reply = CommandReplySchema.safeParse(parseJson(text));
    if (!reply.success) return;
    const message = reply.data;
    if (message.type === 'event') {
      this.listeners.get(message.id)?.(message.event);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'pong') return pending.resolve(ok(undefined));
    if (message.success) pending.resolve(ok(message.result ?? null));
    else {
      const error = message.error ?? { code: '', message: '' };
      pending.resolve(err(new CoreWebsocketError(`command failed: ${error.code} ${error.message}`.trim(), 'command')));
    }
  }

  private end(why: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve(err(new CoreWebsocketError(`connection ended: ${why}`, 'connection')));
      this.pending.delete(id);
    }
    this.listeners.clear();
    this.markClosed(why);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
