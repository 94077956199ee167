import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

/** Resolves with the dashboard URL once the process logs that it listens. */
function dashboardUrl(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard within 30 s:\n${output.join('')}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /dashboard on (http:\/\/[^"\s]+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited early with ${code}:\n${output.join('')}`)));
  });
}

describe('homesec run', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let child: ChildProcess | null = null;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    dir.remove();
  });

  it('runs on embedded defaults: health answers, the SQLite file exists, SIGTERM stops it cleanly', async () => {
    // Given no config file in an empty folder (a free port, and no model download in a test)
    const output: string[] = [];
    child = spawn(process.execPath, [CLI, 'run'], {
      cwd: dir.path,
      env: {
        ...process.env,
        HOMESEC_OPTIONS_PATH: join(dir.path, 'none.json'),
        HOMESEC_HTTP__PORT: '0',
        HOMESEC_HTTP__HOST: '127.0.0.1',
        HOMESEC_DETECTOR__ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // When it has started
    const url = await dashboardUrl(child, output);
    const response = await fetch(`${url}/api/health`);
    // Then health answers 200 with a status, and SQLite and the demo inbox are in ./data
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toMatch(/healthy|degraded/);
    expect(existsSync(join(dir.path, 'data', 'homesec.db'))).toBe(true);
    expect(existsSync(join(dir.path, 'data', 'inbox', 'demo'))).toBe(true);
    // When SIGTERM arrives, Then it stops with exit code 0 and says so
    const exited = new Promise<number | null>((resolve) => child?.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.join('')).toContain('"event_type":"app.stopped"');
  });

  it('refuses a bad config with exit 2 and the problems, no stack trace', async () => {
    // Given a config path that does not exist
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const run = spawn(process.execPath, [CLI, 'run', '--config', join(dir.path, 'missing.yaml')], {
        cwd: dir.path,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      run.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      run.on('exit', (code) => resolve({ code, stderr }));
    });
    // Then it says which file and why
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: file not found');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
