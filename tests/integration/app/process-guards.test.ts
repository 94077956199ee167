import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';

function runChild(mode: 'reject' | 'throw'): { status: number | null; records: Record<string, unknown>[] } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'tests/support/process-guards-child.ts'), mode], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const records = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, records };
}

describe('the process guards of the service', () => {
  it('log an unhandled rejection once with its cause and keep the process running', () => {
    // Given a process with the guards installed
    // When a promise rejects with nobody handling it
    const { status, records } = runChild('reject');
    // Then it is logged once, with the error and its cause, and the process goes on to its own end
    const logged = records.filter((r) => r.event_type === 'app.unhandled_rejection');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', err: { message: expect.stringMatching(/^a background task failed/) } });
    expect(JSON.stringify(logged[0]?.err)).toContain('disk I/O error');
    expect(records.some((r) => r.event_type === 'child.alive')).toBe(true);
    expect(status).toBe(0);
  });

  it('log an uncaught exception as fatal and exit 1, since the state is unknown', () => {
    // Given a process with the guards installed
    // When an exception escapes to the event loop
    const { status, records } = runChild('throw');
    // Then it is logged as fatal with the error, and the process exits 1 for its supervisor to restart it
    expect(records.filter((r) => r.event_type === 'app.uncaught_exception')).toEqual([
      expect.objectContaining({ level: 'fatal', err: expect.objectContaining({ message: 'a listener threw' }) }),
    ]);
    expect(records.some((r) => r.event_type === 'child.alive')).toBe(false);
    expect(status).toBe(1);
  });
});
