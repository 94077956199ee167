import { z } from 'zod';

/**
 * Why a motion frame did or did not count as motion:
 * `area`: one changed region is at least min_area pixels; `share`: the changed pixels reach min_changed_pct;
 * `light_change`: the picture changed almost everywhere at once (lamps, IR), ignored and learnt;
 * `below_threshold`: something changed, or nothing, but too little; `learning`: the frame only primed the background.
 */
export const MotionVerdictSchema = z.enum(['area', 'share', 'light_change', 'below_threshold', 'learning']);
export type MotionVerdict = z.infer<typeof MotionVerdictSchema>;

const share = z.number().min(0).max(1);

/** A changed region of the motion frame (its pixels grown by one, as the detector groups them), in shares of the picture. */
export const MotionRegionSchema = z.object({
  x: share,
  y: share,
  w: share,
  h: share,
  /** Pixels of the motion frame in the region (after growing). */
  area: z.number().int().nonnegative(),
  /** Large enough to be motion on its own (area >= the min area in effect). */
  counts: z.boolean(),
});
export type MotionRegion = z.infer<typeof MotionRegionSchema>;

/** The motion settings in effect, as the config names them (camelCase). */
export const MotionTuningSchema = z.object({
  fps: z.number(),
  pixelThreshold: z.number(),
  minArea: z.number(),
  minChangedPct: z.number(),
  lightChangePct: z.number(),
  recordingSensitivity: z.number(),
});
export type MotionTuning = z.infer<typeof MotionTuningSchema>;

/**
 * What the motion detector saw in one frame, for the dashboard's motion overlay: the changed pixels of the
 * small grey frame, the regions they form, how much changed and the verdict, with the settings and masks
 * that produced it, so the user can tune them and see the effect at once.
 */
export const MotionViewSchema = z.object({
  camera: z.string(),
  /** When the frame arrived (epoch ms). */
  at: z.number(),
  /** The motion frame's size in pixels (160x90 by default). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Changed pixels, one bit each, row by row from the top left, the first pixel in a byte's high bit; base64. */
  changed: z.string(),
  /** Every changed region, the ones too small to count too; none for a light change or a learning frame. */
  regions: z.array(MotionRegionSchema),
  /** Share of unmasked pixels that changed, in %. */
  changedPct: z.number(),
  motion: z.boolean(),
  verdict: MotionVerdictSchema,
  /** A clip is being recorded: the detector needs less (min area and min changed % divided by recordingSensitivity). */
  recording: z.boolean(),
  tuning: MotionTuningSchema,
  /** What this frame needed to count: the tuning's min area and min changed %, divided while recording. */
  needed: z.object({ minArea: z.number(), minChangedPct: z.number() }),
  /** Where motion is ignored, in shares of the picture: rectangles and polygons ([x, y] points). */
  masks: z.object({
    rects: z.array(z.object({ x: share, y: share, w: share, h: share })),
    polygons: z.array(z.array(z.tuple([z.number(), z.number()]))),
  }),
});
export type MotionView = z.infer<typeof MotionViewSchema>;

export type MotionViewListener = (view: MotionView) => void;

/**
 * A live camera whose motion detector can be watched frame by frame (the motion overlay). Watching costs
 * nothing until someone watches, and stops costing when the last watcher's stop function is called.
 */
export interface MotionViewSource {
  /** Calls `listener` with each motion frame's view (at most the motion fps) until the returned function is called. */
  watchMotion(listener: MotionViewListener): () => void;
}
