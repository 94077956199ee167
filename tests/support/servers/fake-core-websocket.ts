import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A real HTTP + websocket server on 127.0.0.1 speaking Home Assistant Core's websocket API as
 * homeassistant/components/websocket_api defines it (auth.py, commands.py, messages.py; HA 2024.x and
 * later): `auth_required` -> `auth` -> `auth_ok` | `auth_invalid`; `get_states`; `subscribe_events`
 * (all events or one `event_type`) and `unsubscribe_events`; `ping`; any other command is answered
 * `unknown_command`. It listens on `/api/websocket` (Core itself, a long-lived token) and
 * `/core/websocket` (the Supervisor's proxy, SUPERVISOR_TOKEN), and pushes `state_changed` events
 * for `setState`. `dropConnections` plays Core restarting; `refuseConnections` keeps it down meanwhile
 * (the proxy answers 502 while Core is not up).
 *
 * Cameras (homeassistant/components/camera/__init__.py `ws_camera_stream`, components/stream
 * `Stream.endpoint_url` and hls.py): `camera/stream` answers `{url: "/api/hls/<token>/master_playlist.m3u8"}`
 * relative to Core, one token per running stream, `start_stream_failed` for a camera without a stream.
 * The HLS files of a camera added with `addCameraStream` are served under `/api/hls/<token>/` without
 * auth (Core's HLS views need none: the token is the key) and under `/core/api/hls/<token>/` only with
 * the add-on's token (the Supervisor's proxy). `expireStreams` ends the streams: old URLs answer 404.
 * `camera/capabilities` lists `hls` in `frontend_stream_types` for those, nothing for a camera added
 * with `addSnapshotCamera`, whose picture `GET /api/camera_proxy/<entity_id>` returns (a JPEG, with
 * the token as `Authorization: Bearer`, as components/camera CameraView and the Supervisor's proxy want).
 */
export interface FakeCoreWebsocket {
  /** http://127.0.0.1:PORT: ha_url for standalone HomeSec, or SUPERVISOR_URL for the add-on path. */
  readonly url: string;
  readonly token: string;
  /** Sets an entity's state (and attributes) and sends `state_changed` to every subscriber. */
  setState(entityId: string, state: string, attributes?: Record<string, unknown>): void;
  /** Connections that passed auth, counted from the start. */
  authenticated(): number;
  /** `get_states` commands answered, counted from the start. */
  statesRead(): number;
  /** Resolves once `get_states` has been answered `count` times in all (a connection has read the states). */
  waitForStatesRead(count: number): Promise<void>;
  /** Resolves once `count` connection attempts in all were refused. */
  waitForRefused(count: number): Promise<void>;
  /** Closes every open connection, as Core does when it restarts. */
  dropConnections(): void;
  /** The connections open now stop answering and hear no events, without closing (a half-open link, a hung Core). */
  freezeConnections(): void;
  /** While true, new connections are refused with 502. */
  refuseConnections(refuse: boolean): void;
  /** A camera entity whose stream is the HLS playlist `master_playlist.m3u8` in `hlsDir`. */
  addCameraStream(entityId: string, hlsDir: string): void;
  /** A camera entity Core has only snapshots of: `picture()` is what `camera_proxy` returns now. */
  addSnapshotCamera(entityId: string, picture: () => Buffer): void;
  /** Pictures served by `camera_proxy`, counted from the start. */
  snapshotRequests(): number;
  /** `camera/stream` commands answered with a URL, counted from the start. */
  streamRequests(): number;
  /** Resolves once `camera/stream` has been answered with a URL `count` times in all. */
  waitForStreamRequests(count: number): Promise<void>;
  /** Every stream access token handed out so far (to check none reaches a log). */
  issuedTokens(): readonly string[];
  /** HLS files served (playlists and segments), counted from the start. */
  hlsRequests(): number;
  /** Every running stream ends, as Core's do when nobody watches: their URLs answer 404, the next `camera/stream` gets a new one. */
  expireStreams(): void;
  close(): Promise<void>;
}

interface StateObject {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Record<string, unknown>;
  readonly last_changed: string;
  readonly last_reported: string;
  readonly last_updated: string;
  readonly context: { readonly id: string; readonly parent_id: null; readonly user_id: null };
}

const PATHS = new Set(['/api/websocket', '/core/websocket']);
// homeassistant/components/stream/hls.py: /api/hls/{token}/master_playlist.m3u8, playlist.m3u8, segments.
const HLS_PATH = /^(\/core)?\/api\/hls\/([^/]+)\/([A-Za-z0-9_.-]+)$/;
const CAMERA_PROXY_PATH = /^(?:\/core)?\/api\/camera_proxy\/(camera\.[a-z0-9_]+)$/;
const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
};

interface CameraStream {
  readonly dir: string;
  /** The running stream's access token; undefined once it ended (a new one at the next request). */
  token: string | undefined;
}
const HA_VERSION = '2025.10.0';

export async function startFakeCoreWebsocket(initial: Record<string, string> = {}, token = 'test-core-token'): Promise<FakeCoreWebsocket> {
  const states = new Map<string, StateObject>();
  const subscriptions = new Map<WebSocket, Map<number, string>>();
  const sockets = new Set<WebSocket>();
  const frozen = new Set<WebSocket>();
  const counters = new EventEmitter();
  let authenticated = 0;
  let statesRead = 0;
  let refused = 0;
  let refusing = false;
  let contextId = 0;
  const cameraStreams = new Map<string, CameraStream>();
  let streamRequests = 0;
  const issuedTokens: string[] = [];
  let hlsRequests = 0;
  const snapshotCameras = new Map<string, () => Buffer>();
  let snapshotRequests = 0;

  const stateObject = (entityId: string, state: string, attributes: Record<string, unknown>): StateObject => {
    const now = new Date().toISOString();
    contextId++;
    return {
      entity_id: entityId,
      state,
      attributes,
      last_changed: now,
      last_reported: now,
      last_updated: now,
      context: { id: `ctx${contextId}`, parent_id: null, user_id: null },
    };
  };
  for (const [id, state] of Object.entries(initial)) states.set(id, stateObject(id, state, {}));

  const serveHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const proxied = CAMERA_PROXY_PATH.exec(path);
    if (proxied) {
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end('401: Unauthorized');
      const picture = snapshotCameras.get(proxied[1] ?? '');
      if (!picture) return void res.writeHead(404).end();
      snapshotRequests++;
      return void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(picture());
    }
    const match = HLS_PATH.exec(path);
    if (!match) return void res.writeHead(404).end();
    const [, viaProxy, streamToken, file] = match;
    if (viaProxy && req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end('401: Unauthorized');
    const stream = [...cameraStreams.values()].find((s) => s.token !== undefined && s.token === streamToken);
    if (!stream || !file) return void res.writeHead(404).end();
    try {
      const body = await readFile(join(stream.dir, file));
      hlsRequests++;
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  };
  const server: Server = createServer((req, res) => {
    serveHttp(req, res).catch(() => res.destroy());
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    // A client that gives up mid-handshake resets the socket: that is its right, not a test failure.
    socket.on('error', () => undefined);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (refusing || !PATHS.has(path)) {
      if (refusing) {
        refused++;
        counters.emit('changed');
      }
      socket.end(`HTTP/1.1 ${refusing ? '502 Bad Gateway' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const send = (ws: WebSocket, message: unknown): void => {
    if (ws.readyState === ws.OPEN && !frozen.has(ws)) ws.send(JSON.stringify(message));
  };

  function serve(ws: WebSocket): void {
    sockets.add(ws);
    let authed = false;
    ws.on('close', () => {
      sockets.delete(ws);
      frozen.delete(ws);
      subscriptions.delete(ws);
    });
    send(ws, { type: 'auth_required', ha_version: HA_VERSION });
    ws.on('message', (data) => {
      if (frozen.has(ws)) return;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        ws.close(1003);
        return;
      }
      if (!authed) {
        // auth.py: anything but a valid auth message ends the connection after auth_invalid.
        if (message.type === 'auth' && message.access_token === token) {
          authed = true;
          authenticated++;
          subscriptions.set(ws, new Map());
          send(ws, { type: 'auth_ok', ha_version: HA_VERSION });
          counters.emit('changed');
        } else {
          send(ws, { type: 'auth_invalid', message: 'Invalid access token or password' });
          ws.close();
        }
        return;
      }
      command(ws, message);
    });
  }

  function command(ws: WebSocket, message: Record<string, unknown>): void {
    const id = message.id;
    if (typeof id !== 'number') {
      send(ws, { id: null, type: 'result', success: false, error: { code: 'invalid_format', message: 'Message incorrectly formatted.' } });
      return;
    }
    const result = (value: unknown = null) => send(ws, { id, type: 'result', success: true, result: value });
    const failure = (code: string, text: string) => send(ws, { id, type: 'result', success: false, error: { code, message: text } });
    switch (message.type) {
      case 'get_states':
        result([...states.values()]);
        statesRead++;
        counters.emit('changed');
        return;
      case 'subscribe_events':
        subscriptions.get(ws)?.set(id, typeof message.event_type === 'string' ? message.event_type : '*');
        return result();
      case 'unsubscribe_events': {
        const removed = subscriptions.get(ws)?.delete(Number(message.subscription)) ?? false;
        return removed ? result() : failure('not_found', 'Subscription not found.');
      }
      case 'ping':
        return send(ws, { id, type: 'pong' });
      case 'camera/capabilities': {
        const entityId = String(message.entity_id);
        if (cameraStreams.has(entityId)) return result({ frontend_stream_types: ['hls'] });
        if (snapshotCameras.has(entityId)) return result({ frontend_stream_types: [] });
        return failure('home_assistant_error', 'Camera not found');
      }
      case 'camera/stream': {
        const entityId = String(message.entity_id);
        const stream = cameraStreams.get(entityId);
        if (!stream) return failure('start_stream_failed', `${entityId} does not support play stream service`);
        if ((message.format ?? 'hls') !== 'hls') return failure('start_stream_failed', 'only hls here');
        // Stream.endpoint_url: the running stream keeps its token; a stream that ended gets a new one.
        if (stream.token === undefined) {
          stream.token = randomBytes(16).toString('hex');
          issuedTokens.push(stream.token);
        }
        streamRequests++;
        counters.emit('changed');
        return result({ url: `/api/hls/${stream.token}/master_playlist.m3u8` });
      }
      default:
        return failure('unknown_command', 'Unknown command.');
    }
  }

  const waitFor = async (reached: () => boolean): Promise<void> => {
    while (!reached()) await once(counters, 'changed');
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    setState(entityId, state, attributes = {}) {
      const oldState = states.get(entityId) ?? null;
      const newState = stateObject(entityId, state, attributes);
      states.set(entityId, newState);
      const event = {
        event_type: 'state_changed',
        data: { entity_id: entityId, old_state: oldState, new_state: newState },
        origin: 'LOCAL',
        time_fired: newState.last_updated,
        context: newState.context,
      };
      for (const [ws, subs] of subscriptions) {
        for (const [id, type] of subs) if (type === '*' || type === 'state_changed') send(ws, { id, type: 'event', event });
      }
    },
    authenticated: () => authenticated,
    statesRead: () => statesRead,
    waitForStatesRead: (count) => waitFor(() => statesRead >= count),
    waitForRefused: (count) => waitFor(() => refused >= count),
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    freezeConnections() {
      for (const ws of sockets) frozen.add(ws);
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    addCameraStream(entityId, hlsDir) {
      cameraStreams.set(entityId, { dir: hlsDir, token: undefined });
    },
    addSnapshotCamera(entityId, picture) {
      snapshotCameras.set(entityId, picture);
    },
    snapshotRequests: () => snapshotRequests,
    streamRequests: () => streamRequests,
    waitForStreamRequests: (count) => waitFor(() => streamRequests >= count),
    issuedTokens: () => [...issuedTokens],
    hlsRequests: () => hlsRequests,
    expireStreams() {
      for (const stream of cameraStreams.values()) stream.token = undefined;
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
