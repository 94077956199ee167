import type { CameraEvent } from '../../server/src/core/camera-event.js';

/** What a consumer reads off an alert message to de-duplicate it. */
export interface HeardAlert {
  readonly event_id: string;
  readonly phase: string;
  readonly sequence: number;
}

export interface AlertDeliveryCount {
  /** Messages the events decided to send (their `alerts`). */
  readonly decided: number;
  /** Decided messages never heard by the consumer. */
  readonly lost: number;
  /** Messages heard more than once (same event_id, phase and sequence): what at-least-once costs. */
  readonly duplicates: number;
  /** Every message heard, duplicates included. */
  readonly heard: number;
  /** The decided messages that were never heard, as `event/phase`, for the assertion's message. */
  readonly lostKeys: readonly string[];
}

/**
 * Compares what the events decided to send with what a consumer heard, de-duplicating the way the
 * README tells consumers to (event_id + phase + sequence): an event's messages of one phase count as
 * delivered when at least as many distinct sequences of that phase were heard.
 */
export function countAlertDelivery(events: readonly CameraEvent[], heard: readonly HeardAlert[]): AlertDeliveryCount {
  const keys = heard.map((a) => `${a.event_id}/${a.phase}/${a.sequence}`);
  const distinct = new Set(keys);
  const heardPerPhase = new Map<string, number>();
  for (const key of distinct) {
    const phaseKey = key.slice(0, key.lastIndexOf('/'));
    heardPerPhase.set(phaseKey, (heardPerPhase.get(phaseKey) ?? 0) + 1);
  }
  let decided = 0;
  const lostKeys: string[] = [];
  for (const event of events) {
    const perPhase = new Map<string, number>();
    for (const alert of event.alerts) perPhase.set(alert.phase, (perPhase.get(alert.phase) ?? 0) + 1);
    for (const [phase, count] of perPhase) {
      decided += count;
      const missing = count - (heardPerPhase.get(`${event.id}/${phase}`) ?? 0);
      for (let i = 0; i < missing; i++) lostKeys.push(`${event.id}/${phase}`);
    }
  }
  return { decided, lost: lostKeys.length, duplicates: keys.length - distinct.size, heard: keys.length, lostKeys };
}

/**
 * Reads the events and what the consumer heard until every decided message was heard, or the deadline
 * passes; returns the last reading for the test to assert on. An idle outbox is not enough: the last
 * event may decide its `end` just after, and the broker hands a delivered message to the consumer a
 * moment later.
 */
export async function readAlertDelivery(
  readEvents: () => Promise<readonly CameraEvent[]>,
  readHeard: () => readonly HeardAlert[],
  timeoutMs = 30_000,
): Promise<{ readonly events: readonly CameraEvent[]; readonly heard: readonly HeardAlert[]; readonly delivery: AlertDeliveryCount }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await readEvents();
    const heard = readHeard();
    const delivery = countAlertDelivery(events, heard);
    if (delivery.lost === 0 || Date.now() >= deadline) return { events, heard, delivery };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
