import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { LocalDb } from './local-db.js';
import { EVENT_STATES_TABLE } from './camera-event-repository.js';

/** What deciding to forget an event needs from its state: the clips it owns. */
const EventClipsSchema = z.object({ clipIds: z.array(z.string()) });

/** A closed event the pruner may forget, unless something local still needs it. */
export interface SettledEvent {
  readonly id: string;
  /** When it last changed (ms). */
  readonly updatedAt: number;
  /** Null when the stored state no longer parses (it is forgotten: nothing can read it either). */
  readonly clipIds: readonly string[] | null;
}

/**
 * The pruner's view of the `event_states` table: closed events whose local copy is no longer needed.
 * The clip store keeps every event; the local copy only serves changes while an event is recent (its
 * clips in the pipeline, its alerts being delivered) and while the store is down.
 */
export class SettledEventStates {
  private readonly db: Database.Database;
  private readonly selectBefore: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(local: LocalDb) {
    this.db = local.use(EVENT_STATES_TABLE);
    this.selectBefore = this.db.prepare(
      "SELECT event_id AS id, doc, updated_at AS updatedAt FROM event_states WHERE status = 'closed' AND updated_at < ? ORDER BY updated_at LIMIT ?",
    );
    this.remove = this.db.prepare('DELETE FROM event_states WHERE event_id = ?');
  }

  /**
   * Forgets closed events untouched since `before` (up to `limit`), except those `keep` holds back;
   * returns how many went.
   */
  forget(before: Date, keep: (event: SettledEvent) => boolean, limit: number): number {
    const rows = this.selectBefore.all(before.getTime(), limit) as { id: string; doc: string; updatedAt: number }[];
    const gone = rows.map(({ id, doc, updatedAt }) => ({ id, updatedAt, clipIds: clipIdsOf(doc) })).filter((event) => !keep(event));
    this.db.transaction(() => {
      for (const event of gone) this.remove.run(event.id);
    })();
    return gone.length;
  }
}

function clipIdsOf(doc: string): string[] | null {
  try {
    const parsed = EventClipsSchema.safeParse(JSON.parse(doc));
    return parsed.success ? parsed.data.clipIds : null;
  } catch {
    return null;
  }
}
