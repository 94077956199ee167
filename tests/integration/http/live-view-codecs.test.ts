import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView } from '../../../server/src/cameras/camera-view.js';
import type { LiveStreamFeed } from '../../../server/src/core/live-camera.js';
import { createHttpApp } from '../../../server/src/http/create-http-app.js';
import { LiveViewResponseSchema } from '../../../server/src/http/live-view-contract.js';
import { liveViewRoutes } from '../../../server/src/http/routes/live-view-routes.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { runProcess } from '../../../server/src/media/run-process.js';
import { LogCapture } from '../../support/log-capture.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * What the live view does with each codec a camera may send, read from the stream itself: the live routes
 * with real ffmpeg, fed MPEG-TS as a camera's relay feeds them (H.264 and H.265 made by ffmpeg, and a
 * camera that sends nothing). The whole app with a real RTSP camera is live-view.test.ts.
 */
describe('live view by codec', () => {
  const temp = makeTempDir('homesec-live-codecs-');
  const streams: Record<string, Buffer> = {};
  let server: Server;
  let url = '';

  beforeAll(async () => {
    for (const [name, codec] of [
      ['h264', ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '5']],
      ['hevc', ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:keyint=5']],
    ] as const) {
      const file = join(temp.path, `${name}.ts`);
      await runProcess('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10', '-t', '2'],
        ...codec,
        ...['-pix_fmt', 'yuv420p', '-f', 'mpegts', file],
      ]);
      streams[name] = readFileSync(file);
    }
    const camera = (name: string): CameraView => ({
      name,
      source: 'rtsp',
      enabled: true,
      online: true,
      detail: null,
      lastFrameAt: null,
      armed: true,
      armedReason: 'manual',
      hasPicture: true,
      lastClip: null,
    });
    // A camera named after its codec sends that stream; `silent` sends nothing (offline, or still connecting).
    const liveStream = (name: string): LiveStreamFeed => {
      const stream = new PassThrough();
      const bytes = streams[name];
      if (bytes) stream.write(bytes);
      return { stream, close: () => stream.end() };
    };
    const log = createLogger('debug', new LogCapture());
    const routes = liveViewRoutes({
      cameras: { get: (name) => (name in streams || name === 'silent' ? camera(name) : null) },
      liveStream,
      tools: ffmpegToolsFromEnv(),
      log,
    });
    // The dashboard's express app (its error handler answers as the API does), without a login.
    server = createServer(createHttpApp({ open: [], guarded: [routes] }, { log, gate: null, trustedProxies: [] }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    temp.remove();
  });

  it('shows an H.265 camera as refreshed pictures: browsers cannot play its video, and nothing remuxes it', async () => {
    // Given a camera sending H.265
    // When the dashboard asks how to show it, and asks for its video anyway
    const view = await fetch(`${url}/api/cameras/hevc/live`);
    const video = await fetch(`${url}/api/cameras/hevc/live.mp4`);
    // Then it is to be shown as pictures, and its video is refused with why
    expect(LiveViewResponseSchema.parse(await view.json())).toStrictEqual({ camera: 'hevc', mode: 'pictures', codec: 'hevc' });
    expect(video.status).toBe(415);
    expect(((await video.json()) as { message: string }).message).toBe(
      'hevc sends hevc, which browsers cannot play: watch its pictures instead',
    );
  });

  it('plays an H.264 camera as video', async () => {
    // Given a camera sending H.264 / When asked how to show it / Then as video
    const view = await fetch(`${url}/api/cameras/h264/live`);
    expect(LiveViewResponseSchema.parse(await view.json())).toStrictEqual({ camera: 'h264', mode: 'video', codec: 'h264' });
  });

  it('says a camera that sends nothing is not streaming, rather than hanging', async () => {
    // Given a camera whose relay has nothing (offline) / When its live view is asked for
    const view = await fetch(`${url}/api/cameras/silent/live`);
    // Then the answer is 503 with the reason, once the wait for the stream is over
    expect(view.status).toBe(503);
    expect(((await view.json()) as { message: string }).message).toContain('no stream from silent right now');
  });
});
