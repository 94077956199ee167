import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../server/src/media/run-process.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { videoCodecOf } from '../../support/odd-codec-clips.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

/** People walking, as an H.265 camera (most current IP cameras) records them: phones do not play it. */
async function h265People(dir: string): Promise<string> {
  const out = join(dir, 'reolink-people.mp4');
  await runProcess('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', fixture('pedestrians.mp4'), '-t', '6', '-vf', 'scale=640:360'],
    ...['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-an', out],
  ]);
  return out;
}

describe("an alerted event's end on an H.265 camera", () => {
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let homesec: StartedHomesec | null = null;
  afterEach(async () => {
    await homesec?.close();
    await recorder?.close();
    await broker?.close();
  });

  it('waits for the clip’s H.264 copy, so the phone’s end notification carries a video it plays', async () => {
    // Given HomeSec with the real detector and a broker, and people recorded in H.265
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    homesec = await startHomesec({
      log_level: 'warn',
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      mqtt: { url: broker.url },
    });
    const clipFile = await h265People(homesec.dir);
    const done = waitForClip(homesec.app, (c) => c.status === 'done', 60_000);

    // When the camera drops the clip: the people alert on the detector alone
    dropClip(join(homesec.dir, 'inbox', 'front_door'), clipFile, 'reolink-people.mp4');
    const clip = await done;
    const messages = await recorder.waitFor('homesec/alerts/front_door', 2, 90_000);
    const [first, end] = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)));

    // Then the event said `new` at once and `end` once the copy was made, naming that copy
    expect(clip.video?.codec).toBe('hevc');
    expect([first?.phase, end?.phase]).toStrictEqual(['new', 'end']);
    expect(end?.clip_path).toBe(clip.mediaPath.replace(/[^/]+$/, `${clip.id}.h264.mp4`));
    // And the copy is there, an H.264 file phones play
    const copy = homesec.app.media.resolve(end?.clip_path ?? '');
    expect(existsSync(copy)).toBe(true);
    expect(await videoCodecOf(copy)).toBe('h264');
  }, 150_000);
});
