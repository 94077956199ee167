import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { reportFault } from '../../support/fault-figures.js';
import { fixture } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

describe('a VLM that answers with malformed JSON', () => {
  let running: StartedHomesec | null = null;
  let vlm: FakeOpenAiServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    await vlm?.close();
  });

  it('is asked once to repair, then the clip goes on without an analysis, with the reason recorded', async () => {
    // Given a VLM that answers prose, truncated JSON, and JSON of the wrong shape (and the same again when asked to repair)
    vlm = await startFakeOpenAiServer();
    const replies = [
      { kind: 'text', content: 'Sure! Two people walk across the plaza.' },
      { kind: 'text', content: '{"risk_level": "high", "summary": "Two peo' },
      { kind: 'json', content: { ...vlmReply(), risk_level: 'apocalyptic' } },
    ] as const;
    for (const reply of replies) vlm.script(reply, reply);
    running = await startHomesec({
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-x', run_mode: 'always', max_frames: 2 },
    });
    const app = running.app;
    // When three clips are analysed
    const clips: Clip[] = [];
    for (let i = 0; i < replies.length; i++) {
      const done = waitForClip(app, (c) => c.originalName === `clip-${i}.mp4` && (c.status === 'done' || c.status === 'failed'), 30_000);
      const path = join(running.dir, `clip-${i}.mp4`);
      copyFileSync(fixture('empty_scene.mp4'), path);
      const now = new Date();
      await app.pipeline.intake.accept({
        camera: 'front_door',
        path,
        source: 'folder',
        originalName: `clip-${i}.mp4`,
        startedAt: now,
        endedAt: now,
        consume: true,
      });
      clips.push(await done);
    }
    // Then each clip is done, its analyze stage failed with invalid_reply after one repair, and its event still decided
    for (const clip of clips) {
      expect(clip.status).toBe('done');
      expect(clip.stages.analyze).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/^invalid_reply: .*after one repair attempt/),
      });
      expect(clip.analysis).toBeNull();
      expect(app.cameraEvents.getLocal(clip.eventId ?? '')?.decision).not.toBeNull();
    }
    expect(vlm.requests).toHaveLength(replies.length * 2);
    reportFault('malformed VLM JSON', {
      replies: replies.length * 2,
      clips_done: clips.filter((c) => c.status === 'done').length,
      analyses_kept: clips.filter((c) => c.analysis !== null).length,
      decided_without_vlm: clips.filter((c) => app.cameraEvents.getLocal(c.eventId ?? '')?.decision).length,
    });
  });
});
