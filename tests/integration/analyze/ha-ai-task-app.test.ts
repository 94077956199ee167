import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { vlmReply } from '../../support/servers/fake-openai-server.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { SupervisorEnv } from '../../support/supervisor-env.js';

describe('HomeSec in the add-on with analyzer.provider home_assistant', () => {
  let running: StartedHomesec | null = null;
  let supervisor: FakeSupervisor | null = null;
  let media: { path: string; remove: () => void } | null = null;
  const supervisorEnv = new SupervisorEnv();

  afterEach(async () => {
    await running?.close();
    running = null;
    await supervisor?.close();
    media?.remove();
    supervisorEnv.restore();
  });

  it("gives a clip dropped in a watched folder the AI Task's verdict, through the Supervisor's Core proxy", async () => {
    // Given the Supervisor (with Core's AI Task behind it) in the environment, as the add-on has it, and
    // HomeSec's media folder at <HA's /media>/homesec
    media = makeTempDir('homesec-ha-media-');
    const mediaDir = join(media.path, 'homesec');
    mkdirSync(mediaDir, { recursive: true });
    supervisor = await startFakeSupervisor('addon-supervisor-token-7f3a', { mediaDirs: { local: media.path } });
    supervisor.aiTask.setDefault({
      kind: 'data',
      data: vlmReply({
        risk_level: 'medium',
        activity: 'suspicious_behavior',
        summary: { title: 'Someone waits by the door', description: 'A person stands by the door.' },
      }),
    });
    supervisorEnv.useSupervisor(supervisor);
    running = await startHomesec({
      media_dir: mediaDir,
      analyzer: {
        enabled: true,
        provider: 'home_assistant',
        run_mode: 'always',
        max_frames: 2,
        ha_media_source: 'media-source://media_source/local/homesec',
      },
    });

    // When a clip lands in the camera's folder
    const done = waitForClip(running.app, (c) => c.status === 'done' || c.status === 'failed', 60_000);
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'clip.mp4');
    const clip = await done;

    // Then the clip's verdict is the AI Task's answer
    expect(clip.status).toBe('done');
    expect(clip.stages.analyze, JSON.stringify(clip.stages.analyze)).toMatchObject({ outcome: 'ok' });
    expect(clip.analysis).toMatchObject({
      title: 'Someone waits by the door',
      riskLevel: 'medium',
      activity: 'suspicious_behavior',
      framesSent: 2,
    });
    // And the AI Task got both frames while they existed, from the media folder HA reads, with the Supervisor's token
    expect(supervisor.aiTask.calls).toHaveLength(1);
    expect(supervisor.aiTask.calls[0]?.attachmentFiles.every((f) => f !== null && f.length > 0)).toBe(true);
    const calls = supervisor.requests.filter((q) => q.path === '/core/api/services/ai_task/generate_data');
    expect(calls.map((q) => q.authorization)).toEqual([`Bearer ${supervisor.token}`]);
    // And no frame is left in the media folder, and the token is in no log line
    const frames = join(mediaDir, '.ai_task');
    expect(existsSync(frames) ? readdirSync(frames) : []).toEqual([]);
    expect(running.logs.text()).not.toContain(supervisor.token);
  });
});
