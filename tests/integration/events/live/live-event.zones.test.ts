import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../../support/mosquitto.js';
import { fixture, shippedModel } from '../../../support/paths.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';
import { startHomesec, type StartedHomesec } from '../../../support/start-homesec.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { payloadOf } from './live-harness.js';

/**
 * A 1280x720 street scene, 10 s: a grey picture where, from 0.5 s, people walk in the right half only
 * (the pedestrians footage, cropped, over x 0.53-0.97 and y 0.47-0.97 of the picture). Its first
 * frame, the camera's still scene, is empty.
 */
function makeStreet(path: string): void {
  const graph =
    'color=c=0x707070:s=1280x720:r=25:d=10[bg];' +
    "[0:v]crop=560:360:140:200,setpts=PTS-STARTPTS+0.5/TB[walk];[bg][walk]overlay=680:340:enable='gte(t,0.5)':eof_action=pass[v]";
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-y', '-i', fixture('pedestrians.mp4')],
    ...['-filter_complex', graph, '-map', '[v]', '-t', '10'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '0'],
    path,
  ]);
}

const LEFT_HALF = '0,0 0.45,0 0.45,1 0,1';
const RIGHT_HALF = '0.5,0 1,0 1,1 0.5,1';
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 24's zone acceptance, the whole app on one GStreamer camera watched twice: `street_cam` has its
 * driveway drawn on the left half, where nobody walks, and its street on the right; `front_door` has
 * its driveway drawn on the right half, where the people walk. Both alert only for their driveway.
 */
describe('a live camera whose alerts require a zone', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let camera: RtspCameraServer | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  let vlm: FakeOpenAiServer | null = null;
  let running: StartedHomesec | null = null;

  afterEach(async () => {
    await running?.close();
    await recorder?.close();
    await broker?.close();
    await vlm?.close();
    await camera?.kill();
    dir?.remove();
  });

  it('does not alert for people walking only in the street, alerts when they walk in the driveway, and the driveway sensor follows', async () => {
    // Given a camera whose people walk in the right half of the picture, a vision model that finds them suspicious,
    // and HomeSec watching it as street_cam (driveway drawn on the left) and front_door (driveway drawn on the right),
    // both with alerts.overrides[].require_zones [driveway]
    dir = makeTempDir('homesec-zones-');
    const street = join(dir.path, 'street.mp4');
    makeStreet(street);
    camera = await startRtspCameraServer({ scene: 'still', video: street });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }) });
    const cameraConfig = (name: string) => ({
      name,
      source: 'rtsp',
      url: camera?.url(),
      pre_roll_s: 2,
      post_roll_s: 3,
      segment_s: 1,
      motion: { off_delay_s: 3 },
    });
    running = await startHomesec({
      cameras: [cameraConfig('street_cam'), cameraConfig('front_door')],
      zones: [
        { camera: 'street_cam', name: 'driveway', points: LEFT_HALF },
        { camera: 'street_cam', name: 'street', points: RIGHT_HALF },
        { camera: 'front_door', name: 'driveway', points: RIGHT_HALF },
      ],
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), live_fps: 2 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-live', early_after_s: 1, final_call_after_s: 30, max_frames: 4 },
      alerts: {
        cooldown_s: 0,
        overrides: [
          { camera: 'street_cam', require_zones: ['driveway'] },
          { camera: 'front_door', require_zones: ['driveway'] },
        ],
      },
      mqtt: { url: broker.url },
    });
    const app = running.app;
    const mqtt = recorder;
    const online = (name: string) => mqtt.messages.some((m) => m.topic === `homesec/camera/${name}/online` && m.payload === 'ON');
    await expect.poll(() => online('street_cam') && online('front_door'), { timeout: 30_000 }).toBe(true);
    // And both driveway sensors start OFF
    const zoneStates = (name: string, zone: string) =>
      mqtt.messages.filter((m) => m.topic === `homesec/camera/${name}/zone/${zone}`).map((m) => m.payload);
    expect(zoneStates('street_cam', 'driveway')).toContain('OFF');
    expect(zoneStates('front_door', 'driveway')).toContain('OFF');

    // When people walk in the right half for 8 s, then the scene is still again
    await camera.setScene('motion');
    await after(8000);
    await camera.setScene('still');
    const closedOn = async (name: string) =>
      (await app.cameraEvents.list({ limit: 20 })).events.filter((e) => e.camera === name && e.status === 'closed');
    await expect.poll(async () => (await closedOn('street_cam')).length, { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await closedOn('front_door')).length, { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(1);

    // Then front_door's event recorded the driveway, alerted, and its alert reached the broker
    const front = await closedOn('front_door');
    expect(front.some((e) => e.zones?.includes('driveway') && e.alerts.some((a) => a.phase === 'new'))).toBe(true);
    const news = mqtt.messages
      .filter((m) => m.topic.startsWith('homesec/alerts/'))
      .map(payloadOf)
      .filter((a) => a.phase === 'new');
    expect(news.map((a) => a.camera)).toContain('front_door');
    // ...carrying the zone it was held back for (the phone can say "in the driveway")
    expect(news.find((a) => a.camera === 'front_door')?.zones).toContain('driveway');
    // ...and its driveway sensor turned ON while they walked there, and OFF after
    const frontDriveway = zoneStates('front_door', 'driveway');
    expect(frontDriveway).toContain('ON');
    expect(frontDriveway.at(-1)).toBe('OFF');

    // And street_cam's events recorded the street only, did not alert, and say why
    const streetEvents = await closedOn('street_cam');
    expect(streetEvents.some((e) => e.zones?.includes('street'))).toBe(true);
    // ...a confirmed person and a high-risk verdict, which would have alerted anywhere else
    expect(
      streetEvents.some((e) => e.triggered && e.analysis?.riskLevel === 'high' && e.decision?.reason === 'outside_required_zones'),
    ).toBe(true);
    for (const e of streetEvents) {
      expect(e.zones ?? []).not.toContain('driveway');
      expect(e.alerts).toEqual([]);
      if (e.triggered) expect(e.decision?.reason).toBe('outside_required_zones');
    }
    expect(news.map((a) => a.camera)).not.toContain('street_cam');
    // ...its driveway sensor never turned ON, while its street sensor did
    expect(zoneStates('street_cam', 'driveway')).not.toContain('ON');
    expect(zoneStates('street_cam', 'street')).toContain('ON');
  }, 300_000);
});
