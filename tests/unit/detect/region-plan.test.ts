import { describe, expect, it } from 'vitest';
import { planRegions } from '../../../server/src/detect/region-plan.js';

const hd = { width: 1280, height: 720 };

describe('planRegions', () => {
  it('looks at a small frame whole under auto', () => {
    const regions = planRegions({ frame: { width: 768, height: 576 }, modelSide: 416, strategy: 'auto', motion: null, objects: [] });
    expect(regions).toStrictEqual([{ x: 0, y: 0, width: 768, height: 576, kind: 'whole' }]);
  });

  it('uses tiles plus the whole frame when nothing tells where to look (a still, a first frame)', () => {
    const regions = planRegions({ frame: hd, modelSide: 416, strategy: 'auto', motion: null, objects: [] });
    expect(regions.filter((r) => r.kind === 'tile')).toHaveLength(8);
    expect(regions.at(-1)?.kind).toBe('whole');
  });

  it('uses regions around motion and around last frame objects once motion is known', () => {
    // Given a small moving thing and a known object elsewhere
    const regions = planRegions({
      frame: hd,
      modelSide: 416,
      strategy: 'auto',
      motion: [[600, 300, 620, 350]],
      objects: [[100, 100, 160, 250]],
    });
    // Then one object region and one motion region
    expect(regions.map((r) => r.kind)).toStrictEqual(['object', 'motion']);
  });

  it('falls back to tiles when motion is everywhere, and looks nowhere when nothing moved and nothing is known', () => {
    const everywhere = Array.from({ length: 40 }, (_, i): [number, number, number, number] => [
      (i % 8) * 160,
      Math.floor(i / 8) * 144,
      (i % 8) * 160 + 20,
      Math.floor(i / 8) * 144 + 20,
    ]);
    expect(planRegions({ frame: hd, modelSide: 416, strategy: 'auto', motion: everywhere, objects: [] }).at(-1)?.kind).toBe('whole');
    expect(planRegions({ frame: hd, modelSide: 416, strategy: 'auto', motion: [], objects: [] })).toStrictEqual([]);
  });

  it('does what an explicit strategy says', () => {
    expect(planRegions({ frame: hd, modelSide: 416, strategy: 'whole', motion: [[0, 0, 10, 10]], objects: [] })).toHaveLength(1);
    expect(planRegions({ frame: hd, modelSide: 416, strategy: 'tiles', motion: [], objects: [] })).toHaveLength(9);
    expect(planRegions({ frame: hd, modelSide: 416, strategy: 'regions', motion: null, objects: [] })).toStrictEqual([
      { x: 0, y: 0, width: 1280, height: 720, kind: 'whole' },
    ]);
  });
});
