import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { setRegionsInYamlFile } from '../../../server/src/config/yaml-regions-edit.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** A commented homesec.yaml with two cameras, each with a zone. */
const ORIGINAL = [
  '# My HomeSec',
  'cameras:',
  '  # the door camera',
  '  - name: front',
  '    source: rtsp',
  '    url: rtsp://cam.invalid/main # main stream',
  '    motion:',
  '      fps: 5 # enough for a doorway',
  '  - name: back',
  '    source: rtsp',
  '    url: rtsp://cam.invalid/back',
  'zones:',
  '  # the lawn behind the house',
  '  - camera: back',
  '    name: lawn',
  '    points: "0,0.5 1,0.5 1,1" # the lower half',
  '  - camera: front',
  '    name: old_path',
  '    points: 0,0,0.5,0,0.5,0.5',
  '  - camera: back',
  '    name: shed',
  '    points: 0.8,0,1,0,1,0.2',
  'detector:',
  '  enabled: false # no model on this box',
  '',
].join('\n');

describe("writing one camera's motion masks and zones into a YAML config file", () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('homesec-regions-yaml-');
    file = join(dir.path, 'homesec.yaml');
    writeFileSync(file, ORIGINAL);
  });
  afterEach(() => dir.remove());

  const load = () => {
    const loaded = loadConfig({ configPath: file, env: {} });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    return loaded.value.config;
  };

  it("replaces the camera's masks and zones, keeps every comment and the other camera's zones as written, and the file loads", async () => {
    // Given the commented file
    // When the front camera gets a mask and a driveway zone in place of its old zone
    const written = await setRegionsInYamlFile(file, 'front', {
      maskPolygons: ['0,0,0.3,0,0.3,0.1'],
      zones: [{ name: 'driveway', points: '0.1,0.5,0.6,0.5,0.6,1', labels: ['person', 'car'] }],
    });

    // Then the file is the original with the mask under motion and the new zone where the old one was
    expect(written).toEqual({ ok: true, value: undefined });
    expect(readFileSync(file, 'utf8')).toBe(
      ORIGINAL.replace(
        '      fps: 5 # enough for a doorway\n',
        '      fps: 5 # enough for a doorway\n      mask_polygons:\n        - 0,0,0.3,0,0.3,0.1\n',
      ).replace(
        '    name: old_path\n    points: 0,0,0.5,0,0.5,0.5\n',
        '    name: driveway\n    points: 0.1,0.5,0.6,0.5,0.6,1\n    labels:\n      - person\n      - car\n',
      ),
    );
    // and it loads: the mask and zones as points, the back camera's zones untouched
    const config = load();
    const front = config.cameras.find((c) => c.name === 'front');
    expect(front?.source === 'rtsp' && front.motion.maskPolygons).toEqual([
      [
        [0, 0],
        [0.3, 0],
        [0.3, 0.1],
      ],
    ]);
    expect(config.zones.map((z) => [z.camera, z.name, z.labels])).toEqual([
      ['back', 'lawn', []],
      ['front', 'driveway', ['person', 'car']],
      ['back', 'shed', []],
    ]);
  });

  it('adds motion and zones to a camera that had neither, and takes them away again without leaving an empty motion', async () => {
    // Given the back camera, with no motion settings, and a file without its zones after a first save
    const cleared = await setRegionsInYamlFile(file, 'back', { maskPolygons: [], zones: [] });
    expect(cleared.ok).toBe(true);
    expect(load().zones.map((z) => z.name)).toEqual(['old_path']);

    // When it gets a mask and a zone
    await setRegionsInYamlFile(file, 'back', {
      maskPolygons: ['0.9,0,1,0,1,0.1'],
      zones: [{ name: 'gate', points: '0.4,0.4 0.6,0.4 0.6,0.6', labels: [] }],
    });
    // Then motion.mask_polygons is created under it and the zone goes at the end
    const config = load();
    const back = config.cameras.find((c) => c.name === 'back');
    expect(back?.source === 'rtsp' && back.motion.maskPolygons.length).toBe(1);
    expect(config.zones.map((z) => `${z.camera}/${z.name}`)).toEqual(['front/old_path', 'back/gate']);

    // When its mask is taken away again
    await setRegionsInYamlFile(file, 'back', { maskPolygons: [], zones: [] });
    // Then no motion key is left on it (an empty one would read as null), and every comment is still there but the removed lawn zone's
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('    url: rtsp://cam.invalid/back\nzones:');
    const kept = (ORIGINAL.match(/#[^\n]*/g) ?? []).filter((c) => c !== '# the lower half');
    expect(kept.filter((comment) => !text.includes(comment))).toEqual([]);
    expect(load().zones.map((z) => z.name)).toEqual(['old_path']);
  });

  it('creates the zones list when the file has none', async () => {
    // Given a file without zones
    writeFileSync(file, ORIGINAL.replace(/zones:[\s\S]*?detector:/, 'detector:'));
    // When a zone is saved
    await setRegionsInYamlFile(file, 'front', { maskPolygons: [], zones: [{ name: 'porch', points: '0,0,1,0,1,1', labels: ['person'] }] });
    // Then the file has it and loads
    expect(load().zones).toEqual([
      {
        camera: 'front',
        name: 'porch',
        points: [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        labels: ['person'],
      },
    ]);
  });

  it('refuses an unknown camera and a file that is not YAML, and leaves the file as it was', async () => {
    // Given the file / When an unknown camera is written
    const unknown = await setRegionsInYamlFile(file, 'garage', { maskPolygons: [], zones: [] });
    // Then it says so and the file is unchanged
    expect(unknown).toEqual({ ok: false, error: `${file}: no camera named garage` });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);

    // Given a broken file / When written / Then it says it is not valid YAML
    writeFileSync(file, 'cameras: [\n');
    const broken = await setRegionsInYamlFile(file, 'front', { maskPolygons: [], zones: [] });
    expect(broken.ok ? '' : broken.error).toMatch(/is not valid YAML/);
  });
});
