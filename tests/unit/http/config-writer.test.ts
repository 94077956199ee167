import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { buildConfigWriter, oneAtATime } from '../../../server/src/http/config-writer.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { makeTempDir } from '../../support/temp-dir.js';

const ORIGINAL = [
  '# My HomeSec',
  'cameras:',
  '  - name: front # the door',
  '    source: rtsp',
  '    url: rtsp://cam.invalid/main',
  'detector:',
  '  enabled: false',
  '',
].join('\n');

describe('the one config writer every dashboard route shares', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('homesec-config-writer-');
    file = join(dir.path, 'homesec.yaml');
    writeFileSync(file, ORIGINAL);
  });
  afterEach(() => dir.remove());

  const writer = () => {
    const built = buildConfigWriter(file, createLogger('silent'), {});
    if (built?.kind !== 'file') throw new Error('expected the file writer');
    return built;
  };

  it("keeps both of two changes made at once (the wizard's camera and the zone editor's zones)", async () => {
    // Given the file writer of a commented homesec.yaml
    const w = writer();

    // When a camera is added and the front camera's zones are saved at the same moment
    const [added, regions] = await Promise.all([
      w.append({ name: 'porch', source: 'folder' }),
      w.setRegions('front', { maskPolygons: [], zones: [{ name: 'driveway', points: '0,0.5 1,0.5 1,1', labels: ['person'] }] }),
    ]);

    // Then both landed: each read the file the other had written
    expect(added).toEqual({ ok: true, value: undefined });
    expect(regions).toEqual({ ok: true, value: undefined });
    const loaded = loadConfig({ configPath: file, env: {} });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    expect(loaded.value.config.cameras.map((c) => c.name)).toEqual(['front', 'porch']);
    expect(loaded.value.config.zones.map((z) => z.name)).toEqual(['driveway']);
    expect(readFileSync(file, 'utf8')).toContain('# the door');
  });

  it('refuses a camera whose name the file has already (added by another route since the start)', async () => {
    // Given a file that has a camera named front
    const w = writer();

    // When a second camera named front is added
    const added = await w.append({ name: 'front', source: 'folder' });

    // Then it is refused in words, and the file is as it was
    expect(added).toEqual({ ok: false, error: `${file}: a camera named front is in it already` });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('runs the next change after one that failed or threw', async () => {
    // Given a turn-taker and a change that throws
    const inTurn = oneAtATime();
    const order: string[] = [];
    const failing = inTurn(async () => {
      order.push('first');
      throw new Error('disk full');
    });

    // When another change is queued behind it
    const next = inTurn(async () => {
      order.push('second');
      return 42;
    });

    // Then the first rejects, the second still runs after it and answers
    await expect(failing).rejects.toThrow('disk full');
    await expect(next).resolves.toBe(42);
    expect(order).toEqual(['first', 'second']);
  });
});
