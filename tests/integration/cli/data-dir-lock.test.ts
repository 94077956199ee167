import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError } from '../../../server/src/store/data-dir-lock.js';
import { fixture, REPO_DIR } from '../../support/paths.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('one HomeSec process per data folder', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('homesec process and cleanup --apply refuse while the service runs on the same data folder, and work once it stopped', async () => {
    // Given the service running on a data folder
    running = await startHomesec();
    const config = join(running.dir, 'config.yaml');
    // When `homesec process` and `homesec cleanup --apply` are started on the same config
    const processed = cli('process', '--config', config, '--camera', 'front_door', fixture('empty_scene.mp4'));
    const cleaned = cli('cleanup', '--config', config, '--apply');
    // Then both refuse with a message naming the service and its pid, and touch no clip
    for (const [result, command] of [
      [processed, 'homesec process'],
      [cleaned, 'homesec cleanup'],
    ] as const) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${command}: another HomeSec (homesec run, pid ${process.pid}, since `);
      expect(result.stderr).toContain(`is using the data folder ${running.config.dataDir}; stop it first`);
    }
    expect(processed.stdout).toBe('');
    expect((await running.app.repository.listClips({ limit: 10 })).clips).toEqual([]);
    // When the service stops
    await running.stop();
    // Then `homesec process` runs on that folder
    const after = cli('process', '--config', config, '--camera', 'front_door', fixture('empty_scene.mp4'));
    expect(after.status, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout.trim())).toMatchObject({ camera: 'front_door', status: 'done' });
  });

  it('is released by the kernel when the holder is killed with SIGKILL: no stale lock', async () => {
    // Given `homesec run` in a child process, holding its data folder
    running = await startHomesec();
    const config = join(running.dir, 'config.yaml');
    const dataDir = running.config.dataDir;
    await running.stop();
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"event_type":"app.started"')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`homesec run exited with ${code}: ${output}`)));
    });
    expect(() => DataDirLock.check({ dataDir, command: 'test' })).toThrow(DataDirLockedError);
    // When it is killed without a chance to clean up
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // Then the folder is free at once
    expect(() => DataDirLock.check({ dataDir, command: 'test' })).not.toThrow();
  });
});
