import type { CameraEvent } from './camera-event.js';
import type { Clip } from './clip.js';
import type { EventPage, ParsedEventQuery } from './event-query.js';
import type { ClipEvent } from './clip-event.js';
import type { ParsedClipQuery } from './clip-query.js';

/** One change to the store, applied in the order given; replaying the same write twice is harmless. */
export type StoreWrite =
  | { readonly kind: 'clip'; readonly clip: Clip }
  | { readonly kind: 'event'; readonly event: ClipEvent }
  /** The whole state of a camera event (upsert). */
  | { readonly kind: 'cameraEvent'; readonly event: CameraEvent }
  | { readonly kind: 'deleteClip'; readonly clipId: string }
  /** Marks a clip deleted (its files are gone) without needing its whole document. */
  | { readonly kind: 'markDeleted'; readonly clipId: string; readonly at: string }
  /** Deletes closed camera events that started before `before` and have no clip left that is not deleted. */
  | { readonly kind: 'pruneEvents'; readonly before: string };

export interface ClipPage {
  readonly clips: Clip[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Where clip state and lifecycle events live (SQLite file or Postgres). Only ClipRepository writes.
 * Methods throw StoreUnavailableError when the backend cannot be reached.
 */
export interface ClipStore {
  /** `sqlite` or `postgres`, plus where, without credentials. */
  readonly description: string;
  /** Connects and applies pending migrations. */
  start(signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  ping(): Promise<void>;
  /** Applies the writes in order, atomically. */
  apply(writes: readonly StoreWrite[]): Promise<void>;
  getClip(id: string): Promise<Clip | null>;
  listClips(query: ParsedClipQuery): Promise<ClipPage>;
  /** How many clips match the filters (cursor and limit are ignored). */
  countClips(query: ParsedClipQuery): Promise<number>;
  /** A clip's lifecycle events, oldest first. */
  listClipEvents(clipId: string): Promise<ClipEvent[]>;
  getEvent(id: string): Promise<CameraEvent | null>;
  listEvents(query: ParsedEventQuery): Promise<EventPage>;
  /** How many events match the filters (cursor and limit are ignored). */
  countEvents(query: ParsedEventQuery): Promise<number>;
}
