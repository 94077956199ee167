import { join } from 'node:path';
import { percentile } from '../metrics/percentile.js';
import { AlertPayloadSchema, type AlertPayload } from '../notify/alert-payload.js';
import { delay, MqttArrivals, startBenchApp, type Arrival } from './bench-app.js';
import type { BenchContext, BenchFigure, Benchmark } from './bench-figure.js';
import { startMosquitto } from './local-mosquitto.js';
import { readTreeCpu, treeCpuBetween } from './process-tree-usage.js';
import { startScriptedRtspCamera, type RtspCameraServer } from './scripted-rtsp-camera.js';
import { startSlowVlmServer } from './slow-vlm-server.js';

const ROUNDS = 3;
const VLM_DELAY_MS = 2000;
const PEOPLE_MS = 8000;
const STILL_CPU_S = 30;
const QUIET_S = 30;
/**
 * A 2560x1440 camera watching a large still grey floor; in one part of it a 400x300 window of the
 * footage at its own scale, so its people are 40-60 px tall: 0.5 % of the motion frame changes.
 */
const FAR_PEOPLE = 'crop=400:300:600:250,pad=2560:1440:1900:200:color=0x7a7a7a';
/** The same still frame with sensor noise on every frame and, half way, 25 % less light (a cloud, a lamp going off). */
const NOISE_AND_LIGHT = `${FAR_PEOPLE},trim=end_frame=1,loop=loop=60:size=1:start=0,setpts=N/10/TB,noise=alls=6:allf=t,eq=brightness='if(gte(n,30),-0.12,0)':eval=frame`;

interface FarRound {
  motionOn: number;
  earlyAlert: number;
}

/**
 * Live latency on a 4 MP camera whose only people are small and far: motion ON and the early person
 * alert with the default settings, the still-scene CPU of one such camera, and a still scene with
 * sensor noise and a light change that must start nothing. `npm run bench -- live-far`; live-latency runs it too.
 */
export const liveFarBench: Benchmark = async (context) => {
  if (!context.fixturesDir || !context.modelsDir) throw new Error('needs ../shared/fixtures and ../shared/models');
  return farFigures(context);
};

export async function farFigures(context: BenchContext): Promise<BenchFigure[]> {
  const broker = await startMosquitto();
  const vlm = await startSlowVlmServer(VLM_DELAY_MS);
  const video = join(context.fixturesDir ?? '', 'pedestrians.mp4');
  let far: RtspCameraServer | null = null;
  let noisy: RtspCameraServer | null = null;
  let arrivals: MqttArrivals | null = null;
  let running: Awaited<ReturnType<typeof startBenchApp>> | null = null;
  try {
    far = await startScriptedRtspCamera({ video, scene: 'still', frameFilter: FAR_PEOPLE });
    noisy = await startScriptedRtspCamera({ video, scene: 'still', frameFilter: NOISE_AND_LIGHT });
    arrivals = await MqttArrivals.connect(broker.url, 'homesec/#');
    running = await startBenchApp(join(context.scratchDir, 'live-far'), {
      cameras: [
        { name: 'far_yard', source: 'rtsp', url: far.url(), motion: { off_delay_s: 3 } },
        { name: 'noisy_yard', source: 'rtsp', url: noisy.url(), motion: { off_delay_s: 3 } },
      ],
      detector: { enabled: true, model: join(context.modelsDir ?? '', 'yolox_nano.onnx') },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-bench' },
      alerts: { cooldown_s: 0 },
      mqtt: { url: broker.url },
    });
    for (const cam of ['far_yard', 'noisy_yard'])
      await arrivals.next((m) => m.topic === `homesec/camera/${cam}/online` && m.payload === 'ON', 30_000, `${cam} online`);
    // Still-scene CPU: both cameras still (the noisy one serves its plain still frame now), whole process tree but the camera servers.
    await delay(5000);
    const before = readTreeCpu(process.pid);
    await delay(STILL_CPU_S * 1000);
    const used = treeCpuBetween(before, readTreeCpu(process.pid));
    const ownChildren = Object.entries(used.byCommand).reduce((sum, [cmd, s]) => sum + (cmd.includes('python') ? 0 : s), 0);
    const stillCpuPerCameraMin = ((used.rootS + ownChildren) / 2 / STILL_CPU_S) * 60;
    // Noise and a light change: the noisy camera plays them looped for QUIET_S; nothing may start.
    const quietFrom = Date.now();
    await noisy.setScene('motion');
    await delay(QUIET_S * 1000);
    await noisy.setScene('still');
    const falseMotion = arrivals.messages.filter(
      (m) => m.at >= quietFrom && m.topic === 'homesec/camera/noisy_yard/motion' && m.payload === 'ON',
    ).length;
    const rounds: FarRound[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(await oneRound(far, arrivals));
      context.log(`live-far round ${round + 1}: ${JSON.stringify(rounds[round])}`);
    }
    return figures(rounds, stillCpuPerCameraMin, falseMotion);
  } finally {
    await running?.stop();
    await arrivals?.close();
    await far?.kill();
    await noisy?.kill();
    await vlm.close();
    await broker.close();
  }
}

