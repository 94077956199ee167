import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  const server: Server = createServer((_req, res) => res.writeHead(404).end());
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
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
