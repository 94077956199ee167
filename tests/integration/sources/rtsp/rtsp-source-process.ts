// Runs one RtspSource in its own process the way the app does, and stops it on SIGTERM.
// usage: node --import tsx rtsp-source-process.ts <camera url> <root dir>
// stdout: one JSON line per step ({"step":"recording","ffmpeg":[pids]}, {"step":"stopped","clips":[paths]}).
import { childPids, makeHarnessAt } from './rtsp-harness.js';

const [url, root] = process.argv.slice(2);
if (!url || !root) throw new Error('usage: rtsp-source-process.ts <camera url> <root dir>');
const harness = makeHarnessAt(root, { url, pre_roll_s: 2, post_roll_s: 5, segment_s: 1 });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

harness.source.once('clipStarted', () => {
  // Let a few seconds of the recording reach the buffer before reporting.
  let segments = 0;
  harness.source.on('segment', () => {
    if (++segments === 3) say({ step: 'recording', ffmpeg: childPids('ffmpeg') });
  });
});
process.once('SIGTERM', () => {
  harness.source.stop().then(
    () => {
      say({ step: 'stopped', clips: harness.intake.clips.map((c) => c.storedPath) });
      process.exit(0);
    },
    (e: unknown) => {
      say({ step: 'stop_failed', error: String(e) });
      process.exit(1);
    },
  );
});
await harness.source.start(new AbortController().signal);
say({ step: 'started' });
