import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { startFakeDropbox, type FakeDropbox } from '../../support/servers/fake-dropbox-server.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');
const CLIPS = 3;

/** Resolves once the child's JSON log has `count` records of `eventType`. */
function waitForLog(child: ChildProcess, output: string[], eventType: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${count}x ${eventType} within 60 s:\n${output.join('').slice(-3000)}`)), 60_000);
    const check = () => {
      const seen = output
        .join('')
        .split('\n')
        .filter((line) => line.includes(`"event_type":"${eventType}"`)).length;
      if (seen >= count) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      check();
    });
  });
}

describe('a crash in the middle of the pipeline', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let child: ChildProcess | null = null;
  let dropbox: FakeDropbox | null = null;
  let restarted: StartedHomesec | null = null;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await restarted?.stop();
    await dropbox?.close();
    dir?.remove();
  });

  it('resumes every clip after SIGKILL; each reaches done once and is copied off-site once', async () => {
    // Given HomeSec in a child process with slow real detection and a Dropbox copy (a local fake Dropbox)
    dir = makeTempDir('homesec-crash-');
    dropbox = await startFakeDropbox({ accessTokens: ['token-1'] });
    const overrides = {
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), early_exit: false, sample_fps: 4 },
      offsite: { backend: 'dropbox', dropbox: { access_token: 'token-1', api_url: dropbox.url, content_url: dropbox.url } },
    };
    const config = {
      data_dir: join(dir.path, 'data'),
      http: { host: '127.0.0.1', port: 0 },
      cameras: [{ name: 'front_door', source: 'folder', path: join(dir.path, 'inbox', 'front_door') }],
      ...overrides,
    };
    mkdirSync(dir.path, { recursive: true });
    writeFileSync(join(dir.path, 'config.yaml'), stringify(config));
    const output: string[] = [];
    child = spawn(process.execPath, [CLI, 'run', '--config', join(dir.path, 'config.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForLog(child, output, 'app.started', 1);
    // When three clips arrive and the process is killed once two are stored, before all are done
    for (let i = 0; i < CLIPS; i++) dropClip(join(dir.path, 'inbox', 'front_door'), fixture('pedestrians.mp4'), `clip-${i}.mp4`);
    await waitForLog(child, output, 'intake.stored', 2);
    const exited = new Promise((resolve) => child?.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const doneBeforeKill = output
      .join('')
      .split('\n')
      .filter((l) => l.includes('"event_type":"pipeline.clip_done"')).length;
    expect(doneBeforeKill).toBeLessThan(CLIPS);
    // And HomeSec is started again on the same data
    restarted = await startHomesec(overrides, { dir: dir.path });
    const app = restarted.app;
    // Then every dropped file became exactly one clip, and every clip reaches done
    await expect
      .poll(
        async () => {
          await app.repository.drain(2000);
          const page = await app.repository.listClips({ limit: 50 });
          return page?.clips.map((c) => c.status).sort();
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toEqual(Array.from({ length: CLIPS }, () => 'done'));
    const clips = (await app.repository.listClips({ limit: 50 }))?.clips ?? [];
    expect(new Set(clips.map((c) => c.originalName))).toEqual(new Set(['clip-0.mp4', 'clip-1.mp4', 'clip-2.mp4']));
    for (const clip of clips) {
      expect(clip.detection?.labels.map((l) => l.label)).toContain('person');
      expect(clip.stages.upload?.outcome).toBe('ok');
      const events = (await app.repository.listClipEvents(clip.id)) ?? [];
      expect(events.filter((e) => e.type === 'clip_done')).toHaveLength(1);
    }
    // And each clip was uploaded to Dropbox exactly once
    const uploads = dropbox.requests.filter((r) => r.endpoint === '/2/files/upload' || r.endpoint === '/2/files/upload_session/finish');
    const uploadedPaths = uploads.map((r) => JSON.stringify(r.arg).match(/"path":"([^"]+)"/)?.[1]);
    expect(uploadedPaths.sort()).toEqual(clips.map((c) => `/homesec/${c.mediaPath}`).sort());
    expect(dropbox.files.size).toBe(CLIPS);
    // (35 s alone, 49 s in a full run, 60 s with two busy loops beside it: its own process, ffmpeg and the
    // pipeline twice; the 60 s default is no bound on it.)
  }, 180_000);
});
