import { describe, expect, it } from 'vitest';
import { computeLetterbox, letterboxFilter, toSourceBox } from '../../../server/src/detect/letterbox.js';

describe('letterbox', () => {
  it('fits a wide frame across the full width and centres it vertically', () => {
    // Given a 1280x720 frame and a 640x640 model input
    // When the letterbox is computed
    const lb = computeLetterbox(1280, 720, 640, 640);
    // Then the picture is 640x360 with 140 grey rows above and below
    expect(lb).toMatchObject({ scaledWidth: 640, scaledHeight: 360, padX: 0, padY: 140 });
  });

  it('fits a tall frame across the full height and centres it horizontally', () => {
    // Given the 810x1080 bus photo and a 416x416 YOLOX input
    const lb = computeLetterbox(810, 1080, 416, 416);
    // Then it is scaled to 312x416 and padded 52 px on the left
    expect(lb).toMatchObject({ scaledWidth: 312, scaledHeight: 416, padX: 52, padY: 0 });
  });

  it('maps a model-space box back to source pixels', () => {
    // Given a 1280x720 frame letterboxed into 640x640
    const lb = computeLetterbox(1280, 720, 640, 640);
    // When a box drawn in model pixels is mapped back
    const box = toSourceBox([270, 200, 370, 280], lb);
    // Then the padding is removed and the scale undone
    expect(box).toStrictEqual([540, 120, 740, 280]);
  });

  it('clips boxes that reach into the padding to the frame', () => {
    // Given a box that extends above the picture into the grey band
    const lb = computeLetterbox(1280, 720, 640, 640);
    // When it is mapped back
    const box = toSourceBox([-10, 100, 700, 600], lb);
    // Then it stays inside the 1280x720 frame
    expect(box).toStrictEqual([0, 0, 1280, 720]);
  });

  it('describes the same geometry to ffmpeg', () => {
    // Given the bus photo letterbox
    const lb = computeLetterbox(810, 1080, 416, 416);
    // Then the ffmpeg filter scales and pads with grey 114 at the same offsets
    expect(letterboxFilter(lb)).toBe('scale=312:416:flags=bilinear,pad=416:416:52:0:color=0x727272');
  });
});
