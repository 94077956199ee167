import { z } from 'zod';

/** One stream of `ffprobe -print_format json -show_streams`: the fields HomeSec reads. */
export const FfprobeStreamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
});

/** ffprobe's rate as a number: "10/1" -> 10, "30000/1001" -> 29.97...; "0/0", "1/0" or nothing -> null. */
export function frameRate(text: string | undefined): number | null {
  if (!text) return null;
  const [num, den] = text.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return null;
  const rate = den === undefined ? num : den > 0 ? num / den : 0;
  return Number.isFinite(rate) && rate > 0 ? rate : null;
}
