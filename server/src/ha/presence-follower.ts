import { z } from 'zod';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { presenceEntityIds, presenceOf, type Presence } from '../cameras/arming-mode.js';
import { redactUrlCredentials } from '../logging/redact.js';
import { Backoff, type BackoffPolicy } from '../runtime/backoff.js';
import { inBackground } from '../runtime/background.js';
import { CoreWebsocket, type CoreWebsocketOptions } from './core-websocket.js';

/** Reconnects after 1 s, 2 s, 4 s ... up to 1 min (Core restarting takes about that long). */
export const PRESENCE_RECONNECT: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, jitter: 0.2 };
/** A connection that answers no ping (a half-open link, a frozen Core) is left after this long. */
const PING_INTERVAL_MS = 30_000;

// HA's State.as_dict (get_states) and the state_changed event's data: only the fields we read.
const StateSchema = z.object({ entity_id: z.string(), state: z.string() });
const StatesSchema = z.array(z.unknown());
const StateChangedSchema = z.object({
  event_type: z.literal('state_changed'),
  data: z.object({ entity_id: z.string(), new_state: StateSchema.nullable() }),
});

export interface PresenceFollowerOptions {
  readonly connection: CoreWebsocketOptions;
  /** alerts.arming.presence_entities; empty: zone.home. */
  readonly entities: readonly string[];
  /** Called with presence as now known, after every read of the states and every change of a watched one. */
  readonly onPresence: (presence: Presence) => void;
  readonly log: Logger;
  readonly reconnect?: BackoffPolicy;
  /** How often the connection is checked with Core's `ping` (default 30 s); no `pong` in time ends it. */
  readonly pingIntervalMs?: number;
}

/**
 * Follows who is home from Home Assistant Core's websocket: subscribes to `state_changed`, reads every
 * state once (`get_states`), then keeps the watched entities' states from the events. When Core goes
 * away (a restart, an update) it reconnects with backoff and reads the states again. Best effort:
 * without Core the arming store keeps its last decision.
 */
export class PresenceFollower implements Part {
  readonly name = 'presence';
  private readonly watched: ReadonlySet<string>;
  private states = new Map<string, string>();
  /** Until the states were read on a connection, events only fill the map. */
  private ready = false;
  private connection: CoreWebsocket | null = null;
  private stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private problem: string | null = 'not connected yet';

  constructor(private readonly options: PresenceFollowerOptions) {
    this.watched = new Set(presenceEntityIds(options.entities));
  }

  start(): void {
    this.stopping = new AbortController();
    const loop = this.follow();
    this.loop = loop;
    inBackground(loop, this.options.log, 'following presence');
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.connection?.close();
    await this.loop?.catch(() => undefined);
    this.loop = null;
  }

  health(): HealthCheck {
    if (this.problem === null) return { status: 'healthy', message: `following ${[...this.watched].join(', ')}` };
    return { status: 'degraded', message: `Home Assistant presence unavailable (arming keeps its last state): ${this.problem}` };
  }

  private async follow(): Promise<void> {
    const backoff = new Backoff(this.options.reconnect ?? PRESENCE_RECONNECT);
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const followed = await this.followOnce(signal);
      if (followed) backoff.reset();
      if (signal.aborted) return;
      await abortableDelay(backoff.next(), signal);
    }
  }

  /** One connection, from opening it to its end; true when it got as far as reading the states. */
  private async followOnce(signal: AbortSignal): Promise<boolean> {
    const { log, connection: target } = this.options;
    const url = redactUrlCredentials(target.url);
    const opened = await CoreWebsocket.open(target, signal);
    if (!opened.ok) {
      const hint = opened.error.kind === 'auth' ? ' (check the access token)' : '';
      this.setProblem(`${opened.error.message}${hint}`, { url });
      return false;
    }
    const core = opened.value;
    this.connection = core;
    this.ready = false;
    const subscribed = await core.subscribe({ type: 'subscribe_events', event_type: 'state_changed' }, (e) => this.onEvent(e));
    const states = subscribed.ok ? await core.command({ type: 'get_states' }) : subscribed;
    if (!states.ok || signal.aborted) {
      if (!states.ok) this.setProblem(states.error.message, { url });
      core.close();
      return false;
    }
    this.readStates(states.value);
    this.problem = null;
    log.info({ event_type: 'ha.presence_connected', url, entities: [...this.watched] }, 'following presence from Home Assistant');
    this.report();
    const pinger = this.keepChecking(core);
    const why = await core.closed;
    clearInterval(pinger);
    this.connection = null;
    if (!signal.aborted) this.setProblem(`connection lost: ${why}`, { url });
    return true;
  }

  /** Events alone cannot tell a quiet house from a dead link: a ping that gets no pong closes the connection. */
  private keepChecking(core: CoreWebsocket): NodeJS.Timeout {
    let waiting = false;
    const timer = setInterval(() => {
      if (waiting) return;
      waiting = true;
      const check = core.command({ type: 'ping' }).then((pong) => {
        waiting = false;
        if (!pong.ok) core.close(`no pong: ${pong.error.message}`);
      });
      inBackground(check, this.options.log, 'pinging Home Assistant');
    }, this.options.pingIntervalMs ?? PING_INTERVAL_MS);
    timer.unref();
    return timer;
  }

  private readStates(raw: unknown): void {
    const list = StatesSchema.safeParse(raw);
    const next = new Map<string, string>();
    for (const item of list.success ? list.data : []) {
      const state = StateSchema.safeParse(item);
      if (state.success && this.watched.has(state.data.entity_id)) next.set(state.data.entity_id, state.data.state);
    }
    // The states answer is newer than any event before it on this connection: it replaces them.
    this.states = next;
    this.ready = true;
  }

  private onEvent(raw: unknown): void {
    const event = StateChangedSchema.safeParse(raw);
    if (!event.success || !this.watched.has(event.data.data.entity_id)) return;
    const { entity_id: id, new_state: state } = event.data.data;
    if (state === null) this.states.delete(id);
    else this.states.set(id, state.state);
    if (this.ready) this.report();
  }

  private report(): void {
    const presence = presenceOf(this.states, this.options.entities);
    this.options.log.debug({ event_type: 'ha.presence', presence, states: Object.fromEntries(this.states) }, 'presence');
    this.options.onPresence(presence);
  }

  /** Logs a problem once, when it starts or changes (a Core that stays down is not logged every retry). */
  private setProblem(problem: string, fields: Record<string, unknown>): void {
    if (this.problem === problem) return;
    this.problem = problem;
    this.options.log.warn({ event_type: 'ha.presence_unavailable', ...fields, problem }, 'Home Assistant presence unavailable');
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
