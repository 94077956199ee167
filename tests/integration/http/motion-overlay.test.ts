import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/http/contract.js';
import { MotionViewSchema, type MotionView } from '../../../server/src/http/motion-watch-contract.js';
import { RtspSource } from '../../../server/src/sources/rtsp/rtsp-source.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../support/rtsp-camera-server.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const PASSWORD = 'motion overlay password';
/** A mask in the top left corner: the overlay must get it, and no changed pixel under it. */
const MASK = { x: 0, y: 0, w: 0.25, h: 0.25 };

/**
 * The motion overlay's feed (issue #24 point 4): the real app with the GStreamer test camera and a login, a
 * socket.io client as the dashboard opens it, watching what the motion detector sees frame by frame.
 */
describe('motion overlay: the motion detector frame by frame over the socket, only while someone watches', () => {
  let camera: RtspCameraServer;
  let homesec: StartedHomesec;
  let source: RtspSource;
  let cookie = '';

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'still' });
    homesec = await startHomesec({
      http: { host: '127.0.0.1', port: 0, password: PASSWORD },
      cameras: [
        { name: 'front_door', source: 'rtsp', url: camera.url(), segment_s: 1, motion: { mask: [MASK] } },
        { name: 'porch', source: 'folder' },
      ],
    });
    const found = homesec.app.sources.find((s) => s.camera === 'front_door');
    if (!(found instanceof RtspSource)) throw new Error('front_door has no RTSP source');
    source = found;
    const login = await fetch(`${homesec.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: homesec.url },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 90_000);

  afterAll(async () => {
    await homesec?.close();
    await camera?.kill();
  });

  it('needs a login: without a session the socket does not connect, so nothing can be watched', async () => {
    // Given no session cookie / When the dashboard's socket connects / Then it is refused, and nobody watches
    const socket = io(homesec.url, {
      transports: ['websocket'],
      extraHeaders: { Origin: homesec.url },
      reconnection: false,
      forceNew: true,
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        socket.on('connect', () => resolve('connected'));
        socket.on('connect_error', () => resolve('refused'));
      });
      expect(outcome).toBe('refused');
      expect(source.motionWatchers()).toBe(0);
    } finally {
      socket.close();
    }
  });

  it('says why a camera cannot be watched: no such camera, or one without a stream', async () => {
    // Given a logged-in dashboard
    const watcher = await openWatcher(homesec.url, cookie);
    try {
      // When it asks for an unknown camera, a folder camera, and something that is no request
      const unknown = await watcher.watch('back_yard');
      const folder = await watcher.watch('porch');
      const wrong = await watcher.socket.timeout(5000).emitWithAck('motion:watch', { camera: '' });
      // Then each is refused with why, and nothing is watched
      expect(unknown).toMatchObject({ ok: false, error: 'not_found' });
      expect(folder).toMatchObject({ ok: false, error: 'not_found', message: expect.stringContaining('no stream') });
      expect(wrong).toMatchObject({ ok: false, error: 'invalid_request' });
      expect(source.motionWatchers()).toBe(0);
    } finally {
      watcher.socket.close();
    }
  });

  it('shows no motion while the scene is still, changed regions that count once people walk, and the mask', async () => {
    // Given a logged-in dashboard watching the camera while it shows a still scene
    const watcher = await openWatcher(homesec.url, cookie);
    try {
      expect(await watcher.watch('front_door')).toStrictEqual({ ok: true });
      expect(source.motionWatchers()).toBe(1);
      // When ten compared frames of the still scene arrive
      const still: MotionView[] = [];
      while (still.length < 10) still.push(await watcher.nextFrame((v) => v.verdict !== 'learning', 30_000));
      // Then none counts as motion, and each carries the settings and the mask in effect
      expect(still.filter((v) => v.motion)).toStrictEqual([]);
      expect(still.every((v) => v.regions.every((r) => !r.counts))).toBe(true);
      expect(still[0]).toMatchObject({
        camera: 'front_door',
        width: 160,
        height: 90,
        tuning: { fps: 5, pixelThreshold: 30, minArea: 10, minChangedPct: 1 },
        masks: { rects: [MASK], polygons: [] },
      });

      // When people walk in front of the camera
      await camera.setScene('motion');
      const moving = await watcher.nextFrame((v) => v.verdict === 'area', 30_000);

      // Then the frame counts as motion by a region's area, with regions in shares and the changed pixels they hold
      expect(moving.motion).toBe(true);
      const counting = moving.regions.filter((r) => r.counts);
      expect(counting.length).toBeGreaterThan(0);
      for (const r of moving.regions) {
        expect(r.x + r.w).toBeLessThanOrEqual(1);
        expect(r.y + r.h).toBeLessThanOrEqual(1);
        expect(r.area).toBeGreaterThan(0);
      }
      const pixels = changedPixels(moving);
      expect(pixels.length).toBeGreaterThan(0);
      // ...and nothing changed under the mask (the top left quarter of width and height)
      expect(pixels.filter(({ x, y }) => x < 160 * MASK.w && y < 90 * MASK.h)).toStrictEqual([]);
    } finally {
      watcher.socket.close();
      await camera.setScene('still');
    }
    await expect.poll(() => source.motionWatchers()).toBe(0);
  });

  it('stops sending after unwatch and after disconnect, and builds no more views once nobody watches', async () => {
    // Given two dashboards watching the camera
    const first = await openWatcher(homesec.url, cookie);
    const second = await openWatcher(homesec.url, cookie);
    const endedBefore = homesec.logs.records('motion_view.watch_ended').length;
    try {
      expect(await first.watch('front_door')).toStrictEqual({ ok: true });
      expect(await second.watch('front_door')).toStrictEqual({ ok: true });
      await first.nextFrame();
      await second.nextFrame();
      expect(source.motionWatchers()).toBe(2);

      // When the first unwatches
      first.socket.emit('motion:unwatch', { camera: 'front_door' });
      await expect.poll(() => source.motionWatchers()).toBe(1);
      await second.nextFrame();
      const firstHad = first.frames.length;

      // Then, while the second gets five more frames, the first gets none
      for (let i = 0; i < 5; i++) await second.nextFrame();
      expect(first.frames.length).toBe(firstHad);

      // When the second goes away without unwatching (the page closed)
      second.socket.close();

      // Then nobody watches: the camera builds no more views, and both ends are logged with why
      await expect.poll(() => source.motionWatchers()).toBe(0);
      await expect.poll(() => homesec.logs.records('motion_view.watch_ended').length).toBe(endedBefore + 2);
      expect(
        homesec.logs
          .records('motion_view.watch_ended')
          .slice(endedBefore)
          .map((r) => r.reason),
      ).toStrictEqual(['unwatched', 'disconnected']);
    } finally {
      first.socket.close();
      second.socket.close();
    }
  });
});

type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Watcher {
  readonly socket: DashboardSocket;
  /** Every frame received so far (taken ones included). */
  readonly frames: readonly MotionView[];
  watch(camera: string): Promise<unknown>;
  /** The next frame received from now on that matches (frames before it are passed over). */
  nextFrame(predicate?: (view: MotionView) => boolean, timeoutMs?: number): Promise<MotionView>;
}

/** A logged-in dashboard's socket (over WebSocket, as the browser opens it), connected. */
async function openWatcher(url: string, cookie: string): Promise<Watcher> {
  const socket: DashboardSocket = io(url, {
    transports: ['websocket'],
    extraHeaders: { Cookie: cookie, Origin: url },
    reconnection: false,
    forceNew: true,
  });
  const frames: MotionView[] = [];
  let waiter: ((view: MotionView) => void) | null = null;
  socket.on('motion:frame', (payload) => {
    const view = MotionViewSchema.parse(payload);
    frames.push(view);
    waiter?.(view);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return {
    socket,
    frames,
    watch: (camera) => socket.timeout(5000).emitWithAck('motion:watch', { camera }),
    nextFrame: (predicate = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = null;
          reject(new Error(`no matching motion:frame within ${timeoutMs} ms (${frames.length} frames so far)`));
        }, timeoutMs);
        waiter = (view) => {
          if (!predicate(view)) return;
          clearTimeout(timer);
          waiter = null;
          resolve(view);
        };
      }),
  };
}

/** The changed pixels of a view's bitmask, as the dashboard decodes it. */
function changedPixels(view: MotionView): { x: number; y: number }[] {
  const bytes = Buffer.from(view.changed, 'base64');
  const found: { x: number; y: number }[] = [];
  for (let i = 0; i < view.width * view.height; i++)
    if (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) found.push({ x: i % view.width, y: Math.floor(i / view.width) });
  return found;
}
