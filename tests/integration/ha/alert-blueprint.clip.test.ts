import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { playableClips } from '../../../server/src/events/playable-clips.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { makeOddCodecClips, videoCodecOf } from '../../support/odd-codec-clips.js';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { BlueprintAutomation, type HaModel } from './blueprint-runner.js';

const BLUEPRINT = readFileSync(join(REPO_DIR, 'blueprints', 'automation', 'homesec', 'alert_notification.yaml'), 'utf8');

/** Where Home Assistant finds a `/media/local/...` URL: HA's /media folder holds HomeSec's media folder. */
function servedFile(mediaRoot: string, url: string): string {
  expect(url.startsWith('/media/local/')).toBe(true);
  return join(dirname(mediaRoot), url.slice('/media/local/'.length));
}

describe("the end message names the event's clip as a file phones play (H.264 MP4 in the media folder)", () => {
  describe('through the whole app: real detector, outbox and broker, then the blueprint', () => {
    let broker: MosquittoBroker;
    let recorder: MqttRecorder;
    let homesec: StartedHomesec;

    beforeAll(async () => {
      broker = await startMosquitto();
      recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
      homesec = await startHomesec({
        log_level: 'warn',
        detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
        mqtt: { url: broker.url },
      });
    });
    afterAll(async () => {
      await homesec?.close();
      await recorder?.close();
      await broker?.close();
    });

    it('an H.264 clip: the end names the stored clip, the phone gets it at the URL HA serves it; `new` names none', async () => {
      // Given HomeSec with the real detector (people alert on the detector alone)
      const done = waitForClip(homesec.app, (c) => c.status === 'done', 60_000);
      // When a camera drops pedestrians.mp4 (H.264, 8-bit 4:2:0)
      dropClip(join(homesec.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'pedestrians.mp4');
      const clip = await done;
      const messages = await recorder.waitFor('homesec/alerts/front_door', 2, 30_000);
      const payloads = messages.map((m) => AlertPayloadSchema.parse(JSON.parse(m.payload)));

      // Then the event's `new` names no clip file, and its `end` names the stored clip itself
      expect(payloads.map((p) => [p.phase, p.event_id])).toStrictEqual([
        ['new', clip.eventId],
        ['end', clip.eventId],
      ]);
      const [first, end] = payloads;
      expect(first?.clip_path).toBeNull();
      expect(end?.clip_path).toBe(clip.mediaPath);
      // And that is an H.264 file in the media folder
      const stored = homesec.app.media.resolve(end?.clip_path ?? '');
      expect(existsSync(stored)).toBe(true);
      expect(await videoCodecOf(stored)).toBe('h264');

      // When the blueprint (media folder input = HomeSec's folder inside /media) gets the same two messages
      const ha: HaModel = {
        devices: [{ id: 'dev_front', configurationUrl: null, entities: ['event.homesec_front_door_alert'] }],
        phone: { tray: new Map(), rings: [] },
        mqttPublish: () => Promise.resolve(),
      };
      const mediaFolder = basename(homesec.app.media.root);
      const automation = new BlueprintAutomation(BLUEPRINT, { notify_device: 'phone_1', media_folder: mediaFolder }, ha);
      for (const payload of payloads) await automation.fire('homesec_alert', { ...payload });

      // Then the one notification carries the video (Android and iOS keys), and HA's /media serves that very file
      const data = ha.phone.tray.get(`homesec-${clip.eventId}`)?.data ?? {};
      expect(ha.phone.rings).toHaveLength(1);
      expect(data.video).toBe(`/media/local/${mediaFolder}/${clip.mediaPath}`);
      expect(data.attachment).toStrictEqual({ url: data.video, 'content-type': 'mp4' });
      expect(servedFile(homesec.app.media.root, String(data.video))).toBe(stored);
    });
  });

  /**
   * The lookup the app gives its alerts (events/playable-clips.ts), on clips stored by the real intake:
   * it names what exists now (an alerted clip's copy is begun when it is stored, and the event's end
   * waits for it: tests/integration/events/end-video.test.ts).
   */
  describe('clips browsers do not play, stored by the real intake', () => {
    let homesec: StartedHomesec;
    const clips: Record<string, Clip> = {};

    beforeAll(async () => {
      // Given the real app (no detector: nothing alerts, so nothing makes a copy ahead) and three odd clips
      homesec = await startHomesec({ log_level: 'warn' });
      const made = await makeOddCodecClips(homesec.dir);
      for (const [name, file] of Object.entries(made)) {
        const fileName = basename(file);
        const done = waitForClip(homesec.app, (c) => c.originalName === fileName && c.status === 'done');
        dropClip(join(homesec.dir, 'inbox', 'front_door'), file, fileName);
        clips[name] = await done;
      }
    });
    afterAll(async () => homesec?.close());

    it('an MJPEG clip, which intake stored as H.264: the stored clip itself', async () => {
      const clip = clips.mjpeg!;
      // When the end's clip file is looked up
      const path = playableClips(homesec.app.repository, homesec.app.media.renditions).playablePathNow(clip.id);
      // Then it is the stored clip (its record keeps the camera's codec), an H.264 file
      expect(clip.video?.codec).toBe('mjpeg');
      expect(path).toBe(clip.mediaPath);
      expect(await videoCodecOf(homesec.app.media.resolve(path ?? ''))).toBe('h264');
    });

    it.each(['h265', 'mpeg4'])('a %s clip: null while it has no H.264 copy, then the copy', async (name) => {
      const clip = clips[name]!;
      const lookup = playableClips(homesec.app.repository, homesec.app.media.renditions);
      // Given the clip is stored in its own codec, with no copy yet: no file phones play
      expect(await videoCodecOf(homesec.app.media.resolve(clip.mediaPath))).toBe(name === 'h265' ? 'hevc' : 'mpeg4');
      expect(lookup.playablePathNow(clip.id)).toBeNull();
      // When its H.264 copy is made (as the dashboard's player or the warmer makes it)
      const made = await homesec.app.media.renditions.playablePath(clip, 'now');
      // Then the lookup names that copy, an H.264 file beside the clip
      const path = lookup.playablePathNow(clip.id);
      expect(path).toBe(made);
      expect(path).toBe(clip.mediaPath.replace(/[^/]+$/, `${clip.id}.h264.mp4`));
      expect(await videoCodecOf(homesec.app.media.resolve(path ?? ''))).toBe('h264');
    });
  });
});
