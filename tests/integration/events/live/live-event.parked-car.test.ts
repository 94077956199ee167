import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../../../server/src/notify/alert-payload.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../../support/mosquitto.js';
import { fixture } from '../../../support/paths.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';
import { startHomesec, type StartedHomesec } from '../../../support/start-homesec.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { liveConfig, payloadOf } from './live-harness.js';

const ALERTS = 'homesec/alerts/front_door';
const STATIONARY = 'homesec/camera/front_door/stationary_objects';

/**
 * A 1280x720 driveway, 10 s: the square's parked car (a still crop of the footage's first frame, with a
 * van beside it) on a grey floor, shown three times its size (about 100x50 of the camera's 640x360 picture). `shade`: a shadow sweeps over the car the whole time (motion at the car, the car itself
 * does not move). `people`: from 0.5 s people walk through the lower right (the first frame is the car alone,
 * which is the camera's still scene).
 */
function makeDriveway(path: string, scene: 'shade' | 'people'): void {
  const car = '[0:v]trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/25/TB,crop=160:80:960:40,scale=480:240[car]';
  const base = `color=c=0x707070:s=1280x720:r=25:d=10[bg];${car};[bg][car]overlay=60:60`;
  const graph =
    scene === 'shade'
      ? `${base},drawbox=x='40+mod(t*200\\,500)':y=40:w=120:h=280:color=black@0.45:t=fill[v]`
      : `${base}[a];[0:v]crop=560:360:140:200,setpts=PTS-STARTPTS+0.5/TB[walk];[a][walk]overlay=600:300:enable='gte(t,0.5)':eof_action=pass[v]`;
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    fixture('pedestrians.mp4'),
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-t',
    '10',
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '0'],
    path,
  ]);
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole app on a camera that watches a parked car (issue 26, stationary objects): the car is news
 * once, when it is first seen; once it has stood still for `stationary_after_s` it starts nothing, even
 * when a shadow moving over it starts motion; a person walking by later is one alerted event.
 */
describe('a live camera watching a parked car', () => {
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

  it('alerts for the car once, not again when a shadow moves over it once it is stationary, and once for the person who walks by', async () => {
    // Given a camera showing the parked car (still), with a shade scene and a people scene, and HomeSec
    // watching it with person and car as trigger labels and stationary_after_s 2
    dir = makeTempDir('homesec-parked-car-');
    const shade = join(dir.path, 'shade.mp4');
    const people = join(dir.path, 'people.mp4');
    makeDriveway(shade, 'shade');
    makeDriveway(people, 'people');
    camera = await startRtspCameraServer({ scene: 'still', video: people, scenes: { shade } });
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/#');
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'low', activity: 'passerby' }) });
    const config = liveConfig(camera, broker, vlm);
    running = await startHomesec({
      ...config,
      detector: { ...(config.detector as object), trigger_labels: ['person', 'car'], stationary_after_s: 2 },
    });
    const app = running.app;
    const mqtt = recorder;
    await expect
      .poll(() => mqtt.messages.some((m) => m.topic === 'homesec/camera/front_door/online' && m.payload === 'ON'), { timeout: 30_000 })
      .toBe(true);
    const ended = (n: number) =>
      expect
        .poll(async () => (await app.cameraEvents.list({ limit: 20 })).events.filter((e) => e.status === 'closed').length, {
          timeout: 90_000,
          interval: 500,
        })
        .toBeGreaterThanOrEqual(n);

    // When a shadow sweeps over the car for 8 s (the detector sees the car for the first time), then all is still
    await camera.setScene('shade');
    await after(8000);
    await camera.setScene('still');
    await ended(1);
    // And the shadow sweeps over it again, later
    await camera.setScene('shade');
    await after(8000);
    await camera.setScene('still');
    await ended(2);
    // And then people walk past the parked car
    await camera.setScene('motion');
    await after(8000);
    await camera.setScene('still');
    await ended(3);

    // Then there were three events, and `new` alerts for the first (the car, first seen) and the third (the person) only
    const events = (await app.cameraEvents.list({ limit: 20 })).events.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(events).toHaveLength(3);
    const [first, second, third] = events;
    const news = (recorder.messages ?? [])
      .filter((m) => m.topic === ALERTS)
      .map(payloadOf)
      .filter((a: AlertPayload) => a.phase === 'new');
    expect(news.map((a) => a.event_id)).toEqual([first?.id, third?.id]);
    // ...the second event (the shadow over the stationary car) decided not to alert, and counted the car as stationary
    expect(second?.alerts).toEqual([]);
    expect(second?.objectCounts?.find((c) => c.label === 'car')).toMatchObject({ moving: 0 });
    // ...the third is the person's, beside the stationary car
    expect(third?.objectCounts?.find((c) => c.label === 'person')?.moving).toBeGreaterThanOrEqual(1);
    // And Home Assistant's stationary-objects sensor counted the parked car
    expect(recorder.messages.some((m) => m.topic === STATIONARY && Number(m.payload) >= 1)).toBe(true);
  }, 300_000);
});
