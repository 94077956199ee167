import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveViewResponseSchema } from '../../../server/src/http/live-view-contract.js';
import { runProcess } from '../../../server/src/media/run-process.js';
import { childProcessesWith } from '../../support/child-processes.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../support/rtsp-camera-server.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { establishedConnectionsTo } from '../../support/tcp-connections.js';
import { makeTempDir } from '../../support/temp-dir.js';

const PASSWORD = 'live view password';

/**
 * The live view of an RTSP camera (issue #24 point 3): the real app with the GStreamer test camera and a
 * login; GET /api/cameras/front_door/live.mp4 read as a browser reads it.
 */
describe('live view: the camera stream-copied into fragmented MP4 from its one RTSP session', () => {
  let camera: RtspCameraServer;
  let homesec: StartedHomesec;
  let cookie = '';
  const temp = makeTempDir('homesec-live-view-');

  beforeAll(async () => {
    camera = await startRtspCameraServer({ scene: 'motion' });
    homesec = await startHomesec({
      http: { host: '127.0.0.1', port: 0, password: PASSWORD },
      cameras: [
        { name: 'front_door', source: 'rtsp', url: camera.url(), segment_s: 1 },
        { name: 'porch', source: 'folder' },
      ],
    });
    const login = await fetch(`${homesec.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: homesec.url },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // The camera's session is up once its relay names the codec (each ask waits up to 5 s for it).
    for (let attempt = 0; ; attempt++) {
      const status = (await fetch(`${homesec.url}/api/cameras/front_door/live`, { headers: { Cookie: cookie } })).status;
      if (status === 200) break;
      if (attempt === 10) throw new Error(`the camera's live view never came up (last answer ${status})`);
    }
  }, 90_000);

  afterAll(async () => {
    await homesec?.close();
    await camera?.kill();
    temp.remove();
  });

  it('says an H.264 camera plays as video, and a folder camera has no live view', async () => {
    // Given the RTSP camera (H.264) and a folder camera
    // When the dashboard asks how each can be watched
    const rtsp = await fetch(`${homesec.url}/api/cameras/front_door/live`, { headers: { Cookie: cookie } });
    const folder = await fetch(`${homesec.url}/api/cameras/porch/live.mp4`, { headers: { Cookie: cookie } });
    // Then the RTSP camera is video, the folder camera has no stream (404 with why)
    expect(LiveViewResponseSchema.parse(await rtsp.json())).toStrictEqual({ camera: 'front_door', mode: 'video', codec: 'h264' });
    expect(folder.status).toBe(404);
    expect(await folder.text()).toContain('no live stream');
  });

  it('needs a login like every API route', async () => {
    // Given no session cookie / When the stream is asked for / Then it is refused and no remuxer starts
    const anonymous = await fetch(`${homesec.url}/api/cameras/front_door/live.mp4`);
    expect(anonymous.status).toBe(401);
    expect(remuxersOfThisProcess()).toStrictEqual([]);
  });

  it('sends ftyp and moov, then moof and mdat within 2 s of opening: H.264 as the camera sends it', async () => {
    // Given the camera streaming into HomeSec
    // When a viewer opens the live stream
    const viewer = await openViewer(`${homesec.url}/api/cameras/front_door/live.mp4`, cookie);
    try {
      // Then the first fragment is there within 2 s, after the file's header
      expect(viewer.types.slice(0, 4)).toStrictEqual(['ftyp', 'moov', 'moof', 'mdat']);
      expect(viewer.firstFragmentMs).toBeLessThan(2000);
      // ...and what arrived so far is playable H.264 at the camera's size (stream-copied, not re-encoded smaller)
      const file = join(temp.path, 'first-fragment.mp4');
      writeFileSync(file, viewer.bytes);
      const probe = await runProcess('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'csv=p=0',
        file,
      ]);
      expect(probe.stdout.toString('utf8').trim()).toBe('h264,640,360');
    } finally {
      await viewer.close();
    }
  });

  it('serves two viewers from the one RTSP session the camera already has, and ends each remuxer when its viewer leaves', async () => {
    // Given the camera with HomeSec's one session, and no viewer (an earlier one's end is logged)
    await expect.poll(() => homesec.logs.records('live.view_ended').length).toBe(homesec.logs.records('live.view_started').length);
    expect(establishedConnectionsTo(camera.port)).toBe(1);
    const endedBefore = homesec.logs.records('live.view_ended').length;

    // When two viewers watch at once
    const first = await openViewer(`${homesec.url}/api/cameras/front_door/live.mp4`, cookie);
    const second = await openViewer(`${homesec.url}/api/cameras/front_door/live.mp4`, cookie);
    try {
      // Then both get pictures, each through its own remuxer, and the camera still has one client
      expect(first.types).toContain('mdat');
      expect(second.types).toContain('mdat');
      expect(remuxersOfThisProcess()).toHaveLength(2);
      expect(establishedConnectionsTo(camera.port)).toBe(1);
    } finally {
      // When both leave (the page closes: the connection drops)
      await first.close();
      await second.close();
    }

    // Then both remuxers end, as viewers that left, and the camera keeps its one session
    await expect.poll(() => homesec.logs.records('live.view_ended').length, { timeout: 10_000 }).toBe(endedBefore + 2);
    expect(
      homesec.logs
        .records('live.view_ended')
        .slice(endedBefore)
        .map((r) => r.reason),
    ).toStrictEqual(['viewer_left', 'viewer_left']);
    expect(remuxersOfThisProcess()).toStrictEqual([]);
    expect(establishedConnectionsTo(camera.port)).toBe(1);
  });
});

interface Viewer {
  /** Top-level MP4 boxes received, in order, up to the first mdat. */
  readonly types: readonly string[];
  readonly bytes: Buffer;
  /** From sending the request to having the first fragment whole. */
  readonly firstFragmentMs: number;
  /** Drops the connection, as a closing page does. */
  close(): Promise<void>;
}

/** Reads the stream as a `<video>` does until its first fragment is whole, then keeps draining it until closed. */
async function openViewer(url: string, cookie: string): Promise<Viewer> {
  const abort = new AbortController();
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('video/mp4');
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const boxes = new TopLevelBoxes();
  while (!boxes.types.includes('mdat')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended after ${boxes.types.join(', ')}`);
    boxes.push(Buffer.from(value));
  }
  const firstFragmentMs = performance.now() - started;
  const draining = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // aborted: the viewer left
    }
  })();
  return {
    types: [...boxes.types],
    bytes: boxes.bytes(),
    firstFragmentMs,
    close: async () => {
      abort.abort();
      await draining;
    },
  };
}

/** The top-level boxes of an MP4 byte stream, as whole boxes arrive. */
class TopLevelBoxes {
  readonly types: string[] = [];
  private data = Buffer.alloc(0);
  private whole = 0;

  push(chunk: Buffer): void {
    this.data = Buffer.concat([this.data, chunk]);
    while (this.data.length - this.whole >= 8) {
      const size = this.data.readUInt32BE(this.whole);
      if (size === 1 && this.data.length - this.whole < 16) return;
      const length = size === 1 ? Number(this.data.readBigUInt64BE(this.whole + 8)) : size;
      if (length < 8 || this.data.length - this.whole < length) return;
      this.types.push(this.data.toString('latin1', this.whole + 4, this.whole + 8));
      this.whole += length;
    }
  }

  /** The whole boxes so far. */
  bytes(): Buffer {
    return this.data.subarray(0, this.whole);
  }
}

/** The live remuxers (ffmpeg writing fragmented MP4) running now. */
function remuxersOfThisProcess(): number[] {
  return childProcessesWith('empty_moov');
}
