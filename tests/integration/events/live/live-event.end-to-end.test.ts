import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listChildProcesses } from '../../../../server/src/bench/child-processes.js';
import type { Clip } from '../../../../server/src/core/clip.js';
import { RtspSource } from '../../../../server/src/sources/rtsp/rtsp-source.js';
import type { AlertPayload } from '../../../../server/src/notify/alert-payload.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../../support/mosquitto.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';
import { startHomesec, type StartedHomesec } from '../../../support/start-homesec.js';
import { liveConfig, payloadOf } from './live-harness.js';

const ALERTS = 'homesec/alerts/front_door';
const MOTION = 'homesec/camera/front_door/motion';

/**
 * The whole app against a real RTSP camera (GStreamer, switched between a still frame and people
 * walking), the real detector, an OpenAI-compatible VLM on loopback and a real broker: what a user
 * sees on their phone and in Home Assistant while someone is at the door.
 */
describe('a live event on an RTSP camera, end to end', () => {
  let camera: RtspCameraServer | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  let running: StartedHomesec | null = null;

  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    await camera?.kill();
  });

  async function start(cameraOverrides: Record<string, unknown> = {}): Promise<StartedHomesec> {
    camera = await startRtspCameraServer({ scene: 'still' });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({
      kind: 'json',
      content: vlmReply({
        risk_level: 'medium',
        activity: 'passerby',
        summary: { title: 'People cross the yard', description: 'Two people walk past.' },
      }),
    });
    running = await startHomesec(liveConfig(camera, broker, vlm, cameraOverrides));
    await waitForOnline(running);
    return running;
  }

  it('turns motion on, alerts while the people are still there, updates with the verdict and ends with the clip', async () => {
    // Given HomeSec watching a still RTSP scene
    const app = await start();
    const stored = clipStoredAt(app);

    // When people walk in front of the camera for 10 s, then the scene is still again
    const motionAt = Date.now();
    await camera?.setScene('motion');
    const firstNew = await recorder?.waitFor(ALERTS, 1, 30_000);
    const detectorWhileMoving = liveDetectorProcesses();
    await after(Math.max(0, motionAt + 10_000 - Date.now()));
    await camera?.setScene('still');

    // Then the motion sensor turned ON, then an early `new` arrived before the clip was stored
    const messages = await recorder?.waitFor(ALERTS, 3, 60_000);
    const clip = await stored;
    const motionOn = recorder?.messages.find((m) => m.topic === MOTION && m.payload === 'ON' && m.receivedAt >= motionAt);
    expect(motionOn, 'motion ON on the HA motion topic').toBeDefined();
    const alerts = (messages ?? []).map(payloadOf);
    expect(alerts.map((a) => a.phase)).toEqual(['new', 'update', 'end']);
    expect(firstNew?.[0]?.receivedAt).toBeLessThan(clip.at);
    expect(alerts[0]).toMatchObject({ risk_level: 'unrated', reason: 'early_detection', clip_id: null });
    // ...and the live detector was running then (its own ffmpeg, fed from the camera's one session)
    expect(detectorWhileMoving.length).toBe(1);
    // And the update carries the VLM's verdict for the same event, and the end the stored clip
    expect(new Set(alerts.map((a) => a.event_id))).toEqual(new Set([clip.clip.eventId]));
    expect(alerts[1]).toMatchObject({ risk_level: 'medium', title: 'People cross the yard' });
    expect(alerts[2]).toMatchObject({ clip_id: clip.clip.id });
    expect(messages?.[2]?.receivedAt).toBeGreaterThanOrEqual(clip.at);
    // And the event was short, so the early verdict stands: one VLM call, the clip carries that verdict
    expect(vlm?.requests).toHaveLength(1);
    const done = await expectDone(app, clip.clip.id);
    expect(done.analysis?.title).toBe('People cross the yard');
    expect(done.stages.analyze?.outcome).toBe('ok');
    // And the motion sensor went OFF after the scene was still
    await expect.poll(() => recorder?.messages.filter((m) => m.topic === MOTION).at(-1)?.payload, { timeout: 20_000 }).toBe('OFF');
    // (a camera's start, 10 s of people, post-roll, the clip's pipeline and motion off: 40 s on a quiet box, more on a busy one)
  }, 120_000);

  it('runs no live detector and opens no event while the scene is still', async () => {
    // Given HomeSec watching a still RTSP scene
    const app = await start();

    // When several seconds pass with nothing moving
    await after(6000);

    // Then one ffmpeg (the camera's session) runs, none decodes for the detector, and there is no event
    const ffmpeg = listChildProcesses().filter((c) => c.command === 'ffmpeg');
    expect(ffmpeg).toHaveLength(1);
    expect(liveDetectorProcesses()).toEqual([]);
    expect(await app.app.cameraEvents.count({})).toBe(0);
    expect(recorder?.messages.filter((m) => m.topic === ALERTS)).toEqual([]);
    // And the dashboard's camera tile gets the latest frame from that same session
    let picture: Response | null = null;
    await expect
      .poll(
        async () => {
          picture = await fetch(`${app.url}/api/cameras/front_door/latest.jpg`);
          return picture.status;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(200);
    const bytes = Buffer.from(await (picture as unknown as Response).arrayBuffer());
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    // ...and the camera list says it has one, so the tile asks for it
    const cameras = (await (await fetch(`${app.url}/api/cameras`)).json()) as { cameras: { name: string; hasPicture: boolean }[] };
    expect(cameras.cameras.find((c) => c.name === 'front_door')?.hasPicture).toBe(true);
  });

  it('keeps an event longer than max_clip_s as one event with one new, whatever the number of clips', async () => {
    // Given clips split every 30 s
    const app = await start({ max_clip_s: 30 });
    const clips: Clip[] = [];
    app.app.bus.on({}, 'clip.recorded', (c, e) => {
      if (e.type === 'clip_received') clips.push(c);
    });

    // When people walk for 90 s
    await camera?.setScene('motion');
    await after(90_000);
    await camera?.setScene('still');

    // Then at least three clips of one event were recorded, and the event sent one new and one end
    const end = await waitForPhase('end', 60_000);
    const alerts = (recorder?.messages ?? []).filter((m) => m.topic === ALERTS).map(payloadOf);
    expect(alerts.filter((a) => a.phase === 'new')).toHaveLength(1);
    expect(alerts.filter((a) => a.phase === 'end')).toHaveLength(1);
    expect(new Set(alerts.map((a) => a.event_id))).toEqual(new Set([end.event_id]));
    expect(clips.length).toBeGreaterThanOrEqual(3);
    expect(new Set(clips.map((c) => c.eventId))).toEqual(new Set([end.event_id]));
    const event = app.app.cameraEvents.getLocal(end.event_id);
    expect(event?.clipIds.length).toBeGreaterThanOrEqual(3);
    expect(event?.status).toBe('closed');
    // And the vision model was asked at most twice (early, then once at the end, not once per clip), and
    // the phone heard one update: the final verdict said what the early one said
    expect(vlm?.requests.length).toBeLessThanOrEqual(2);
    expect(alerts.filter((a) => a.phase === 'update')).toHaveLength(1);
  }, 240_000);

  async function waitForPhase(phase: AlertPayload['phase'], timeoutMs: number): Promise<AlertPayload> {
    let found: AlertPayload | undefined;
    await expect
      .poll(
        () => {
          found = (recorder?.messages ?? [])
            .filter((m) => m.topic === ALERTS)
            .map(payloadOf)
            .find((a) => a.phase === phase);
          return found !== undefined;
        },
        { timeout: timeoutMs, interval: 200 },
      )
      .toBe(true);
    if (!found) throw new Error(`no ${phase} alert`);
    return found;
  }
});

