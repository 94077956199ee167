/** ffmpeg and ffprobe from PATH unless FFMPEG_PATH / FFPROBE_PATH say otherwise (the add-on uses Debian's). */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

export function ffmpegToolsFromEnv(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  return { ffmpeg: env.FFMPEG_PATH || 'ffmpeg', ffprobe: env.FFPROBE_PATH || 'ffprobe' };
}
