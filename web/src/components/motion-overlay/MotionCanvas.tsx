import { useEffect, useRef } from 'react';
import { containBox, drawMotion } from './draw-motion';
import type { MotionView } from './motion-contract';
import type { MotionWatch } from './useMotionView';
import './motion-overlay.css';

/**
 * The motion detector's view drawn over the live picture (its parent holds the video or image): decoration for
 * the eye, hidden from assistive technology, whose words are the motion status. `data-regions` and
 * `data-verdict` say what is drawn, for tests and for anyone inspecting the page.
 */
export function MotionCanvas({ watch }: { readonly watch: MotionWatch }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = watch.kind === 'seeing' ? watch.view : null;
  const latest = useRef<MotionView | null>(view);
  latest.current = view;

  useEffect(() => {
    const element = canvas.current;
    if (element) paint(element, view);
  }, [view]);

  // A phone turned sideways, or the video's size known at last: draw the same frame again to fit.
  useEffect(() => {
    const element = canvas.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => paint(element, latest.current));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <canvas
      ref={canvas}
      className="motion-canvas"
      aria-hidden="true"
      data-regions={view?.regions.length ?? 0}
      data-counting={view?.regions.filter((r) => r.counts).length ?? 0}
      data-verdict={view?.verdict ?? 'none'}
    />
  );
}

function paint(element: HTMLCanvasElement, view: MotionView | null): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(element.clientWidth * ratio);
  const height = Math.round(element.clientHeight * ratio);
  if (element.width !== width || element.height !== height) {
    element.width = width;
    element.height = height;
  }
  const ctx = element.getContext('2d');
  if (!ctx) return;
  if (!view) {
    ctx.clearRect(0, 0, width, height);
    return;
  }
  const [pictureW, pictureH] = pictureSize(element, view);
  drawMotion(ctx, view, containBox(width, height, pictureW, pictureH));
}

/** The shape of the picture under the canvas: the video's or image's own size, else the motion frame's. */
function pictureSize(element: HTMLCanvasElement, view: MotionView): [number, number] {
  const media = element.parentElement?.querySelector('video, img');
  if (media instanceof HTMLVideoElement && media.videoWidth > 0) return [media.videoWidth, media.videoHeight];
  if (media instanceof HTMLImageElement && media.naturalWidth > 0) return [media.naturalWidth, media.naturalHeight];
  return [view.width, view.height];
}
