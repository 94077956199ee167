import { describe, expect, it } from 'vitest';
import { clippedBy, minRegionSize, refineRegion, regionsForBoxes, squareRegion, tileRegions } from '../../../server/src/detect/regions.js';

const frame = { width: 1280, height: 720 };

describe('squareRegion', () => {
  it('grows a small box to the minimum region, centred on it', () => {
    // Given a 20x50 person at (600, 300)
    // When its motion region is made (x2, min 320)
    const region = squareRegion([600, 300, 620, 350], frame, 320, 2, 'motion');
    // Then it is a 320 square centred on the box
    expect(region).toStrictEqual({ x: 450, y: 165, width: 320, height: 320, kind: 'motion' });
  });

  it('grows a large box by the multiplier and shifts it back inside the frame', () => {
    // Given a 100x200 box near the bottom-right corner
    const region = squareRegion([1150, 500, 1250, 700], frame, 320, 2, 'motion');
    // Then the side is 400 and the square ends at the frame's edges
    expect(region).toStrictEqual({ x: 880, y: 320, width: 400, height: 400, kind: 'motion' });
  });

  it('never exceeds the frame and overhangs from the top when taller than the frame', () => {
    const region = squareRegion([0, 0, 1280, 700], frame, 320, 2, 'motion');
    expect(region).toStrictEqual({ x: 0, y: 0, width: 1280, height: 1280, kind: 'motion' });
  });
});

describe('minRegionSize', () => {
  it('is the model size under 320 and 320 above', () => {
    expect([minRegionSize(256), minRegionSize(318), minRegionSize(416), minRegionSize(640)]).toStrictEqual([256, 320, 320, 320]);
  });
});

describe('regionsForBoxes', () => {
  it('merges nearby boxes into one region and keeps far ones apart', () => {
    // Given two people side by side and one far away
    const regions = regionsForBoxes(
      [
        [100, 100, 120, 150],
        [140, 110, 160, 160],
        [1000, 500, 1020, 550],
      ],
      frame,
      320,
      2,
      'motion',
    );
    // Then there are two regions of the minimum size, one holding both near people
    expect(regions).toHaveLength(2);
    expect(regions.every((r) => r.width === 320)).toBe(true);
    const [near] = regions;
    expect(near && near.x <= 100 && near.x + near.width >= 160).toBe(true);
  });
});

describe('tileRegions', () => {
  it('covers the frame with overlapping tiles, the last ones ending at the edges', () => {
    // Given a 1280x720 frame and 416 px tiles at 20% overlap (step 332)
    const tiles = tileRegions(frame, 416);
    // Then columns start at 0, 332, 664, 864 and rows at 0, 304
    expect([...new Set(tiles.map((t) => t.x))]).toStrictEqual([0, 332, 664, 864]);
    expect([...new Set(tiles.map((t) => t.y))]).toStrictEqual([0, 304]);
    expect(tiles).toHaveLength(8);
  });

  it('is one tile for a frame no larger than a tile', () => {
    expect(tileRegions({ width: 400, height: 300 }, 416)).toStrictEqual([{ x: 0, y: 0, width: 416, height: 416, kind: 'tile' }]);
  });
});

describe('clippedBy and refineRegion', () => {
  it('marks a box touching an inner region edge, not one touching the frame edge', () => {
    const inner = { x: 300, y: 200, width: 320, height: 320, kind: 'motion' as const };
    const atFrameEdge = { x: 0, y: 0, width: 320, height: 320, kind: 'motion' as const };
    // Given boxes at the region's left side
    expect(clippedBy([302, 300, 340, 400], inner, frame)).toBe(true);
    expect(clippedBy([2, 100, 40, 200], atFrameEdge, frame)).toBe(false);
    expect(clippedBy([350, 300, 400, 400], inner, frame)).toBe(false);
  });

  it('looks again with a region half as large again, centred on the clipped box', () => {
    const region = { x: 300, y: 200, width: 320, height: 320, kind: 'motion' as const };
    const refined = refineRegion([302, 300, 340, 400], region, frame);
    expect(refined).toMatchObject({ width: 480, height: 480, kind: 'refine', x: 81, y: 110 });
  });
});
