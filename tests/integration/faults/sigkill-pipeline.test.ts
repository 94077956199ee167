import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { readAlertDelivery, type HeardAlert } from '../../support/alert-delivery.js';
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

  it('loses no clip and no alert (at least once: duplicates are counted)', async () => {
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
    // And every alert message the events decided was heard at least once (a delivery cut off by a kill is
    // sent again after the restart); copies of one message are counted, not refused
    await app.pipeline.idle();
    await expect.poll(() => app.health.report().checks.notify?.message, { timeout: 30_000 }).toMatch(/^0 /);
    const mqtt = recorder;
    const { events, heard, delivery } = await readAlertDelivery(
      async () => (await app.cameraEvents.list({ limit: 200 })).events,
      () => mqtt.messages.map((m) => JSON.parse(m.payload) as HeardAlert),
    );
    expect(delivery.lostKeys).toEqual([]);
    const alerted = new Set(heard.map((a) => a.event_id));
    // (Each event without one is shown whole: what it held and what was decided says where it stopped.)
    const withoutAlert = events
      .filter((e) => !alerted.has(e.id))
      .map(({ id, status, clipIds, decision, alerts, startedAt, endedAt }) => ({
        id,
        status,
        clipIds,
        decision,
        alerts,
        startedAt,
        endedAt,
      }));
    expect(withoutAlert).toEqual([]);
    reportFault(
      'SIGKILL in the pipeline',
      {
        kills: KILLS,
        clips: dropped.length,
        clips_lost: lost.length,
        clips_doubled: doubled.length,
        alerts_decided: delivery.decided,
        alerts_lost: delivery.lost,
        duplicate_notifications: delivery.duplicates,
        events_without_alert: withoutAlert.length,
      },
      `kills ${delays.join('/')} ms after the drops; at least once: a delivery cut off mid-send is sent again after the restart`,
    );
  }, 180_000);
});
