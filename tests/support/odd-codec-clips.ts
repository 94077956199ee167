import { join } from 'node:path';
import { runProcess } from '../../server/src/media/run-process.js';

/**
 * Clips browsers do not play, made with ffmpeg at test time: H.265 in MP4 (many current IP cameras), MJPEG and
 * MPEG-4 part 2 in AVI (cheap FTP cameras).
 */
export async function makeOddCodecClips(dir: string): Promise<{ readonly h265: string; readonly mjpeg: string; readonly mpeg4: string }> {
  const h265 = join(dir, 'reolink-h265.mp4');
  const mjpeg = join(dir, 'ftp-cam-mjpeg.avi');
  const mpeg4 = join(dir, 'ftp-cam-mpeg4.avi');
  const source = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10', '-t', '6'];
  await runProcess('ffmpeg', [
    ...source,
    '-c:v',
    'libx265',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
    '-pix_fmt',
    'yuv420p',
    h265,
  ]);
  await runProcess('ffmpeg', [...source, '-c:v', 'mjpeg', '-q:v', '5', mjpeg]);
  await runProcess('ffmpeg', [...source, '-c:v', 'mpeg4', '-q:v', '5', mpeg4]);
  return { h265, mjpeg, mpeg4 };
}

/** The first video stream's codec of a file, as ffprobe names it. */
export async function videoCodecOf(path: string): Promise<string> {
  const { stdout } = await runProcess('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'csv=p=0',
    path,
  ]);
  return stdout.toString('utf8').trim();
}
