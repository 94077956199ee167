import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

// A clip's stages end at analyze: its event decides and alerts.
const STAGES = ['upload', 'detect', 'analyze'];

describe("a clip's life in the log", () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('has one info line per stage outcome, plus stored and done, each with clip id, camera and duration', async () => {
    // Given HomeSec watching a folder
    running = await startHomesec();
    const app = running.app;
    const done = waitForClip(app, (c) => c.status === 'done', 15_000);
    // When a clip arrives and reaches done
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), 'one.mp4');
    const clip = await done;
    // Then every step of its life is logged at info (not debug) with the clip, the camera and how long it took
    const mine = running.logs.records().filter((r) => r.clip_id === clip.id);
    const life = mine.filter((r) => r.level === 'info');
    const stored = life.filter((r) => r.event_type === 'intake.stored');
    const stages = life.filter((r) => String(r.event_type).startsWith('pipeline.stage_'));
    const finished = life.filter((r) => r.event_type === 'pipeline.clip_done');
    expect(stored).toHaveLength(1);
    expect(finished).toHaveLength(1);
    expect(stages.map((r) => r.stage).sort()).toEqual([...STAGES].sort());
    for (const record of [...stored, ...stages, ...finished]) {
      expect(record).toMatchObject({ clip_id: clip.id, camera: 'front_door', ms: expect.any(Number) });
    }
    // And the stage lines name their outcome and reason (detection is off here, so it was skipped)
    expect(stages.find((r) => r.stage === 'detect')).toMatchObject({ event_type: 'pipeline.stage_skipped', reason: 'detector_disabled' });
  });
});
