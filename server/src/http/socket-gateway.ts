import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { ClipEvent } from '../core/clip-event.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import { toEventSummary } from './event-views.js';
import type { CameraDirectory } from '../cameras/camera-directory.js';
import { toClipSummary } from './clip-views.js';
import {
  SNAPSHOT_CLIPS,
  SOCKET_PATH,
  type ClientToServerEvents,
  type ClipDelta,
  type LiveSnapshot,
  type ServerToClientEvents,
} from './contract.js';
import type { DashboardAuth } from './auth/dashboard-auth.js';
import { isAllowedPeer } from './ingress-guard.js';
import type { Part } from '../core/lifecycle.js';
import { serveMotionWatch, type MotionWatchOptions } from './motion-watch.js';

export interface SocketGatewayOptions {
  readonly server: HttpServer;
  readonly bus: SignalBus;
  readonly clips: Pick<ClipRepository, 'listClips'>;
  readonly events: Pick<CameraEventRepository, 'list'>;
  readonly cameras: Pick<CameraDirectory, 'list' | 'subscribe'>;
  readonly ingressOnly: boolean;
  /** The login's check of the live socket (our own pages, with a session); HttpServer applies it to upgrades too. */
  readonly auth: Pick<DashboardAuth, 'checkSocket'>;
  /** A live camera's motion detector for the motion overlay (`motion:watch`); absent: no overlay. */
  readonly motionViews?: MotionWatchOptions['source'];
  readonly log: Logger;
}

// Lifecycle steps that open a clip's life on the dashboard; the rest are updates.
const CREATED_TYPES: ReadonlySet<ClipEvent['type']> = new Set(['clip_received', 'clip_stored']);
const REMEMBERED_IDS = 1000;

/**
 * socket.io on the dashboard's HTTP server. It only listens to the bus: a snapshot on connect
 * (recent clips, every camera), then `clip:created`, `clip:updated`, `clip:deleted`, `camera:status`.
 */
export class SocketGateway implements Part {
  readonly name = 'socket gateway';
  private io: SocketServer<ClientToServerEvents, ServerToClientEvents> | null = null;
  private unsubscribeCameras: (() => void) | null = null;
  /** Clips already announced as created, so a second "created"-type step is sent as an update. */
  private readonly announced = new Set<string>();

  constructor(private readonly options: SocketGatewayOptions) {}

  start(): void {
    const { bus, ingressOnly, log } = this.options;
    const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(this.options.server, {
      path: SOCKET_PATH,
      serveClient: false,
      // Defence in depth: the HTTP server's ingress guard refuses these first with a 403.
      allowRequest: (req, callback) => callback(null, !ingressOnly || isAllowedPeer(req.socket.remoteAddress)),
    });
    // socket.io answers its own requests before express sees them: every one (handshake and each poll)
    // meets the login here; WebSocket upgrades meet the same check in HttpServer first.
    io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const verdict = this.options.auth.checkSocket(req);
      if (verdict.pass) {
        next();
        return;
      }
      const body = JSON.stringify({ error: verdict.code, message: verdict.message });
      res.writeHead(verdict.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    this.io = io;
    io.on('connection', (socket) => {
      if (this.options.motionViews) serveMotionWatch(socket, { source: this.options.motionViews, log });
      void this.snapshot().then(
        (snapshot) => socket.emit('snapshot', snapshot),
        (e: unknown) => log.warn({ event_type: 'socket.snapshot_failed', err: e }, 'live snapshot failed'),
      );
    });
    bus.on(this, 'clip.recorded', (clip, event) => this.onClipRecorded(clip, event));
    bus.on(this, 'clip.deleted', (id, camera) => {
      this.announced.delete(id);
      io.emit('clip:deleted', { id, camera });
    });
    bus.on(this, 'event.opened', (event) => void io.emit('event:opened', toEventSummary(event)));
    bus.on(this, 'event.updated', (event) => void io.emit('event:updated', toEventSummary(event)));
    this.unsubscribeCameras = this.options.cameras.subscribe((view) => io.emit('camera:status', view));
  }

  async stop(): Promise<void> {
    this.options.bus.off(this);
    this.unsubscribeCameras?.();
    this.unsubscribeCameras = null;
    const io = this.io;
    this.io = null;
    if (!io) return;
    io.disconnectSockets(true);
    // Not io.close(): that would close the shared HTTP server, which HttpServer owns.
    io.engine.close();
  }

  /** Connected clients (for tests and health). */
  clientCount(): number {
    return this.io?.engine.clientsCount ?? 0;
  }

  private async snapshot(): Promise<LiveSnapshot> {
    const cameras = this.options.cameras.list();
    try {
      const [page, events] = await Promise.all([
        this.options.clips.listClips({ limit: SNAPSHOT_CLIPS }),
        this.options.events.list({ limit: SNAPSHOT_CLIPS }),
      ]);
      return { clips: page.clips.map(toClipSummary), events: events.events.map(toEventSummary), cameras };
    } catch (e) {
      // With the store down the dashboard still gets cameras and, from then on, live clips and events.
      this.options.log.warn({ event_type: 'socket.snapshot_clips_unavailable', err: e }, 'snapshot without clips');
      return { clips: [], events: [], cameras };
    }
  }

  private onClipRecorded(clip: Clip, event: ClipEvent): void {
    if (!this.io) return;
    const delta: ClipDelta = { clip: toClipSummary(clip), event: { type: event.type, at: event.at } };
    if (CREATED_TYPES.has(event.type) && !this.announced.has(clip.id)) {
      this.remember(clip.id);
      this.io.emit('clip:created', delta);
    } else {
      this.io.emit('clip:updated', delta);
    }
  }

  private remember(id: string): void {
    this.announced.add(id);
    if (this.announced.size > REMEMBERED_IDS) {
      const oldest = this.announced.values().next();
      if (!oldest.done) this.announced.delete(oldest.value);
    }
  }
}
