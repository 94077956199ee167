import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { makeHarness, nextEvent, type Harness } from './rtsp-harness.js';

/** Frames ffprobe decodes from the file and whether its stream has B-frames (has_b_frames > 0). */
function decodeCheck(path: string): { frames: number; bFrames: boolean; errors: string } {
  const probe = spawnSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,has_b_frames', '-of', 'json', path],
    { encoding: 'utf8' },
  );
  const stream = (JSON.parse(probe.stdout) as { streams: { nb_read_frames?: string; has_b_frames?: number }[] }).streams[0];
  return { frames: Number(stream?.nb_read_frames ?? 0), bFrames: (stream?.has_b_frames ?? 0) > 0, errors: probe.stderr.trim() };
}

describe('RtspSource on a camera whose H.264 carries B-frames', () => {
  let camera: RtspCameraServer | null = null;
  let harness: Harness | null = null;

  afterEach(async () => {
    await harness?.source.stop();
    await camera?.kill();
    harness?.cleanup();
  });

  it('records a playable clip (the RTP timestamps the recorder could not write are repaired)', async () => {
    // Given a camera that encodes with x264's High profile and B-frames (no zerolatency tuning)
    camera = await startRtspCameraServer({ scene: 'still', encoder: 'bframes' });
    harness = makeHarness({ url: camera.url(), pre_roll_s: 1, post_roll_s: 1, segment_s: 1, max_clip_s: 10, stall_timeout_s: 5 });
    const { source, intake, logs } = harness;
    const online = nextEvent(source, 'status', (s) => s.online, 20_000);

    // When the source records them walking through for a moment
    await source.start(new AbortController().signal);
    await online;
    const started = nextEvent(source, 'clipStarted', () => true, 20_000);
    await camera.setScene('motion');
    await started;
    await nextEvent(source, 'segment', () => true, 10_000);
    await camera.setScene('still');
    const clip = await intake.waitForClip(0, 30_000);

    // Then the clip is an H.264 MP4 with its B-frames, every frame decodes, and it is as long as its times say
    expect(clip.info.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    const check = decodeCheck(clip.storedPath);
    expect(check.errors).toBe('');
    expect(check.bFrames).toBe(true);
    const seconds = ((clip.incoming.endedAt?.getTime() ?? Number.NaN) - clip.incoming.startedAt.getTime()) / 1000;
    const durationS = clip.info.durationS ?? 0;
    expect(durationS).toBeGreaterThan(seconds - 1);
    // ...at the camera's 10 fps, give or take a segment
    expect(check.frames).toBeGreaterThan((durationS - 1) * 10);
    // And the recorder never went down on the way (it used to exit at once and restart every 3 s)
    expect(logs.filter((l) => l.includes('"rtsp.stream_down"'))).toEqual([]);
    expect(source.status()).toMatchObject({ online: true, detail: null });
  });
});
