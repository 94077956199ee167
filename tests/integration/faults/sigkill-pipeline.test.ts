import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { dropClip } from '../../support/drop-clip.js';
import { reportFault } from '../../support/fault-figures.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { loadTestConfig, startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { killHard, startHomesecChild } from '../../support/homesec-child.js';

const KILLS = 10;
const CLIPS_PER_ROUND = 2;

/** Resolves after `ms` (the random point in the pipeline where the next SIGKILL lands). */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL at random points of the pipeline', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let child: ChildProcess | null = null;
  let running: StartedHomesec | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await running?.stop();
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    dir?.remove();
  });

  it('loses no clip and sends no notification twice', async () => {
    // Given HomeSec as its own process: a watched folder, a VLM that calls every clip high risk, MQTT alerts
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    dir = makeTempDir('homesec-sigkill-');
    const overrides = {
      log_level: 'info',
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-x', run_mode: 'always', max_frames: 2 },
      alerts: { cooldown_s: 0 },
      mqtt: { url: broker.url },
      notify: { retry_initial_s: 0.2, retry_max_s: 1 },
    };
    loadTestConfig(dir.path, overrides);
    const inbox = join(dir.path, 'inbox', 'front_door');
    const dropped: string[] = [];
    const delays: number[] = [];
    // When, again and again, clips arrive and the process is killed at a random moment after them
    for (let round = 0; round < KILLS; round++) {
      child = await startHomesecChild(join(dir.path, 'config.yaml'));
      for (let i = 0; i < CLIPS_PER_ROUND; i++) {
        const name = `round-${round}-${i}.mp4`;
        dropClip(inbox, fixture('empty_scene.mp4'), name);
        dropped.push(name);
      }
      const delay = Math.round(300 + Math.random() * 3000);
      delays.push(delay);
      await after(delay);
      await killHard(child);
      child = null;
    }
    // And HomeSec is started once more and left to finish
    running = await startHomesec(overrides, { dir: dir.path });
    const app = running.app;
    const byName = async (): Promise<Map<string, Clip[]>> => {
      await app.repository.drain(5000);
      const page = await app.repository.listClips({ limit: 200 });
      const map = new Map<string, Clip[]>();
      for (const clip of page.clips) map.set(clip.originalName, [...(map.get(clip.originalName) ?? []), clip]);
      return map;
    };
    await expect
      .poll(async () => [...(await byName()).values()].filter((c) => c.every((x) => x.status === 'done')).length, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe(dropped.length);
    // Then every dropped file is exactly one clip, done
    const clips = await byName();
    const lost = dropped.filter((name) => !clips.has(name));
    const doubled = [...clips.values()].filter((c) => c.length > 1);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);
    // And no alert message went out twice (at most once: a delivery cut off by a kill is not resent)
    await app.pipeline.idle();
    await expect.poll(() => app.health.report().checks.notify?.message, { timeout: 30_000 }).toMatch(/^0 /);
    const keys = recorder.messages.map((m) => {
      const p = JSON.parse(m.payload) as { event_id: string; phase: string; sequence: number };
      return `${p.event_id}/${p.phase}/${p.sequence}`;
    });
    const duplicates = keys.length - new Set(keys).size;
    expect(duplicates).toBe(0);
    const events = new Set([...clips.values()].flat().map((c) => c.eventId ?? c.id));
    const heard = new Set(keys.map((k) => k.split('/')[0]));
    reportFault(
      'SIGKILL in the pipeline',
      {
        kills: KILLS,
        clips: dropped.length,
        clips_lost: lost.length,
        clips_doubled: doubled.length,
        duplicate_notifications: duplicates,
        events_without_alert: [...events].filter((id) => !heard.has(id)).length,
      },
      `kills ${delays.join('/')} ms after the drops; at most once: a delivery cut off mid-send is recorded failed, not resent`,
    );
  }, 180_000);
});
