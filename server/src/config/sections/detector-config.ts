import { z } from 'zod';

export const DetectorConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run object detection on every clip'),
    model: z
      .string()
      .min(1)
      .default('yolox_nano')
      .describe('Path to an .onnx file, or the built-in name yolox_nano (downloaded on first use)'),
    sample_fps: z.number().gt(0).max(30).default(2).describe('Frames per second sampled from each clip'),
    min_score: z.number().min(0).max(1).default(0.5).describe('Lowest detection score kept'),
    labels: z
      .array(z.string().min(1))
      .default(['person', 'car', 'dog', 'cat'])
      .describe('COCO labels to keep; others are ignored'),
    trigger_labels: z
      .array(z.string().min(1))
      .default(['person'])
      .describe('Labels that make a clip worth a VLM call and an alert'),
  })
  .prefault({});
export type DetectorConfig = z.output<typeof DetectorConfigSchema>;
