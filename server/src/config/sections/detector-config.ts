import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const DETECTOR_FORMATS = ['auto', 'yolox', 'yolov8', 'yolonas', 'dfine', 'rfdetr'] as const;

export const DetectorConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run object detection on every clip'),
    model: z
      .string()
      .min(1)
      .default('yolox_nano')
      .describe('Path to an .onnx file, or the built-in name yolox_nano (shipped with HomeSec: works offline, nothing to download)'),
    model_url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'Download the built-in model from this URL instead of using the shipped copy (cached in data_dir/models); the SHA-256 is still checked',
      ),
    format: z
      .enum(DETECTOR_FORMATS)
      .default('auto')
      .describe(
        "Model format: auto (from the model's inputs and outputs), yolox ([1,N,85], BGR 0-255), yolov8 ([1,84,N], RGB 0-1; also YOLO11 and YOLOv9), yolonas (flat export [N,7], uint8 BGR), dfine (D-FINE and RT-DETR: labels, boxes, scores) or rfdetr (dets and class logits, ImageNet-normalised RGB)",
      ),
    sample_fps: z.number().gt(0).max(30).default(2).describe('Frames per second sampled from each clip'),
    strategy: z
      .enum(['auto', 'whole', 'regions', 'tiles'])
      .default('auto')
      .describe(
        'Where the model looks in a frame: whole (the frame shrunk to the model size), regions (model-size squares around motion and known objects), tiles (overlapping model-size tiles plus the whole frame), or auto (whole for frames up to twice the model size; else tiles where nothing moved yet and regions around motion)',
      ),
    detect_width: z
      .number()
      .int()
      .min(320)
      .max(7680)
      .default(1280)
      .describe(
        'Clips and live streams are decoded for detection at most this wide (regions and tiles are cut from this frame); wider costs decoding CPU, narrower loses small objects',
      ),
    stationary_after_s: z
      .number()
      .gt(0)
      .max(86400)
      .default(60)
      .describe('Seconds an object must stay put to count as stationary (a parked car): it neither starts nor extends an event'),
    min_score: z.number().min(0).max(1).default(0.5).describe('Lowest detection score kept'),
    min_box_ratio: z
      .number()
      .min(0)
      .max(1)
      .default(0.0001)
      .describe('Smallest box kept, as a share of the frame area (0.0001 = 0.01%: 20x40 px in a 4K frame, 7x13 px at 1280x720)'),
    nms_iou: z.number().gt(0).max(1).default(0.45).describe('Overlap (IoU) above which a weaker box of the same label is dropped'),
    labels: z.array(z.string().min(1)).default(['person', 'car', 'dog', 'cat']).describe('COCO labels to keep; others are ignored'),
    trigger_labels: z.array(z.string().min(1)).default(['person']).describe('Labels that make a clip worth a VLM call and an alert'),
    confirm_frames: z.number().int().min(1).default(2).describe('Sampled frames a trigger label must be seen in to count as confirmed'),
    live_fps: z
      .number()
      .gt(0)
      .max(10)
      .default(2)
      .describe('Frames per second the live detector looks at while an RTSP camera sees motion (none on a still scene)'),
    early_exit: z.boolean().default(true).describe('Stop sampling a clip once a trigger label is confirmed'),
    max_frames: z.number().int().min(1).default(300).describe('Most frames sampled from one clip (bounds the work per clip)'),
    max_concurrent: z.number().int().min(1).max(8).default(1).describe('Inferences run at the same time (one worker thread each)'),
    threads: z.number().int().min(1).max(16).default(2).describe('CPU threads ONNX Runtime uses per inference'),
    idle_unload_s: z
      .number()
      .int()
      .min(0)
      .max(86400)
      .default(60)
      .describe(
        'Seconds without detection after which the model leaves memory (it loads again in about 0.2 s when needed); 0 = keep it loaded',
      ),
  })
  .prefault({});
export type DetectorConfig = CamelCasedDeep<z.output<typeof DetectorConfigSchema>>;
