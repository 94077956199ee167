import type { CameraView, ClipSummary } from '../contract';
import type { EventSummary } from '../review-contract';

/** One message from the server, queued until the next animation frame. */
export type LiveMessage =
  | {
      readonly kind: 'snapshot';
      readonly clips: readonly ClipSummary[];
      readonly events: readonly EventSummary[];
      readonly cameras: readonly CameraView[];
    }
  | { readonly kind: 'event'; readonly event: EventSummary }
  | { readonly kind: 'clip'; readonly clip: ClipSummary }
  | { readonly kind: 'clipDeleted'; readonly id: string }
  | { readonly kind: 'camera'; readonly camera: CameraView }
  | { readonly kind: 'connection'; readonly connected: boolean };

/**
 * Immutable view of what the socket told us since the last snapshot; replaced (never mutated) on each batch.
 * REST answers live in the query cache; hooks lay this state over them (live wins, it is newer).
 */
export interface LiveState {
  readonly connected: boolean;
  /** The server's snapshot arrived on this connection: `cameras` is then the full list, not partial. */
  readonly synced: boolean;
  /** Latest summary of each clip seen live, by id (the most recent MAX_CLIPS). */
  readonly clips: ReadonlyMap<string, ClipSummary>;
  /** Clips deleted while we watched (the most recent MAX_DELETED). */
  readonly deleted: ReadonlySet<string>;
  readonly cameras: ReadonlyMap<string, CameraView>;
  /** Latest summary of each event seen live, by id (the most recent MAX_EVENTS). */
  readonly events: ReadonlyMap<string, EventSummary>;
}

/** What one batch changed, for the query cache (detail pages to fetch again, everything after a reconnect). */
export interface LiveChanges {
  readonly clipIds: readonly string[];
  /** Events that changed: their pages and the review counts are fetched again. */
  readonly eventIds: readonly string[];
  /** A snapshot after a reconnect: deltas may have been missed, REST answers may be stale. */
  readonly resynced: boolean;
}

type Listener = () => void;
type ChangeListener = (changes: LiveChanges) => void;

const MAX_CLIPS = 500;
const MAX_DELETED = 2000;
const MAX_EVENTS = 500;

const EMPTY: LiveState = { connected: false, synced: false, clips: new Map(), deleted: new Set(), cameras: new Map(), events: new Map() };

/** The dashboard's live state, fed by the socket; React reads it through useSyncExternalStore. */
export class LiveStore {
  private state: LiveState = EMPTY;
  private everSynced = false;
  private readonly listeners = new Set<Listener>();
  private readonly changeListeners = new Set<ChangeListener>();

  getState = (): LiveState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onChanges(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Applies a burst of messages at once: one new state, one render. */
  apply(messages: readonly LiveMessage[]): void {
    if (messages.length === 0) return;
    let { connected, synced } = this.state;
    let clips = new Map(this.state.clips);
    let deleted = new Set(this.state.deleted);
    const cameras = new Map(this.state.cameras);
    let events = new Map(this.state.events);
    const clipIds = new Set<string>();
    const eventIds = new Set<string>();
    let resynced = false;
    for (const message of messages) {
      switch (message.kind) {
        case 'snapshot':
          // A fresh start: what we held from an earlier connection may be stale.
          resynced ||= this.everSynced;
          this.everSynced = true;
          synced = true;
          clips = new Map(message.clips.map((clip) => [clip.id, clip]));
          deleted = new Set();
          cameras.clear();
          for (const camera of message.cameras) cameras.set(camera.name, camera);
          events = new Map(message.events.map((event) => [event.id, event]));
          break;
        case 'event':
          events.set(message.event.id, message.event);
          eventIds.add(message.event.id);
          break;
        case 'clip':
          clips.set(message.clip.id, message.clip);
          deleted.delete(message.clip.id);
          clipIds.add(message.clip.id);
          break;
        case 'clipDeleted':
          clips.delete(message.id);
          deleted.add(message.id);
          clipIds.add(message.id);
          break;
        case 'camera':
          cameras.set(message.camera.name, message.camera);
          break;
        case 'connection':
          connected = message.connected;
          if (!connected) synced = false;
          break;
      }
    }
    this.state = {
      connected,
      synced,
      clips: newestClips(clips),
      deleted: lastEntries(deleted, MAX_DELETED),
      cameras,
      events: newest(events, MAX_EVENTS),
    };
    for (const listener of this.listeners) listener();
    if (clipIds.size > 0 || eventIds.size > 0 || resynced) {
      const changes: LiveChanges = { clipIds: [...clipIds], eventIds: [...eventIds], resynced };
      for (const listener of this.changeListeners) listener(changes);
    }
  }
}

function newestClips(clips: Map<string, ClipSummary>): Map<string, ClipSummary> {
  return newest(clips, MAX_CLIPS);
}

/** The `max` most recently started entries (clips or events). */
function newest<T extends { readonly id: string; readonly startedAt: string }>(items: Map<string, T>, max: number): Map<string, T> {
  if (items.size <= max) return items;
  const kept = [...items.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)).slice(0, max);
  return new Map(kept.map((item) => [item.id, item]));
}

/** A Set keeps insertion order: the last entries are the latest deletions. */
function lastEntries(ids: Set<string>, max: number): Set<string> {
  return ids.size <= max ? ids : new Set([...ids].slice(ids.size - max));
}