async function oneRound(camera: RtspCameraServer, arrivals: MqttArrivals): Promise<FarRound> {
  const t0 = Date.now();
  await camera.setScene('motion');
  const after = (m: Arrival) => m.at >= t0;
  const motionOn = await arrivals.next(
    (m) => after(m) && m.topic === 'homesec/camera/far_yard/motion' && m.payload === 'ON',
    20_000,
    'far motion ON',
  );
  const alert = (phase: AlertPayload['phase'], eventId?: string) => (m: Arrival) =>
    after(m) && m.topic === 'homesec/alerts/far_yard' && phaseOf(m, phase, eventId);
  const early = await arrivals.next(alert('new'), 30_000, 'far early alert');
  const eventId = AlertPayloadSchema.parse(JSON.parse(early.payload)).event_id;
  await delay(Math.max(0, t0 + PEOPLE_MS - Date.now()));
  await camera.setScene('still');
  await arrivals.next(alert('end', eventId), 90_000, 'far end alert');
  await delay(2000);
  return { motionOn: motionOn.at - t0, earlyAlert: early.at - t0 };
}

function phaseOf(m: Arrival, phase: AlertPayload['phase'], eventId?: string): boolean {
  const parsed = AlertPayloadSchema.safeParse(JSON.parse(m.payload));
  return parsed.success && parsed.data.phase === phase && (eventId === undefined || parsed.data.event_id === eventId);
}

function figures(rounds: readonly FarRound[], stillCpuPerCameraMin: number, falseMotion: number): BenchFigure[] {
  const s = (values: number[], p: number) => Math.round(percentile(values, p)) / 1000;
  const n = `${rounds.length} rounds; scripted 2560x1440 RTSP camera, a 400x300 window of people 40-60 px tall on a still floor, default settings`;
  return [
    {
      name: 'live.far_motion_on_p95',
      value: s(
        rounds.map((r) => r.motionOn),
        95,
      ),
      unit: 's',
      target: 'p95 <= 1 s',
      notes: n,
    },
    {
      name: 'live.far_early_alert_p95',
      value: s(
        rounds.map((r) => r.earlyAlert),
        95,
      ),
      unit: 's',
      target: 'p95 <= 2.5 s',
      notes: n,
    },
    {
      name: 'live.far_still_cpu_per_camera',
      value: Math.round(stillCpuPerCameraMin * 100) / 100,
      unit: 'CPU s/min',
      notes: `2560x1440 10 fps cameras showing a still scene, HomeSec and its ffmpeg children over ${STILL_CPU_S} s, per camera`,
    },
    {
      name: 'live.noise_light_false_motion',
      value: falseMotion,
      unit: 'motion ON',
      target: '0',
      notes: `a still 2560x1440 scene with sensor noise (ffmpeg noise=alls=6) and a 12 % brightness drop, looped for ${QUIET_S} s`,
    },
  ];
}
