import type { CameraView, ClipSummary } from '../contract';

/** One message from the server, queued until the next animation frame. */
export type LiveMessage =
  | { readonly kind: 'snapshot'; readonly clips: readonly ClipSummary[]; readonly cameras: readonly CameraView[] }
  | { readonly kind: 'clip'; readonly clip: ClipSummary }
  | { readonly kind: 'clipDeleted'; readonly id: string }
  | { readonly kind: 'camera'; readonly camera: CameraView }
  | { readonly kind: 'connection'; readonly connected: boolean };

/** Immutable view of everything the socket told us; replaced (never mutated) on each applied batch. */
export interface LiveState {
  readonly connected: boolean;
  /** Latest summary of every clip seen live, by id. */
  readonly clips: ReadonlyMap<string, ClipSummary>;
  readonly cameras: ReadonlyMap<string, CameraView>;
}

/** What changed in one batch, for lists that keep their own order (the timeline). */
export interface ClipChanges {
  readonly upserted: readonly ClipSummary[];
  readonly deleted: readonly string[];
}

type Listener = () => void;
type ChangeListener = (changes: ClipChanges) => void;

const MAX_CLIPS = 500;

/** The dashboard's live state, fed by the socket; React reads it through useSyncExternalStore. */
export class LiveStore {
  private state: LiveState = { connected: false, clips: new Map(), cameras: new Map() };
  private readonly listeners = new Set<Listener>();
  private readonly changeListeners = new Set<ChangeListener>();

  getState = (): LiveState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onClipChanges(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Applies a burst of messages at once: one new state, one render. */
  apply(messages: readonly LiveMessage[]): void {
    if (messages.length === 0) return;
    let connected = this.state.connected;
    const clips = new Map(this.state.clips);
    const cameras = new Map(this.state.cameras);
    const upserted = new Map<string, ClipSummary>();
    const deleted: string[] = [];
    for (const message of messages) {
      switch (message.kind) {
        case 'snapshot':
          cameras.clear();
          for (const camera of message.cameras) cameras.set(camera.name, camera);
          for (const clip of message.clips) {
            clips.set(clip.id, clip);
            upserted.set(clip.id, clip);
          }
          break;
        case 'clip':
          clips.set(message.clip.id, message.clip);
          upserted.set(message.clip.id, message.clip);
          break;
        case 'clipDeleted':
          clips.delete(message.id);
          upserted.delete(message.id);
          deleted.push(message.id);
          break;
        case 'camera':
          cameras.set(message.camera.name, message.camera);
          break;
        case 'connection':
          connected = message.connected;
          break;
      }
    }
    trimOldest(clips);
    this.state = { connected, clips, cameras };
    for (const listener of this.listeners) listener();
    if (upserted.size > 0 || deleted.length > 0) {
      const changes = { upserted: [...upserted.values()], deleted };
      for (const listener of this.changeListeners) listener(changes);
    }
  }
}

function trimOldest(clips: Map<string, ClipSummary>): void {
  if (clips.size <= MAX_CLIPS) return;
  const oldest = [...clips.values()].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  for (const clip of oldest.slice(0, clips.size - MAX_CLIPS)) clips.delete(clip.id);
}
