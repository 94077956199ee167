import { createServer, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../../support/paths.js';
import { logEvents, makeFtpHarness, nextEvent, PASSWORD, type FtpHarness } from './ftp-harness.js';

function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

describe('FtpSource: start, stop and recovery', () => {
  let h: FtpHarness;
  afterEach(async () => {
    await h.cleanup();
  });

  it('does not throw when the port is busy: reports the cameras offline and listens once the port is free', async () => {
    // Given another program holds the FTP port
    const blocker = await occupyPort();
    h = makeFtpHarness({ ftp: { port: blocker.port }, timing: { listenRetryMs: 100 } });

    // When the source starts
    const failed = nextEvent(h.source, 'listenFailed');
    await h.source.start(new AbortController().signal);
    await failed;

    // Then it did not throw; the camera is offline with the reason, and the log says so
    expect(h.statuses.at(-1)).toMatchObject({
      camera: 'front_door',
      online: false,
      detail: `FTP server not running: port ${blocker.port} is already in use`,
    });
    expect(logEvents(h.logs, 'ftp.listen_failed')[0]?.reason).toBe(`port ${blocker.port} is already in use`);

    // When the other program lets go of the port
    const listening = nextEvent(h.source, 'listening');
    await new Promise<void>((resolve) => blocker.server.close(() => resolve()));

    // Then the server comes up on its own, the camera goes online and can upload
    expect((await listening)[0].port).toBe(blocker.port);
    expect(h.statuses.at(-1)).toMatchObject({ camera: 'front_door', online: true });
    const client = await h.login('front_door', PASSWORD);
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('empty_scene.mp4'), 'after.mp4');
    expect((await handed)[0].result.ok).toBe(true);
  });

  it('keeps a clip intake could not take and offers it again later', async () => {
    // Given an intake that fails once (a full disk) and a short retry pause
    h = makeFtpHarness({ timing: { handoverRetryMs: 100 } });
    h.intake.failNext = 1;
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When the camera uploads a clip
    const first = nextEvent(h.source, 'clipHandedOver');
    const second = nextEvent(h.source, 'clipHandedOver', (o) => o.result.ok);
    await client.uploadFrom(fixture('pedestrians.mp4'), 'retry.mp4');

    // Then the first hand-over fails and the file stays, the retry succeeds
    const [failed] = await first;
    expect(failed).toMatchObject({ willRetry: true });
    const [taken] = await second;
    expect(taken.upload.originalName).toBe('retry.mp4');
    expect(h.intake.attempts).toHaveLength(2);
    expect(existsSync(join(h.stagingDir, 'front_door', 'retry.mp4'))).toBe(false);
    expect(logEvents(h.logs, 'ftp.handover_failed')).toHaveLength(1);
  });

  it('stops cleanly twice, marks cameras offline and leaves the process signal handlers alone', async () => {
    // Given a running source
    const sigtermBefore = process.listenerCount('SIGTERM');
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const port = h.port();

    // When it is stopped twice
    await Promise.all([h.source.stop(), h.source.stop()]);

    // Then the port is free again, the camera is offline ("stopped"), and ftp-srv left no SIGTERM handler behind
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(h.statuses.at(-1)).toMatchObject({ online: false, detail: 'stopped' });
    expect(process.listenerCount('SIGTERM')).toBe(sigtermBefore);
  });

  it('stops when the start signal aborts', async () => {
    // Given a source started with a signal
    h = makeFtpHarness();
    const controller = new AbortController();
    await h.source.start(controller.signal);

    // When the signal aborts (SIGTERM in the app)
    const stopped = new Promise<void>((resolve) => h.source.on('status', (s) => s.detail === 'stopped' && resolve()));
    controller.abort();

    // Then the source stops
    await stopped;
    expect(h.source.port()).toBeNull();
  });
});
