import { io, type Socket } from 'socket.io-client';
import type { CameraView, ClientToServerEvents, ServerToClientEvents } from './contract';
import type { EventSummary } from './review-contract';
import { LiveStore, type LiveMessage } from './live/live-store';
import { socketPath } from './paths';

/** The dashboard's one live store, fed by the one socket below. */
export const liveStore = new LiveStore();

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
let queue: LiveMessage[] = [];
let frameRequested = false;

function flush(): void {
  frameRequested = false;
  const batch = queue;
  queue = [];
  liveStore.apply(batch);
}

/** Messages that arrive together (a burst of clips) are applied once, on the next animation frame. */
function enqueue(message: LiveMessage): void {
  queue.push(message);
  if (frameRequested) return;
  frameRequested = true;
  // Hidden tabs get no animation frames; a timer keeps the store current for when the user comes back.
  if (document.visibilityState === 'hidden') setTimeout(flush, 250);
  else requestAnimationFrame(flush);
}

/** Opens the socket once (outside React); the path follows the page, so it works under ingress. */
export function connectLive(): void {
  if (socket) return;
  socket = io({ path: socketPath() });
  socket.on('connect', () => enqueue({ kind: 'connection', connected: true }));
  socket.on('disconnect', () => enqueue({ kind: 'connection', connected: false }));
  socket.on('snapshot', (snapshot) =>
    enqueue({ kind: 'snapshot', clips: snapshot.clips, events: snapshot.events, cameras: snapshot.cameras }),
  );
  socket.on('clip:created', (delta) => enqueue({ kind: 'clip', clip: delta.clip }));
  socket.on('clip:updated', (delta) => enqueue({ kind: 'clip', clip: delta.clip }));
  socket.on('clip:deleted', (deleted) => enqueue({ kind: 'clipDeleted', id: deleted.id }));
  socket.on('camera:status', (camera) => enqueue({ kind: 'camera', camera }));
  socket.on('event:opened', (event) => enqueue({ kind: 'event', event }));
  socket.on('event:updated', (event) => enqueue({ kind: 'event', event }));
}

/** The one socket, for a view that asks the server for more (the motion overlay); null before `connectLive`. */
export function liveSocket(): Socket<ServerToClientEvents, ClientToServerEvents> | null {
  return socket;
}

/** Closes the socket (after a logout); `connectLive` opens a new one. */
export function disconnectLive(): void {
  socket?.close();
  socket = null;
}

/**
 * A camera view the API answered with (the shape of `camera:status`): applied now, after whatever the socket
 * queued before it, so the switch does not flick back for a frame. (A scheduled flush then finds an empty queue.)
 */
export function applyCameraView(camera: CameraView): void {
  queue.push({ kind: 'camera', camera });
  flush();
}

/** An event summary the API answered with (a reviewed flag, a verdict): applied now, like `applyCameraView`. */
export function applyEventSummary(event: EventSummary): void {
  queue.push({ kind: 'event', event });
  flush();
}
