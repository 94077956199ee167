import { describe, expect, it } from 'vitest';
import { frameToTensor } from '../../../server/src/detect/frame-tensor.js';

describe('frameToTensor', () => {
  it('turns interleaved pixels into scaled channel planes', () => {
    // Given a 2-pixel frame [(10,20,30), (40,50,60)]
    const frame = Uint8Array.from([10, 20, 30, 40, 50, 60]);
    // When converted with YOLOv8's 1/255 scale and with YOLOX's 0-255 values
    const scaled = frameToTensor(frame, 2, 1 / 255);
    const plain = frameToTensor(frame, 2, 1);
    // Then channels are planar: all first channels, then second, then third
    expect(Array.from(plain)).toStrictEqual([10, 40, 20, 50, 30, 60]);
    expect(scaled[1]).toBeCloseTo(40 / 255, 6);
  });

  it('refuses a frame of the wrong size', () => {
    // Given a frame one byte short
    // Then it throws rather than feeding garbage to the model
    expect(() => frameToTensor(new Uint8Array(5), 2, 1)).toThrow(/expected 6/);
  });
});
