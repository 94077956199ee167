import { z } from 'zod';

/** [x1, y1, x2, y2] in source pixels of the clip or image. */
export const BoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof BoxSchema>;

export const DetectionSchema = z.object({
  label: z.string(),
  score: z.number().min(0).max(1),
  box: BoxSchema,
});
export type Detection = z.infer<typeof DetectionSchema>;

/** Detections of one sampled frame; `t` is seconds from the start of the clip. */
export const FrameDetectionsSchema = z.object({
  t: z.number().min(0),
  detections: z.array(DetectionSchema),
});
export type FrameDetections = z.infer<typeof FrameDetectionsSchema>;

export const LabelSummarySchema = z.object({
  label: z.string(),
  bestScore: z.number(),
  /** Number of sampled frames in which the label was seen. */
  frames: z.number().int().min(0),
});
export type LabelSummary = z.infer<typeof LabelSummarySchema>;

/** How many distinct objects of a label a clip held, moving and stationary (tracked across frames). */
export const ObjectCountSchema = z.object({
  label: z.string(),
  moving: z.number().int().min(0),
  stationary: z.number().int().min(0),
});
export type ObjectCount = z.infer<typeof ObjectCountSchema>;

/** One object followed across a clip's sampled frames; `path` holds its box centres as [t, x, y]. */
export const TrackedObjectSummarySchema = z.object({
  id: z.number().int().positive(),
  label: z.string(),
  firstT: z.number().min(0),
  lastT: z.number().min(0),
  frames: z.number().int().min(1),
  bestScore: z.number(),
  stationary: z.boolean(),
  path: z.array(z.tuple([z.number(), z.number(), z.number()])),
});
export type TrackedObjectSummary = z.infer<typeof TrackedObjectSummarySchema>;

/** What the detect stage stores with a clip. */
export const DetectionResultSchema = z.object({
  model: z.string(),
  framesSampled: z.number().int().min(0),
  /** Labels seen, best score first. */
  labels: z.array(LabelSummarySchema),
  /** A trigger label was confirmed in enough frames: the clip is worth a VLM call. */
  triggered: z.boolean(),
  /** The frame with the highest-scoring trigger (or any) detection; its picture is the clip's snapshot. */
  bestFrame: FrameDetectionsSchema.nullable(),
  /** Sampling stopped early because the trigger was confirmed. */
  earlyExit: z.boolean(),
  frameWidth: z.number().int().positive(),
  frameHeight: z.number().int().positive(),
  /** Distinct objects per label ("2 persons, 1 car"); absent on clips detected before objects were tracked. */
  objectCounts: z.array(ObjectCountSchema).optional(),
  /** The objects themselves, with their paths (for the dashboard). */
  objects: z.array(TrackedObjectSummarySchema).optional(),
});
export type DetectionResult = z.infer<typeof DetectionResultSchema>;
