import { describe, expect, it } from 'vitest';
import { decodeYolox } from '../../../server/src/detect/decode-yolox.js';
import { modelLayoutFrom, type ModelLayout } from '../../../server/src/detect/model-format.js';

function yoloxLayout(): ModelLayout {
  const layout = modelLayoutFrom({ name: 'images', shape: [1, 3, 416, 416] }, { name: 'output', shape: [1, 3549, 85] }, 'auto');
  if (!layout.ok) throw new Error(layout.error);
  return layout.value;
}

describe('decodeYolox', () => {
  it('decodes grid offsets and log sizes on the stride-16 grid, score = objectness x class', () => {
    // Given a raw output with one row set at grid cell (x 3, y 5) of the stride-16 map (rows 2704..3379)
    const layout = yoloxLayout();
    const data = new Float32Array(3549 * 85);
    const row = 52 * 52 + 5 * 26 + 3;
    data.set([0.5, 0.25, Math.log(2), Math.log(4), 0.9], row * 85);
    data[row * 85 + 5 + 5] = 0.8; // class 5 = bus
    // When it is decoded
    const found = decodeYolox(data, layout, { minScore: 0.5, classIds: null });
    // Then one bus box centred at ((3.5) * 16, (5.25) * 16), 32x64 px, with score 0.72
    expect(found).toHaveLength(1);
    expect(found[0]?.classId).toBe(5);
    expect(found[0]?.score).toBeCloseTo(0.72, 6);
    expect(found[0]?.box.map((v) => Math.round(v * 1000) / 1000)).toStrictEqual([40, 52, 72, 116]);
  });

  it('drops weak rows and classes that are not kept', () => {
    // Given one row below the score threshold and one strong row of class 2 (car)
    const layout = yoloxLayout();
    const data = new Float32Array(3549 * 85);
    data.set([0, 0, 0, 0, 0.4], 0);
    data[5] = 1; // 0.4 x 1 < 0.5
    data.set([0, 0, 0, 0, 1], 85);
    data[85 + 5 + 2] = 0.9;
    // When only persons are kept
    const found = decodeYolox(data, layout, { minScore: 0.5, classIds: [0] });
    // Then nothing comes back
    expect(found).toStrictEqual([]);
  });
});
