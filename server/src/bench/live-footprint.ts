import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ffmpegToolsFromEnv } from '../media/ffmpeg-tools.js';
import { delay } from './bench-app.js';
import type { BenchContext, BenchFigure } from './bench-figure.js';
import { listChildProcesses } from './child-processes.js';
import { readTreeCpu, treeCpuBetween, treePssBytes, type TreeCpuUse } from './process-tree-usage.js';
import { buildServer, startProductProcess } from './product-process.js';
import { startScriptedRtspCamera, type CameraScene, type RtspCameraServer } from './scripted-rtsp-camera.js';

const WARM_UP_MS = 15_000;
const IDLE_UNLOAD_S = 10;
const WINDOW_MS = 30_000;
const MB = 1024 * 1024;

interface Window {
  readonly cpu: TreeCpuUse;
  readonly peakPssBytes: number;
  /** ffmpeg processes HomeSec ran at the end of the window. */
  readonly ffmpeg: number;
}

/**
 * What live cameras cost the machine: the CPU the live detector adds while people are in view (next to
 * ffmpeg decoding the same stream alone), and CPU and PSS memory (HomeSec with its ffmpeg children)
 * for 1, 4 and 8 still cameras and for one camera with people in view.
 */
export async function liveFootprint(context: BenchContext): Promise<BenchFigure[]> {
  buildServer();
  const video = join(context.fixturesDir ?? '', 'pedestrians.mp4');
  const camera = await startScriptedRtspCamera({ video, scene: 'still' });
  try {
    const figures: BenchFigure[] = [];
    const still: Record<number, Window> = {};
    for (const cameras of [1, 4, 8]) {
      still[cameras] = await measure(context, camera, { cameras, scene: 'still', detector: true });
      context.log(`live-footprint: ${cameras} still camera(s): ${describe(still[cameras])}`);
    }
    const moving = await measure(context, camera, { cameras: 1, scene: 'motion', detector: true });
    context.log(`live-footprint: 1 camera with people: ${describe(moving)}`);
    const noDetector = await measure(context, camera, { cameras: 1, scene: 'motion', detector: false });
    const decodeAlone = await ffmpegDecodeCpu(camera);
    const perMin = (s: number) => Math.round((s / (WINDOW_MS / 60_000)) * 100) / 100;
    const total = (w: Window) => w.cpu.rootS + w.cpu.childrenS;
    const decodeRef = { name: 'ffmpeg decoding the same RTSP stream alone', value: perMin(decodeAlone), unit: 'CPU s/min' };
    figures.push({
      name: 'live.detector_cpu_added_while_people_in_view',
      value: perMin(total(moving) - total(noDetector)),
      unit: 'CPU s/min',
      reference: decodeRef,
      notes: `1 camera with people in view, detector.live_fps default, with the detector minus without it (analyzer off); Node+ORT ${perMin(moving.cpu.rootS - noDetector.cpu.rootS)}, ffmpeg ${perMin(moving.cpu.childrenS - noDetector.cpu.childrenS)}`,
    });
    for (const cameras of [1, 4, 8]) {
      const w = still[cameras] as Window;
      figures.push(
        {
          name: `live.pss_${cameras}_still_cameras`,
          value: Math.round(w.peakPssBytes / MB),
          unit: 'MB',
          ...(cameras === 4 ? { target: '< 250 MB for 4 cameras' } : {}),
          notes: `homesec run on the build and its ${w.ffmpeg} ffmpeg (one RTSP session each); the detector at rest (detector.idle_unload_s ${IDLE_UNLOAD_S} s here, 60 s by default)`,
        },
        {
          name: `live.cpu_${cameras}_still_cameras`,
          value: perMin(total(w)),
          unit: 'CPU s/min',
          reference: decodeRef,
          notes: `Node ${perMin(w.cpu.rootS)}, ffmpeg ${perMin(w.cpu.childrenS)}`,
        },
      );
    }
    figures.push(
      {
        name: 'live.pss_1_camera_people_in_view',
        value: Math.round(moving.peakPssBytes / MB),
        unit: 'MB',
        notes: 'live detector and recording running',
      },
      {
        name: 'live.cpu_1_camera_people_in_view',
        value: perMin(total(moving)),
        unit: 'CPU s/min',
        reference: decodeRef,
        notes: `Node ${perMin(moving.cpu.rootS)}, ffmpeg ${perMin(moving.cpu.childrenS)}`,
      },
    );
    return figures;
  } finally {
    await camera.kill();
  }
}

async function measure(
  context: BenchContext,
  camera: RtspCameraServer,
  setup: { readonly cameras: number; readonly scene: CameraScene; readonly detector: boolean },
): Promise<Window> {
  await camera.setScene(setup.scene);
  const name = `footprint-${setup.cameras}-${setup.scene}-${setup.detector ? 'det' : 'nodet'}`;
  const product = await startProductProcess(join(context.scratchDir, name), {
    cameras: Array.from({ length: setup.cameras }, (_, i) => ({ name: `cam${i + 1}`, source: 'rtsp', url: camera.url() })),
    // A still camera's detector rests after detector.idle_unload_s (60 s by default); 10 s here, so the window sees that state.
    detector: setup.detector
      ? { enabled: true, model: join(context.modelsDir ?? '', 'yolox_nano.onnx'), idle_unload_s: IDLE_UNLOAD_S }
      : { enabled: false },
    analyzer: { enabled: false },
  });
  try {
    await delay(WARM_UP_MS);
    let peak = treePssBytes(product.pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, treePssBytes(product.pid));
    }, 1000);
    const before = readTreeCpu(product.pid);
    await delay(WINDOW_MS);
    const cpu = treeCpuBetween(before, readTreeCpu(product.pid));
    clearInterval(sampler);
    const ffmpeg = listChildProcesses(product.pid).filter((c) => c.command === 'ffmpeg').length;
    return { cpu, peakPssBytes: Math.max(peak, treePssBytes(product.pid)), ffmpeg };
  } finally {
    await product.stop();
  }
}

/** CPU seconds of an ffmpeg that only decodes the camera's stream for one window (the reference). */
async function ffmpegDecodeCpu(camera: RtspCameraServer): Promise<number> {
  const tools = ffmpegToolsFromEnv();
  const child = spawn(tools.ffmpeg, ['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', camera.url(), '-an', '-f', 'null', '-'], {
    stdio: 'ignore',
  });
  await delay(3000);
  const before = readTreeCpu(process.pid);
  await delay(WINDOW_MS);
  const use = treeCpuBetween(before, readTreeCpu(process.pid));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return use.byCommand.ffmpeg ?? 0;
}

function describe(w: Window): string {
  return `cpu node ${w.cpu.rootS.toFixed(1)} s, ffmpeg ${w.cpu.childrenS.toFixed(1)} s over ${WINDOW_MS / 1000} s; pss ${(w.peakPssBytes / MB).toFixed(0)} MB; ${w.ffmpeg} ffmpeg`;
}
