import type { HealthCheck } from './bus-signals.js';

/**
 * Every long-lived part of HomeSec (a store, a source, a server, a timer) has this shape, the way
 * Zigbee2MQTT's controller drives its extensions. Constructors only store their inputs; `start`
 * does the work and takes the app's start-up signal; `stop` is safe to call twice, also after a
 * start that failed. The root (app.ts) starts parts in order, stops them in reverse with a time
 * limit, and registers `health` under `name`.
 */
export interface Part {
  /** Short and stable: the name in logs and in the health report (`store`, `mqtt`, `source front_door`). */
  readonly name: string;
  start?(signal: AbortSignal): Promise<void> | void;
  stop(): Promise<void> | void;
  health?(): HealthCheck;
}

/** A part with nothing to start: only something to release at stop (a database handle, a transport). */
export function closer(name: string, stop: () => Promise<void> | void): Part {
  return { name, stop };
}
