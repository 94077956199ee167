import { describe, expect, it } from 'vitest';
import { modelInputData } from '../../../server/src/detect/frame-tensor.js';
import { modelLayoutOf } from '../../../server/src/detect/model-layout.js';

describe('modelLayoutOf', () => {
  it('tells each accepted format from its inputs and outputs', () => {
    // Given the shapes Frigate documents for each export
    const image = (name: string, size: number, type = 'float32') => ({ name, shape: [1, 3, size, size], type });
    const dfine = modelLayoutOf(
      [image('images', 640), { name: 'orig_target_sizes', shape: [1, 2], type: 'int64' }],
      [
        { name: 'labels', shape: [1, 300], type: 'int64' },
        { name: 'boxes', shape: [1, 300, 4], type: 'float32' },
        { name: 'scores', shape: [1, 300], type: 'float32' },
      ],
      'auto',
    );
    const rfdetr = modelLayoutOf(
      [image('input', 320)],
      [
        { name: 'dets', shape: [1, 300, 4] },
        { name: 'labels', shape: [1, 300, 91] },
      ],
      'auto',
    );
    const yolonas = modelLayoutOf([image('input', 320, 'uint8')], [{ name: 'output', shape: ['N', 7] }], 'auto');
    const yolov9 = modelLayoutOf([image('images', 320)], [{ name: 'output0', shape: [1, 84, 2100] }], 'auto');
    // Then each gets its decoder, input encoding and output order
    expect(dfine.ok && dfine.value).toMatchObject({
      format: 'dfine',
      outputNames: ['labels', 'boxes', 'scores'],
      sizesInputName: 'orig_target_sizes',
      pixelScale: 1 / 255,
      anchors: 300,
    });
    expect(rfdetr.ok && rfdetr.value).toMatchObject({
      format: 'rfdetr',
      outputNames: ['dets', 'labels'],
      numClasses: 91,
      channelOrder: 'rgb',
    });
    expect(rfdetr.ok && rfdetr.value.pixelNorm?.mean).toStrictEqual([0.485, 0.456, 0.406]);
    expect(yolonas.ok && yolonas.value).toMatchObject({ format: 'yolonas', inputType: 'uint8', channelOrder: 'bgr', inputWidth: 320 });
    expect(yolov9.ok && yolov9.value).toMatchObject({ format: 'yolov8', anchors: 2100 });
  });

  it('says what it expected when a requested format does not fit the model', () => {
    // Given a YOLOX model configured as rfdetr
    const layout = modelLayoutOf([{ name: 'images', shape: [1, 3, 416, 416] }], [{ name: 'output', shape: [1, 3549, 85] }], 'rfdetr');
    // Then the error names RF-DETR's outputs
    expect(layout).toMatchObject({ ok: false, error: expect.stringContaining('dets [1,Q,4] and labels [1,Q,C]') });
  });
});

describe('modelInputData', () => {
  it('normalises RF-DETR input per channel and keeps YOLO-NAS input as planar bytes', () => {
    // Given a 1x1 frame (R 255, G 0, B 51)
    const frame = Uint8Array.from([255, 0, 51]);
    const base = { inputWidth: 1, inputHeight: 1, channelOrder: 'rgb' as const, pixelScale: 1 / 255, sizesInputName: null };
    const layout = { ...base, format: 'rfdetr' as const, inputName: 'input', outputNames: [], numClasses: 91, anchors: 1 };
    // When it becomes model input
    const rf = modelInputData(frame, { ...layout, inputType: 'float32', pixelNorm: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.2] } });
    const nas = modelInputData(frame, { ...layout, format: 'yolonas', inputType: 'uint8', pixelScale: 1, pixelNorm: null });
    // Then the float one is (x / 255 - mean) / std, the uint8 one the bytes themselves
    expect(Array.from(rf).map((v) => Number(v.toFixed(4)))).toStrictEqual([1, -2, -1.5]);
    expect(nas).toStrictEqual(Uint8Array.from([255, 0, 51]));
  });
});
