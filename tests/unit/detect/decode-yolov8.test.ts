import { describe, expect, it } from 'vitest';
import { decodeYolov8 } from '../../../server/src/detect/decode-yolov8.js';
import { modelLayoutFrom, type ModelLayout } from '../../../server/src/detect/model-format.js';

function yolov8Layout(): ModelLayout {
  const layout = modelLayoutFrom({ name: 'images', shape: [1, 3, 640, 640] }, { name: 'output0', shape: [1, 84, 8400] }, 'auto');
  if (!layout.ok) throw new Error(layout.error);
  return layout.value;
}

describe('decodeYolov8', () => {
  it('reads cx, cy, w, h in pixels and the best class score from channel planes', () => {
    // Given anchor 100 holding a 50x80 box at (320, 240) with person 0.9 and dog 0.6
    const layout = yolov8Layout();
    const n = 8400;
    const data = new Float32Array(84 * n);
    data[100] = 320;
    data[n + 100] = 240;
    data[2 * n + 100] = 50;
    data[3 * n + 100] = 80;
    data[4 * n + 100] = 0.9;
    data[(4 + 16) * n + 100] = 0.6;
    // When it is decoded
    const found = decodeYolov8(data, layout, { minScore: 0.5, classIds: null });
    // Then one person box comes back with corners in model pixels
    expect(found).toHaveLength(1);
    expect(found[0]?.classId).toBe(0);
    expect(found[0]?.score).toBeCloseTo(0.9, 6);
    expect(found[0]?.box).toStrictEqual([295, 200, 345, 280]);
  });

  it('only considers kept classes', () => {
    // Given anchor 7 with a strong car score
    const layout = yolov8Layout();
    const data = new Float32Array(84 * 8400);
    data[(4 + 2) * 8400 + 7] = 0.95;
    // When only persons are kept
    // Then nothing is found
    expect(decodeYolov8(data, layout, { minScore: 0.5, classIds: [0] })).toStrictEqual([]);
  });
});
