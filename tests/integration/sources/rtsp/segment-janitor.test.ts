import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { SegmentJanitor } from '../../../../server/src/sources/rtsp/recording/segment-janitor.js';
import { LogCapture } from '../../../support/log-capture.js';
import { makeTempDir } from '../../../support/temp-dir.js';

describe("the RTSP recorder's segment janitor", () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  afterEach(() => dir?.remove());

  it('logs a segment it cannot delete with its cause, and says nothing about one already gone', async () => {
    // Given a buffer folder where one "segment" cannot be unlinked (a folder in its place) and one is already gone
    dir = makeTempDir('homesec-janitor-');
    const stuck = join(dir.path, 'seg-00001.ts');
    mkdirSync(join(stuck, 'inside'), { recursive: true });
    writeFileSync(join(dir.path, 'seg-00002.ts'), 'segment');
    const logs = new LogCapture();
    const janitor = new SegmentJanitor(dir.path, createLogger('debug', logs));
    // When the planner lets both go
    await janitor.discard([
      { path: stuck, startedAt: 0, endedAt: 1000 },
      { path: join(dir.path, 'seg-00000.ts'), startedAt: 0, endedAt: 1000 },
    ]);
    // Then the one that stays on disk is a warning with its path and error; the vanished one is not
    const warnings = logs.records('rtsp.segment_delete_failed');
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn', path: stuck, err: expect.objectContaining({ code: 'EISDIR' }) })]);
  });
});
