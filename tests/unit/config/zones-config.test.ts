import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('zones and motion mask polygons in the config', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  const load = (yaml: string[]) => {
    const path = join(dir.path, 'homesec.yaml');
    writeFileSync(path, yaml.join('\n'));
    return loadConfig({ configPath: path, env: {} });
  };
  const camera = ['cameras:', '  - name: front', '    source: rtsp', '    url: rtsp://cam/main'];

  it('reads zones and mask polygons as [x, y] points, keeps rectangle masks, and lets an override require a zone', () => {
    // Given a camera with a rectangle mask and a polygon mask, two zones (spaces or commas between pairs) and an override
    const result = load([
      ...camera,
      '    motion:',
      '      mask: [{ x: 0, y: 0, w: 1, h: 0.1 }]',
      '      mask_polygons: ["0,0.8 0.3,0.8 0.3,1"]',
      'zones:',
      '  - { camera: front, name: driveway, points: "0.5,0.5,1,0.5,1,1,0.5,1", labels: [person, car] }',
      '  - { camera: front, name: street, points: "0,0.2 0.5,0.2 0.5,0.5" }',
      'alerts:',
      '  overrides: [{ camera: front, require_zones: [driveway] }]',
    ]);
    // When loaded, Then the polygons are points and the rest is as written (labels default to none: the trigger labels)
    expect(result.ok ? [] : result.error.problems).toEqual([]);
    if (!result.ok) return;
    const { config } = result.value;
    expect(config.zones).toEqual([
      {
        camera: 'front',
        name: 'driveway',
        points: [
          [0.5, 0.5],
          [1, 0.5],
          [1, 1],
          [0.5, 1],
        ],
        labels: ['person', 'car'],
      },
      {
        camera: 'front',
        name: 'street',
        points: [
          [0, 0.2],
          [0.5, 0.2],
          [0.5, 0.5],
        ],
        labels: [],
      },
    ]);
    const [front] = config.cameras;
    expect(front?.source === 'rtsp' ? [front.motion.mask, front.motion.maskPolygons] : null).toEqual([
      [{ x: 0, y: 0, w: 1, h: 0.1 }],
      [
        [
          [0, 0.8],
          [0.3, 0.8],
          [0.3, 1],
        ],
      ],
    ]);
    expect(config.alerts.overrides[0]?.requireZones).toEqual(['driveway']);
  });

  it('refuses short, odd, out-of-picture and flat polygons, bad and repeated names, unknown cameras and unknown required zones', () => {
    // Given every kind of mistake in zones
    const result = load([
      ...camera,
      '    motion:',
      '      mask_polygons: ["0,0 1,1"]',
      'zones:',
      '  - { camera: front, name: a, points: "0,0 1,0 1" }',
      '  - { camera: front, name: b, points: "0,0 1.5,0 1,1" }',
      '  - { camera: front, name: c, points: "0,0 0.5,0.5 1,1" }',
      '  - { camera: front, name: Drive Way, points: "0,0 1,0 1,1" }',
      '  - { camera: front, name: d, points: "0,0 1,0 1,1" }',
      '  - { camera: front, name: d, points: "0,0 1,0 0,1" }',
      '  - { camera: back, name: e, points: "0,0 1,0 1,1" }',
      '  - { camera: front, name: f, points: "left top" }',
      'alerts:',
      '  overrides: [{ camera: front, require_zones: [drive] }]',
    ]);
    // When loaded, Then each is reported at its path, saying what is allowed
    expect(result.ok ? [] : result.error.problems).toEqual(
      expect.arrayContaining([
        'cameras[0].motion.mask_polygons[0]: at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1',
        'zones[0].points: at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1',
        'zones[1].points: at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1',
        'zones[2].points: the points lie on one line and enclose nothing',
        'zones[3].name: zone names use lowercase letters, digits and _ only',
        'zones[5].name: duplicate zone "d" on camera front',
        'zones[6].camera: unknown camera "back"',
        'zones[7].points: at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1',
        expect.stringMatching(/^alerts\.overrides\[0\]\.require_zones\[0\]: unknown zone "drive" \(zones of front: .*d/),
      ]),
    );
  });
});
