import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** `motion` (the video looped), `still` (its first frame), or the name of an extra scene the camera was started with. */
export type CameraScene = 'motion' | 'still' | (string & {});
/** `zerolatency`: no B-frames, a key frame every half second. `bframes`: x264's High profile with B-frames, as many cameras send. */
export type CameraEncoder = 'zerolatency' | 'bframes';

/** What a mount serves: the camera's picture as `/cam` has it, or a smaller one (320x180) as a sub-stream. */
export type CameraMountKind = 'main' | 'sub';

/** A camera's login: with it, every mount asks for it (RTSP Basic) and a request without it, or with another, gets 401. */
export interface CameraLogin {
  readonly username: string;
  readonly password: string;
}

/** A fake RTSP camera (Debian's GStreamer RTSP server) on 127.0.0.1 whose scene can be switched. */
export interface RtspCameraServer {
  readonly port: number;
  /** rtsp://127.0.0.1:<port>/cam, optionally with credentials (ignored unless the camera was started with a login). */
  url(credentials?: string): string;
  /** rtsp://127.0.0.1:<port><path>: another mount (`mounts`), or `/cam`. */
  urlAt(path: string, credentials?: string): string;
  setScene(scene: CameraScene): Promise<void>;
  /** Kills the server (the camera goes away); `start()` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  readonly pid: number | undefined;
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'scripted_rtsp_camera.py');
const INSTALL_HINT =
  "the RTSP tests need GStreamer's RTSP server for Debian's python: apt-get install -y --no-install-recommends python3-gi " +
  'gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-tools';
const SERVER_FPS = 10;
/** Frames folder per source video, extracted once per process. */
const framesDirs = new Map<string, string>();

/**
 * Starts a camera serving `video` looped (motion) or its first frame (still): a camera whose scene a
 * test or a benchmark switches, for the motion-to-alert path end to end.
 */
export async function startScriptedRtspCamera(options: {
  video: string;
  scene: CameraScene;
  port?: number;
  encoder?: CameraEncoder;
  /** ffmpeg filters that make each served frame from the video's (default: scaled to 640x360). */
  frameFilter?: string;
  /** More looped scenes by name, each from its own video (same filter): a test's script of what the camera sees. */
  scenes?: Readonly<Record<string, string>>;
  /** More mount paths beside `/cam` (brand paths such as `/h264Preview_01_main`), each the main picture or a smaller sub-stream. */
  mounts?: Readonly<Record<string, CameraMountKind>>;
  /** Absent: no login asked, as before. */
  login?: CameraLogin;
}): Promise<RtspCameraServer> {
  assertGstreamerInstalled();
  const frameFilter = options.frameFilter ?? 'scale=640:360';
  const extraScenes = Object.entries(options.scenes ?? {});
  // Cameras with other extra scenes get their own folder: a scene's frames never overwrite another camera's.
  const frames = prepareFrames(options.video, frameFilter, JSON.stringify(extraScenes));
  for (const [name, video] of extraScenes) {
    if (!/^[a-z][a-z0-9_]*$/.test(name) || name === 'motion' || name === 'still') throw new Error(`bad scene name ${name}`);
    prepareSceneFrames(video, frameFilter, join(frames, `${name}-%04d.jpg`));
  }
  const port = options.port ?? (await freePort());
  for (const path of Object.keys(options.mounts ?? {})) {
    if (!/^\/[A-Za-z0-9_\-./]*$/.test(path) || path === '/cam') throw new Error(`bad mount path ${path}`);
  }
  // Only with mounts or a login: the script gets no 8th argument otherwise, exactly as before.
  const extras = options.mounts || options.login ? [JSON.stringify({ mounts: options.mounts ?? {}, auth: options.login ?? null })] : [];
  let scene = options.scene;
  let child: ChildProcessWithoutNullStreams | null = null;
  let lines: LineWaiter | null = null;

  const server: RtspCameraServer = {
    port,
    url: (credentials) => `rtsp://${credentials ? `${credentials}@` : ''}127.0.0.1:${port}/cam`,
    urlAt: (path, credentials) => `rtsp://${credentials ? `${credentials}@` : ''}127.0.0.1:${port}${path}`,
    get pid() {
      return child?.pid;
    },
    async setScene(next) {
      if (!child || !lines) throw new Error('camera server is not running');
      scene = next;
      const ack = lines.next((l) => l === `scene ${next}`, 5000);
      child.stdin.write(`scene ${next}\n`);
      await ack;
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const closed = new Promise((resolve) => running.once('close', resolve));
      running.kill('SIGKILL');
      await closed;
    },
    async start() {
      if (child) return;
      const names = extraScenes.map(([name]) => name).join(',');
      const args = [SCRIPT, String(port), '/cam', frames, String(SERVER_FPS), scene, options.encoder ?? 'zerolatency', names, ...extras];
      child = spawn(PYTHON, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      lines = new LineWaiter(child);
      await lines.next((l) => l.startsWith('ready '), 15_000);
    },
  };
  await server.start();
  return server;
}

function assertGstreamerInstalled(): void {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found: ${INSTALL_HINT}`);
  const check = spawnSync(
    PYTHON,
    ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"],
    { encoding: 'utf8' },
  );
  if (check.status !== 0) throw new Error(`${INSTALL_HINT}\n${check.stderr}`);
}

/** JPEG frames at 640x360 and 10 fps, extracted once per process. */
function prepareFrames(source: string, frameFilter: string, extraKey: string): string {
  const key = `${source}|${frameFilter}|${extraKey}`;
  const known = framesDirs.get(key);
  if (known && existsSync(join(known, 'still.jpg'))) return known;
  const dir = mkdtempSync(join(tmpdir(), 'homesec-rtsp-frames-'));
  const run = (args: string[]) => {
    const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', source, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ffmpeg could not prepare camera frames (apt-get install ffmpeg): ${r.stderr}`);
  };
  run(['-vf', `fps=${SERVER_FPS},${frameFilter}`, '-q:v', '5', join(dir, 'motion-%04d.jpg')]);
  run(['-vf', frameFilter, '-frames:v', '1', '-q:v', '5', join(dir, 'still.jpg')]);
  if (readdirSync(dir).length < 10) throw new Error('ffmpeg produced too few camera frames');
  framesDirs.set(key, dir);
  return dir;
}

/** One extra scene's looped frames at the camera's rate (into the camera's frames folder, next to motion and still). */
function prepareSceneFrames(video: string, frameFilter: string, pattern: string): void {
  const r = spawnSync(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-y', '-i', video, '-vf', `fps=${SERVER_FPS},${frameFilter}`, '-q:v', '5', pattern],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not prepare camera frames (apt-get install ffmpeg): ${r.stderr}`);
}

/** Waits for stdout lines of the server; fails early with its stderr when it dies. */
class LineWaiter {
  private readonly seen: string[] = [];
  private readonly waiters = new Set<(line: string | null) => void>();
  private stderr = '';
  private buffered = '';

  constructor(child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      for (const line of parts) {
        this.seen.push(line.trim());
        for (const w of [...this.waiters]) w(line.trim());
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('close', () => {
      for (const w of [...this.waiters]) w(null);
    });
  }

  next(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`camera server: no matching line within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      const onLine = (line: string | null) => {
        if (line === null) done(new Error(`camera server exited: ${this.stderr}`));
        else if (match(line)) done(line);
      };
      const done = (result: string | Error) => {
        clearTimeout(timer);
        this.waiters.delete(onLine);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      this.waiters.add(onLine);
    });
  }
}
