import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CameraEvent } from '../../server/src/core/camera-event.js';
import type { Clip } from '../../server/src/core/clip.js';
import { dropClip } from '../support/drop-clip.js';
import { makeAnalysis, makeClip, makeEventOf } from '../support/factories.js';
import { startIngressProxy, type IngressProxy } from '../support/ingress-proxy.js';
import { fixture, shippedModel } from '../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../support/start-homesec.js';
import { launchChromium, watchConsole, WEB_DIST } from './browser.js';

/** The real app with the real detector, a scripted VLM, two folder cameras, behind the ingress proxy, and a browser. */
export interface ReviewStand {
  readonly homesec: StartedHomesec;
  readonly vlm: FakeOpenAiServer;
  readonly proxy: IngressProxy;
  readonly browser: Browser;
  readonly page: Page;
  readonly consoleProblems: string[];
  close(): Promise<void>;
}

export const VLM_SECRET = 'sk-review-e2e-secret';

export async function startReviewStand(): Promise<ReviewStand> {
  const vlm = await startFakeOpenAiServer();
  vlm.setDefault({
    kind: 'json',
    content: vlmReply({
      risk_level: 'high',
      activity: 'suspicious_behavior',
      summary: { title: 'People crossing the entrance', description: 'Several people walk past the entrance, one stops at the door.' },
    }),
  });
  const homesec = await startHomesec(
    {
      log_level: 'warn',
      cameras: [
        { name: 'front_door', source: 'folder' },
        { name: 'driveway', source: 'folder' },
      ],
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: VLM_SECRET, run_mode: 'trigger_only', max_frames: 2 },
      alerts: { cooldown_s: 0 },
    },
    { webDir: WEB_DIST },
  );
  const proxy = await startIngressProxy(homesec.url);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleProblems = watchConsole(page);
  return {
    homesec,
    vlm,
    proxy,
    browser,
    page,
    consoleProblems,
    close: async () => {
      await browser.close();
      await homesec.stop();
      await proxy.close();
      await vlm.close();
      await homesec.close();
    },
  };
}

/** Drops a file into a camera's watched folder and resolves with its clip once it is done (detected, analysed, decided). */
export function dropAndWait(stand: ReviewStand, camera: string, source: string, name: string): Promise<Clip> {
  const done = waitForClip(stand.homesec.app, (c) => c.originalName === name && c.status === 'done', 90_000);
  dropClip(join(stand.homesec.config.dataDir, 'inbox', camera), source, name);
  return done;
}

export function dropPedestrians(stand: ReviewStand, name: string): Promise<Clip> {
  return dropAndWait(stand, 'front_door', fixture('pedestrians.mp4'), name);
}

/** `count` older events on a camera, one a minute back from an hour ago; every third alerted, every second with a person. */
export async function seedEvents(stand: ReviewStand, camera: string, count: number): Promise<void> {
  const events = stand.homesec.app.cameraEvents;
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < count; i++) {
    const startedAt = new Date(base - i * 60_000).toISOString();
    const clip = makeClip({
      id: `seed_${camera}_${i}`,
      camera,
      startedAt,
      analysis: i % 3 === 0 ? makeAnalysis({ riskLevel: 'medium' }) : null,
    });
    const sent = { key: 'new', phase: 'new' as const, at: startedAt, reason: 'risk_at_or_above_min', deliveries: {} };
    const event: CameraEvent = makeEventOf(clip, {
      id: `evt_seed_${camera}_${i}`,
      status: 'closed',
      endedAt: startedAt,
      triggered: i % 2 === 0,
      labels: i % 2 === 0 ? [{ label: 'person', bestScore: 0.8, frames: 3 }] : [{ label: 'car', bestScore: 0.7, frames: 2 }],
      alerts: i % 3 === 0 ? [sent] : [],
      clipIds: [],
      // Marked reviewed, so the header counts only what the tests make.
      reviewedAt: startedAt,
    });
    events.open(event);
  }
  if (!(await stand.homesec.app.repository.drain(30_000))) throw new Error('seeded events did not reach the store');
}
