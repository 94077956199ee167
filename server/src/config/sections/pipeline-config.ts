import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const PipelineConfigSchema = z
  .strictObject({
    max_clips_in_flight: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe('Clips processed at the same time; the rest wait in the durable queue'),
    intake_workers: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(2)
      .describe('Clips being probed and moved into the media folder at the same time'),
    upload_workers: z.number().int().min(1).max(16).default(2).describe('Off-site uploads at the same time'),
    detect_workers: z.number().int().min(1).max(8).default(1).describe('Clips in object detection at the same time (each runs one ffmpeg)'),
    analyze_workers: z.number().int().min(1).max(16).default(2).describe('VLM requests at the same time'),
    max_attempts: z.number().int().min(1).max(10).default(3).describe('Tries per stage before it is recorded as failed'),
    retry_backoff_s: z.number().min(0).max(300).default(1).describe('Wait before the first retry of a stage; doubles each try'),
  })
  .prefault({});
export type PipelineConfig = CamelCasedDeep<z.output<typeof PipelineConfigSchema>>;
