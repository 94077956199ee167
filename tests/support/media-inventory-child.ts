// Walks a media folder with the real MediaStore and prints the clip ids it found as one JSON line; its log
// (JSON lines) goes to stderr. Run unprivileged (setpriv) so permissions apply: root reads everything.
import { SignalBus } from '../../server/src/core/signal-bus.js';
import { createLogger } from '../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../server/src/media/ffmpeg-tools.js';
import { MediaStore } from '../../server/src/media/media-store.js';

const root = process.argv[2];
if (!root) throw new Error('usage: media-inventory-child.ts <media folder>');
const log = createLogger('info', process.stderr);
const media = new MediaStore({ root, tools: ffmpegToolsFromEnv(), offsite: null, bus: new SignalBus(log), log });
const clips = await media.inventory();
process.stdout.write(`${JSON.stringify(clips.map((c) => c.clipId).sort())}\n`);
