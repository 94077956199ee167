import type { Logger } from './logger.js';
import type { BusSignals } from './bus-signals.js';

type SignalName = keyof BusSignals;
type Handler<K extends SignalName> = (...args: BusSignals[K]) => void | Promise<void>;

interface Registration {
  readonly owner: object;
  readonly name: SignalName;
  readonly handler: (...args: unknown[]) => void | Promise<void>;
}

/**
 * One typed in-process bus. Listeners are grouped by owner instance so a part can drop all of its
 * listeners with `off(this)`. A throwing or rejecting handler is logged and never reaches the emitter.
 */
export class SignalBus {
  private readonly registrations: Registration[] = [];

  constructor(private readonly log: Logger) {}

  on<K extends SignalName>(owner: object, name: K, handler: Handler<K>): void {
    this.registrations.push({ owner, name, handler: handler as unknown as Registration['handler'] });
  }

  off(owner: object): void {
    for (let i = this.registrations.length - 1; i >= 0; i--) {
      if (this.registrations[i]?.owner === owner) this.registrations.splice(i, 1);
    }
  }

  emit<K extends SignalName>(name: K, ...args: BusSignals[K]): void {
    for (const reg of [...this.registrations]) {
      if (reg.name !== name) continue;
      try {
        const result = reg.handler(...(args as unknown[]));
        if (result instanceof Promise) result.catch((e: unknown) => this.reportFailure(reg, e));
      } catch (e) {
        this.reportFailure(reg, e);
      }
    }
  }

  private reportFailure(reg: Registration, e: unknown): void {
    this.log.error(
      { event_type: 'bus.handler_failed', owner: reg.owner.constructor.name, event: reg.name, err: e },
      'event handler failed',
    );
  }
}
