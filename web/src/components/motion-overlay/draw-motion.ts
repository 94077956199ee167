import { decodeMotionBits } from './motion-bits';
import type { MotionView } from './motion-contract';

/** Where the picture is drawn inside the canvas (the video keeps its shape: `object-fit: contain`). */
export interface PictureBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

// Colours that stand out on any picture: the canvas is decoration (aria-hidden), the status says it in words.
const CHANGED_RGBA = [255, 45, 85, 150] as const;
const COUNTING_STROKE = '#ffd600';
const SMALL_STROKE = 'rgba(255, 255, 255, 0.85)';
const MASK_FILL = 'rgba(40, 40, 40, 0.55)';
const HATCH_STROKE = 'rgba(255, 255, 255, 0.45)';

/** The largest box of the picture's shape that fits the canvas, centred (as `object-fit: contain` places it). */
export function containBox(canvasW: number, canvasH: number, pictureW: number, pictureH: number): PictureBox {
  if (pictureW <= 0 || pictureH <= 0) return { x: 0, y: 0, w: canvasW, h: canvasH };
  const scale = Math.min(canvasW / pictureW, canvasH / pictureH);
  const w = pictureW * scale;
  const h = pictureH * scale;
  return { x: (canvasW - w) / 2, y: (canvasH - h) / 2, w, h };
}

/**
 * Draws what the motion detector saw over the picture: masks greyed and hatched, changed pixels tinted, and
 * each changed region outlined (solid when it counts as motion on its own, dashed when too small).
 */
export function drawMotion(ctx: CanvasRenderingContext2D, view: MotionView, box: PictureBox): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  drawMasks(ctx, view, box);
  drawChanged(ctx, view, box);
  const line = Math.max(1, Math.round(box.w / 400));
  for (const region of view.regions) {
    ctx.lineWidth = region.counts ? 2 * line : line;
    ctx.strokeStyle = region.counts ? COUNTING_STROKE : SMALL_STROKE;
    ctx.setLineDash(region.counts ? [] : [4 * line, 3 * line]);
    ctx.strokeRect(box.x + region.x * box.w, box.y + region.y * box.h, region.w * box.w, region.h * box.h);
  }
  ctx.setLineDash([]);
}

function drawMasks(ctx: CanvasRenderingContext2D, view: MotionView, box: PictureBox): void {
  const { rects, polygons } = view.masks;
  if (rects.length === 0 && polygons.length === 0) return;
  ctx.beginPath();
  for (const r of rects) ctx.rect(box.x + r.x * box.w, box.y + r.y * box.h, r.w * box.w, r.h * box.h);
  for (const polygon of polygons) {
    polygon.forEach(([x, y], i) => {
      const px = box.x + x * box.w;
      const py = box.y + y * box.h;
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.closePath();
  }
  ctx.fillStyle = MASK_FILL;
  ctx.fill();
  const hatch = hatchPattern(ctx);
  if (hatch) {
    ctx.fillStyle = hatch;
    ctx.fill();
  }
}

/** Diagonal lines 8 px apart, repeated: masked parts read as "ignored" even on a grey picture. */
function hatchPattern(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = HATCH_STROKE;
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.moveTo(-2, 2);
  t.lineTo(2, -2);
  t.moveTo(6, 10);
  t.lineTo(10, 6);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/** The changed pixels as a small picture of the motion frame's size, scaled up without smoothing: square cells. */
function drawChanged(ctx: CanvasRenderingContext2D, view: MotionView, box: PictureBox): void {
  const bits = decodeMotionBits(view.changed);
  if (bits.count === 0) return;
  const small = document.createElement('canvas');
  small.width = view.width;
  small.height = view.height;
  const s = small.getContext('2d');
  if (!s) return;
  const image = s.createImageData(view.width, view.height);
  const [r, g, b, a] = CHANGED_RGBA;
  for (let i = 0; i < view.width * view.height; i++) {
    if (!bits.set(i)) continue;
    image.data.set([r, g, b, a], i * 4);
  }
  s.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, box.x, box.y, box.w, box.h);
}
