import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { listChildProcesses } from '../../../../server/src/bench/child-processes.js';
import { CameraConfigSchema, type HomeAssistantCameraConfig } from '../../../../server/src/config/sections/camera-config.js';
import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { SignalBus } from '../../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../../server/src/media/ffmpeg-tools.js';
import { coreStreamTarget } from '../../../../server/src/sources/home-assistant/core-stream-target.js';
import { haCameraSource } from '../../../../server/src/sources/home-assistant/ha-camera-source.js';
import type { RtspSource } from '../../../../server/src/sources/rtsp/rtsp-source.js';
import { startHlsCamera, type HlsCamera } from '../../../support/hls-camera.js';
import { nextEvent } from '../../../support/next-event.js';
import { startSnapshotCamera, type SnapshotCamera } from '../../../support/snapshot-camera.js';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { startFakeCoreWebsocket, type FakeCoreWebsocket } from '../../../support/servers/fake-core-websocket.js';
import { CollectingIntake } from '../rtsp/rtsp-harness.js';

const ENTITY = 'camera.yard';

/**
 * A `source: home_assistant` camera against a stand-in Core (websocket `camera/stream`, HLS served as
 * Core serves it) whose stream is a real ffmpeg HLS copy of the GStreamer test camera.
 */
describe('a Home Assistant camera source', () => {
  let camera: RtspCameraServer | null = null;
  let hls: HlsCamera | null = null;
  let core: FakeCoreWebsocket | null = null;
  let source: RtspSource | null = null;
  let root: string | null = null;
  let snapshots: SnapshotCamera | null = null;

  afterEach(async () => {
    await source?.stop();
    source = null;
    await hls?.close();
    hls = null;
    await camera?.kill();
    camera = null;
    await core?.close();
    core = null;
    snapshots?.close();
    snapshots = null;
    if (root) rmSync(root, { recursive: true, force: true });
    root = null;
  });

  /** A camera Core streams as HLS, and the source for it reaching Core as `env` and `ha` say. */
  async function startSource(reach: 'standalone' | 'addon'): Promise<{ source: RtspSource; logs: string[]; intake: CollectingIntake }> {
    camera = await startRtspCameraServer({ scene: 'still' });
    hls = startHlsCamera(camera.url());
    await hls.waitForSegments(2);
    core = await startFakeCoreWebsocket();
    core.addCameraStream(ENTITY, hls.dir);
    return sourceFor(ENTITY, reach, core);
  }

  function sourceFor(
    entityId: string,
    reach: 'standalone' | 'addon' | 'nowhere',
    fakeCore: FakeCoreWebsocket | null,
    more: Record<string, unknown> = {},
  ) {
    root = mkdtempSync(join(tmpdir(), 'homesec-ha-camera-'));
    const logs: string[] = [];
    const log = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    onTestFailed(() => console.log(`source log (last 60 lines):\n${logs.join('').split('\n').slice(-60).join('\n')}`));
    const config = parseConfigSection(CameraConfigSchema, {
      name: 'yard',
      source: 'home_assistant',
      entity_id: entityId,
      pre_roll_s: 2,
      post_roll_s: 2,
      segment_s: 1,
      stall_timeout_s: 4,
      reconnect: { initial_delay_s: 0.3, max_delay_s: 1 },
      ...more,
    }) as HomeAssistantCameraConfig;
    const target =
      reach === 'nowhere' || !fakeCore
        ? coreStreamTarget({ url: '', token: '' }, {})
        : reach === 'standalone'
          ? coreStreamTarget({ url: fakeCore.url, token: fakeCore.token }, {})
          : coreStreamTarget({ url: '', token: '' }, { SUPERVISOR_TOKEN: fakeCore.token, SUPERVISOR_URL: fakeCore.url });
    const intake = new CollectingIntake(join(root, 'media'));
    const bus = new SignalBus(log);
    source = haCameraSource(config, target, { workDir: join(root, 'rtsp', 'yard'), intake, bus, tools: ffmpegToolsFromEnv(), log });
    return { source, logs, intake };
  }

  it('plays the HLS stream Core gives for the entity, through the Supervisor proxy with the add-on token, and records motion', async () => {
    // Given a camera in Home Assistant whose stream Core serves as HLS, and HomeSec as the add-on (the Supervisor's Core proxy)
    const { source: ha, intake } = await startSource('addon');

    // When the source starts
    const online = nextEvent(ha, 'status', (s) => s.online, 30_000);
    await ha.start(new AbortController().signal);

    // Then it asked Core for the stream and the camera is online on the frames of that stream
    await online;
    expect(core?.streamRequests()).toBe(1);
    expect(core?.hlsRequests()).toBeGreaterThan(0);

    // When people walk in front of the camera, then the scene is still again
    const recording = nextEvent(ha, 'clipStarted', () => true, 30_000);
    await camera?.setScene('motion');
    await recording;
    await camera?.setScene('still');

    // Then a playable clip of the event is handed over, as for an RTSP camera
    const clip = await intake.waitForClip(0, 60_000);
    expect(clip.incoming.camera).toBe('yard');
    expect(clip.info.durationS).toBeGreaterThan(2);
  }, 120_000);

  it('asks Core again for the stream when the URL it had expired, and logs no stream token', async () => {
    // Given a Home Assistant camera online on the stream URL Core gave (standalone HomeSec with a long-lived token)
    const { source: ha, logs } = await startSource('standalone');
    const online = nextEvent(ha, 'status', (s) => s.online, 30_000);
    await ha.start(new AbortController().signal);
    await online;
    expect(core?.streamRequests()).toBe(1);

    // When Core's stream ends (nobody watched, or Core restarted it): the old URL answers 404
    const offline = nextEvent(ha, 'status', (s) => !s.online, 30_000);
    core?.expireStreams();
    await offline;

    // Then the source asks Core again at its reconnect, gets a new URL and is online on it
    const back = nextEvent(ha, 'status', (s) => s.online, 30_000);
    await core?.waitForStreamRequests(2);
    await back;
    const tokens = core?.issuedTokens() ?? [];
    expect(tokens).toHaveLength(2);
    // And neither token (nor Core's long-lived one) is in any log line, status or clip
    const everything = logs.join('\n') + JSON.stringify(ha.status()) + JSON.stringify(ha.health());
    for (const token of [...tokens, core?.token ?? '']) expect(everything).not.toContain(token);
    expect(logs.some((l) => l.includes('Home Assistant camera.yard'))).toBe(true);
  }, 120_000);

  it('says why a camera Core knows no stream of is not recording', async () => {
    // Given a camera entity Core has no stream for (not a camera Core has)
    core = await startFakeCoreWebsocket();
    const { source: ha } = sourceFor('camera.doorbell_snapshot', 'standalone', core);

    // When the source starts
    const down = nextEvent(ha, 'status', (s) => !s.online && (s.detail ?? '').includes('start_stream_failed'), 15_000);
    await ha.start(new AbortController().signal);

    // Then its status names the entity and Core's refusal, and it runs no ffmpeg
    const [status] = await down;
    expect(status.detail).toContain('camera.doorbell_snapshot');
    expect(ha.health().message).toContain('start_stream_failed');
    expect(listChildProcesses().filter((c) => c.command === 'ffmpeg')).toEqual([]);
  }, 60_000);

  it('says what to set when HomeSec runs outside the add-on without home_assistant.url', async () => {
    // Given a Home Assistant camera and no way to Home Assistant (no Supervisor, no home_assistant.url)
    const { source: ha, logs } = sourceFor('camera.yard', 'nowhere', null);

    // When the source starts
    const down = nextEvent(ha, 'status', (s) => !s.online && (s.detail ?? '').includes('home_assistant.url'), 15_000);
    await ha.start(new AbortController().signal);

    // Then its status and the log say to run it as the add-on or set home_assistant.url and token
    const [status] = await down;
    expect(status.detail).toContain('run HomeSec as the add-on');
    expect(logs.some((l) => l.includes('ha_camera.no_core'))).toBe(true);
  }, 60_000);

  it('makes a stream of a snapshot-only camera from its polled pictures, and records the event as their sequence', async () => {
    // Given a camera Home Assistant has only snapshots of (camera_proxy), polled twice a second
    snapshots = startSnapshotCamera();
    core = await startFakeCoreWebsocket();
    const pictures = snapshots;
    core.addSnapshotCamera('camera.porch', () => pictures.picture());
    const { source: ha, intake, logs } = sourceFor('camera.porch', 'addon', core, { snapshot_interval_s: 0.5, stall_timeout_s: 8 });

    // When the source starts
    const online = nextEvent(ha, 'status', (s) => s.online, 60_000);
    await ha.start(new AbortController().signal);

    // Then it polls the pictures (never asks Core for a stream it does not have) and is online on them
    await online;
    expect(core.snapshotRequests()).toBeGreaterThan(0);
    expect(core.streamRequests()).toBe(0);

    // When people walk in the pictures, then the scene is still again
    const recording = nextEvent(ha, 'clipStarted', () => true, 60_000);
    snapshots.setScene('motion');
    await recording;
    snapshots.setScene('still');

    // Then the event's clip is handed over: a video of the pictures, several seconds long
    const clip = await intake.waitForClip(0, 90_000);
    expect(clip.incoming.camera).toBe('yard');
    expect(clip.info.durationS).toBeGreaterThan(2);
    expect(clip.info.video?.codec).toBe('h264');
    // And the stream of pictures never stalled, the still ones included (it stays online between pictures)
    expect(logs.filter((l) => l.includes('rtsp.stream_down'))).toEqual([]);
  }, 240_000);
});
