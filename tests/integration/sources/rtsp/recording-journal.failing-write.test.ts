import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { RecordingJournal, type UnassembledFootage } from '../../../../server/src/sources/rtsp/recording/recording-journal.js';
import { LogCapture } from '../../../support/log-capture.js';
import { makeTempDir } from '../../../support/temp-dir.js';

function footage(name: string): UnassembledFootage[] {
  return [{ eventId: name, segments: [{ path: `/buffer/${name}.ts`, startedAt: 1000, endedAt: 2000 }], open: true }];
}

describe('RecordingJournal after a failed write', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('writes the next change once its folder is back, and counts the failure', async () => {
    // Given a journal in a camera's work folder, with one change on disk
    const dir = makeTempDir();
    dirs.push(dir);
    const work = join(dir.path, 'work');
    mkdirSync(work);
    const logs = new LogCapture();
    const journal = new RecordingJournal(join(work, 'recording.json'), createLogger('debug', logs));
    journal.record(footage('first'));
    await journal.settled();
    expect((await journal.read())?.footage[0]?.eventId).toBe('first');

    // When the folder vanishes and the next change cannot be written
    rmSync(work, { recursive: true, force: true });
    journal.record(footage('lost'));
    await journal.settled();

    // Then the failure is logged with the path and counted
    expect(logs.records('rtsp.journal_write_failed')).toHaveLength(1);
    expect(journal.writes.failures).toBe(1);
    expect(journal.writes.failing).toBe(true);

    // When the folder is back and the buffer changes again
    mkdirSync(work);
    journal.record(footage('third'));
    await journal.settled();

    // Then that change is on disk (a poisoned chain wrote nothing more until restart)
    expect((await journal.read())?.footage[0]?.eventId).toBe('third');
    expect(journal.writes.failing).toBe(false);
  });
});