async function waitForOnline(running: StartedHomesec): Promise<void> {
  const source = running.app.sources[0];
  if (!(source instanceof RtspSource)) throw new Error('expected the RTSP source');
  await expect.poll(() => source.status().online, { timeout: 30_000, interval: 200 }).toBe(true);
}

/** The first clip stored, with the time it was. */
function clipStoredAt(running: StartedHomesec): Promise<{ clip: Clip; at: number }> {
  return new Promise((resolve) => {
    const owner = {};
    running.app.bus.on(owner, 'clip.recorded', (clip, event) => {
      if (event.type !== 'clip_received') return;
      running.app.bus.off(owner);
      resolve({ clip, at: Date.now() });
    });
  });
}

async function expectDone(running: StartedHomesec, clipId: string): Promise<Clip> {
  let clip: Clip | null = null;
  await expect
    .poll(
      async () => {
        clip = await running.app.repository.getClip(clipId);
        return clip?.status;
      },
      { timeout: 30_000 },
    )
    .toBe('done');
  if (!clip) throw new Error('clip not found');
  return clip;
}

/** ffmpeg children that decode the relayed stream for the live detector (they read it on stdin). */
function liveDetectorProcesses(): number[] {
  return listChildProcesses()
    .filter((c) => c.command === 'ffmpeg')
    .filter((c) => {
      try {
        return readFileSync(`/proc/${c.pid}/cmdline`, 'utf8').split('\0').includes('pipe:0');
      } catch {
        return false;
      }
    })
    .map((c) => c.pid);
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
