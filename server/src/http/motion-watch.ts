import type { Socket } from 'socket.io';
import type { Logger } from '../core/logger.js';
import type { MotionViewSource } from '../core/motion-view.js';
import type { ClientToServerEvents, ServerToClientEvents } from './contract.js';
import { MotionWatchRequestSchema, type MotionWatchAnswer } from './motion-watch-contract.js';

export interface MotionWatchOptions {
  /** A camera's motion detector to watch; null: no such camera, or one without a stream (folder, FTP). */
  readonly source: (camera: string) => MotionViewSource | null;
  readonly log: Logger;
}

type DashboardSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Cameras one dashboard connection may watch at once: a page shows a handful of live views, not the whole house. */
const MAX_WATCHED = 4;

/**
 * The motion overlay on one dashboard connection (already past the gateway's login and ingress checks):
 * `motion:watch` starts `motion:frame` messages for a camera, `motion:unwatch` or the connection's end stops
 * them, and with the last watcher gone the camera builds no more views. Frames go out volatile: a phone that
 * cannot keep up misses frames instead of queueing them.
 */
export function serveMotionWatch(socket: DashboardSocket, options: MotionWatchOptions): void {
  const watching = new Map<string, () => void>();
  const stop = (camera: string, reason: string) => {
    const unwatch = watching.get(camera);
    if (!unwatch) return;
    unwatch();
    watching.delete(camera);
    options.log.info({ event_type: 'motion_view.watch_ended', camera, reason, socket: socket.id }, 'motion view ended');
  };

  socket.on('motion:watch', (input: unknown, answer: unknown) => {
    const reply = (a: MotionWatchAnswer) => {
      if (typeof answer === 'function') (answer as (a: MotionWatchAnswer) => void)(a);
    };
    const request = MotionWatchRequestSchema.safeParse(input);
    if (!request.success) return reply({ ok: false, error: 'invalid_request', message: 'expected { camera: "<name>" }' });
    const { camera } = request.data;
    if (watching.has(camera)) return reply({ ok: true });
    if (watching.size >= MAX_WATCHED)
      return reply({ ok: false, error: 'too_many', message: `one page may show the motion of ${MAX_WATCHED} cameras at once` });
    const source = options.source(camera);
    if (!source)
      return reply({ ok: false, error: 'not_found', message: `${camera} has no motion detector to show (no such camera, or no stream)` });
    watching.set(
      camera,
      source.watchMotion((view) => socket.volatile.emit('motion:frame', view)),
    );
    options.log.info({ event_type: 'motion_view.watch_started', camera, socket: socket.id }, 'motion view started');
    reply({ ok: true });
  });

  socket.on('motion:unwatch', (input: unknown) => {
    const request = MotionWatchRequestSchema.safeParse(input);
    if (request.success) stop(request.data.camera, 'unwatched');
  });

  socket.on('disconnect', () => {
    for (const camera of [...watching.keys()]) stop(camera, 'disconnected');
  });
}

/** A source's motion detector, when it has one (a live camera). */
export function motionViewOf(source: { watchMotion?: MotionViewSource['watchMotion'] } | null | undefined): MotionViewSource | null {
  const watch = source?.watchMotion;
  return source && watch ? { watchMotion: (listener) => watch.call(source, listener) } : null;
}
