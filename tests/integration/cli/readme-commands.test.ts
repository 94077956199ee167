import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');

/** The `npx homesec ...` lines of the README's code blocks, without their comments. */
function readmeCommands(): string[][] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npx homesec'))
    .map((line) => line.split(/\s+/).slice(2));
}

/** The README's "A minimal homesec.yaml". */
function readmeConfig(): string {
  const at = readme.indexOf('A minimal `homesec.yaml`');
  const match = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at));
  if (at < 0 || !match?.[1]) throw new Error('README.md has no "A minimal `homesec.yaml`" block');
  return match[1];
}

/** A fresh clone of the working tree: the files git would check out (tracked and new, not ignored). */
function cloneWorkingTree(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_DIR, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(REPO_DIR, f)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(REPO_DIR, file), join(target, file));
  }
  execFileSync('chmod', ['+x', join(target, 'server', 'bin', 'homesec.js')]);
}

function npx(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['homesec', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HOMESEC_OPTIONS_PATH: join(cwd, 'none.json') },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the README's commands on a fresh clone after npm ci", () => {
  const dir = makeTempDir('homesec-clone-');
  const clone = join(dir.path, 'homesec');
  let commands: string[][] = [];

  beforeAll(() => {
    // Given a fresh clone (no server/dist, no web/dist, no node_modules) and `npm ci` in it, as
    // .ci/run does it (packages from npm's cache when it has them; better-sqlite3 compiles).
    cloneWorkingTree(clone);
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: clone,
      stdio: 'pipe',
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', ...(existsSync('/usr/include/node') ? { npm_config_nodedir: '/usr' } : {}) },
    });
    writeFileSync(join(clone, 'homesec.yaml'), readmeConfig());
    commands = readmeCommands();
    // The README's detect example names a photo in the checkout: a still of people and a parked car.
    copyFileSync(fixture('pedestrians.jpg'), join(clone, commands.find((c) => c[0] === 'detect')?.at(-1) ?? 'photo.jpg'));
  }, 300_000);
  afterAll(() => dir.remove());

  it('shows the commands this test runs', () => {
    // Then the README shows --help, validate, detect and run through npx
    expect(commands.map((c) => c[0])).toStrictEqual(['--help', 'validate', 'detect', 'run']);
    expect(existsSync(join(clone, 'server', 'dist'))).toBe(false);
    expect(existsSync(join(clone, 'node_modules', '.bin', 'homesec'))).toBe(true);
  });

  it('npx homesec --help lists every command', () => {
    // When it runs from the repository root, Then it lists the commands and exits 0
    const result = npx(clone, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const command of ['run', 'validate', 'detect', 'process', 'bench', 'config-reference', 'cleanup'])
      expect(result.stdout).toContain(command);
  });

  it("npx homesec validate accepts the README's homesec.yaml", () => {
    const args = commands.find((c) => c[0] === 'validate') ?? [];
    // When it validates the README's example config
    const result = npx(clone, args);
    // Then the config is valid
    expect(result.code, result.stderr).toBe(0);
  });

  it('npx homesec detect finds the people and the car in a photo, offline, with the shipped model', () => {
    const args = commands.find((c) => c[0] === 'detect') ?? [];
    // When it runs on the photo (a still of OpenCV's vtest.avi)
    const result = npx(clone, args);
    // Then it prints the detections and downloaded nothing
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\bcar 0\.\d+/);
    expect(result.stdout).toMatch(/\bperson 0\.\d+/);
    expect(existsSync(join(clone, 'data', 'models'))).toBe(false);
  });

  it('npx homesec run starts the service on the README config and Ctrl-C stops it cleanly', async () => {
    const args = commands.find((c) => c[0] === 'run') ?? [];
    // When it starts in its own process group, as in a terminal (a free port; the config's camera
    // and broker are not reachable from here)
    const child = spawn('npx', ['homesec', ...args], {
      cwd: clone,
      detached: true,
      env: { ...process.env, HOMESEC_HTTP__PORT: '0', HOMESEC_HTTP__HOST: '127.0.0.1', HOMESEC_OPTIONS_PATH: join(clone, 'none.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    // 'close': every process holding the output (npx and HomeSec under it) has exited.
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('dashboard on')) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      closed.then(
        () => reject(new Error(`exited before serving:\n${output.join('')}`)),
        () => undefined,
      );
    });
    // Then it serves; and Ctrl-C (SIGINT to the terminal's process group) stops HomeSec cleanly
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await closed;
    expect(output.join('')).toContain('"event_type":"app.stopped"');
  });
});
