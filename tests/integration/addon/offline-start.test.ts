import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture, REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');
const PORT = 8099;
const IS_ROOT = process.getuid?.() === 0;

/** Fails with what to install instead of skipping: the test needs a private network namespace. */
function requireTools(): void {
  for (const [tool, pkg] of [
    ['unshare', 'util-linux'],
    ['nsenter', 'util-linux'],
    ['ip', 'iproute2'],
  ] as const) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install ${pkg} (the offline test runs HomeSec in a network namespace without network)`);
    }
  }
  try {
    execFileSync('unshare', [...(IS_ROOT ? ['-n'] : ['-rn']), 'true'], { stdio: 'ignore' });
  } catch (e) {
    throw new Error(`cannot create a network namespace here (unshare -n): ${(e as Error).message}`, { cause: e });
  }
}

/** GET on the service from inside its network namespace (nothing outside can reach it). */
function getInside(pid: number, path: string): { status: number; body: string } {
  const script = `fetch('http://127.0.0.1:${PORT}${path}').then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })))`;
  const enter = IS_ROOT ? ['--net=/proc/' + pid + '/ns/net'] : ['-t', String(pid), '-U', '-n', '--preserve-credentials'];
  const out = execFileSync('nsenter', [...enter, process.execPath, '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { status: number; body: string };
}

interface ClipRow {
  readonly id: string;
  readonly status: string;
  readonly labels: string[];
  readonly error: string | null;
}

/** Polls GET /api/clips (the service is a separate process: there is no event to wait on) until a clip finishes. */
async function finishedClip(pid: number, output: string[]): Promise<ClipRow> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { status, body } = getInside(pid, '/api/clips');
    if (status === 200) {
      const clip = (JSON.parse(body) as { clips: ClipRow[] }).clips.find((c) => c.status === 'done' || c.status === 'failed');
      if (clip) return clip;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no finished clip within 120 s:\n${output.join('').slice(-4000)}`);
}

function started(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard within 60 s:\n${output.join('')}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('dashboard on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited early with ${code}:\n${output.join('')}`)));
  });
}

describe('first start with no network and no model configured', () => {
  const dir = makeTempDir('homesec-offline-');
  const output: string[] = [];
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    requireTools();
    // Given an empty working folder, no config file, and a network namespace with only loopback
    child = spawn(
      'unshare',
      [...(IS_ROOT ? ['-n'] : ['-rn']), 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${CLI}" run`],
      {
        cwd: dir.path,
        env: { ...process.env, HOMESEC_OPTIONS_PATH: join(dir.path, 'no-options.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // When HomeSec starts on its embedded defaults (what `npm start` runs)
    await started(child, output);
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    dir.remove();
  });

  it('detects the people in pedestrians.mp4 dropped into the inbox, with the shipped model and no download', async () => {
    const pid = child?.pid;
    if (pid === undefined) throw new Error('HomeSec did not start');
    // Given the service is up and healthy enough to record
    expect(getInside(pid, '/api/health').status).toBe(200);

    // When a clip is dropped into the demo camera's inbox
    dropClip(join(dir.path, 'data', 'inbox', 'demo'), fixture('pedestrians.mp4'), 'pedestrians.mp4');

    // Then it is processed to the end and the detector found people
    const clip = await finishedClip(pid, output);
    expect(clip).toMatchObject({ status: 'done', error: null });
    expect(clip.labels).toContain('person');
    // And the model came from the project's models/ folder: nothing was downloaded or cached
    const log = output.join('');
    expect(log).toMatch(
      new RegExp(`"event_type":"detector.ready"[^\\n]*${join(REPO_DIR, 'models', 'yolox_nano.onnx').replace(/[/.]/g, '\\$&')}`),
    );
    expect(log).not.toContain('detector.model_download_started');
    expect(existsSync(join(dir.path, 'data', 'models')) ? readdirSync(join(dir.path, 'data', 'models')) : []).toStrictEqual([]);
  });
});
