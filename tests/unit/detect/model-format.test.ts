import { describe, expect, it } from 'vitest';
import { gridCellCount, modelLayoutFrom } from '../../../server/src/detect/model-format.js';

const input = (w: number, h: number) => ({ name: 'images', shape: [1, 3, h, w] });

describe('modelLayoutFrom', () => {
  it('recognises a YOLOX export by its anchors-first output', () => {
    // Given yolox_nano's shapes
    // When the layout is read
    const layout = modelLayoutFrom(input(416, 416), { name: 'output', shape: [1, 3549, 85] }, 'auto');
    // Then it is YOLOX with BGR 0-255 input and 80 classes
    expect(layout).toStrictEqual({
      ok: true,
      value: {
        format: 'yolox',
        inputName: 'images',
        outputNames: ['output'],
        inputWidth: 416,
        inputHeight: 416,
        numClasses: 80,
        anchors: 3549,
        channelOrder: 'bgr',
        inputType: 'float32',
        pixelScale: 1,
        pixelNorm: null,
        sizesInputName: null,
      },
    });
  });

  it('recognises an Ultralytics export by its channels-first output', () => {
    // Given a YOLOv8n / YOLO11n export at 640x640
    const layout = modelLayoutFrom(input(640, 640), { name: 'output0', shape: [1, 84, 8400] }, 'auto');
    // Then it is YOLOv8 with RGB 0-1 input
    expect(layout.ok && layout.value).toMatchObject({
      format: 'yolov8',
      numClasses: 80,
      anchors: 8400,
      channelOrder: 'rgb',
      pixelScale: 1 / 255,
    });
  });

  it('rejects a model that is not a detector it can decode', () => {
    // Given a classifier-like output and a YOLOX-like output that does not match its input grid
    const classifier = modelLayoutFrom(input(224, 224), { name: 'logits', shape: [1, 1000] }, 'auto');
    const mismatched = modelLayoutFrom(input(640, 640), { name: 'output', shape: [1, 3549, 85] }, 'yolox');
    // Then both are errors that say what is wrong
    expect(classifier).toMatchObject({ ok: false, error: expect.stringContaining('expected [1,N,85] (YOLOX) or [1,84,N] (YOLOv8)') });
    expect(mismatched).toMatchObject({ ok: false, error: expect.stringContaining('8400 grid cells') });
  });

  it('counts grid cells over strides 8, 16 and 32', () => {
    expect(gridCellCount(416, 416)).toBe(3549);
    expect(gridCellCount(640, 640)).toBe(8400);
  });
});
