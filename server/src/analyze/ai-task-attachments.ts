import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { VlmFrame } from './frame-selector.js';

/** One entry of `attachments` in `ai_task.generate_data` (HA's media selector). */
export interface AiTaskAttachment {
  readonly media_content_id: string;
  readonly media_content_type: string;
}

/** The frames of one call, on disk where Home Assistant can read them, until `remove()`. */
export interface SharedFrames {
  readonly attachments: readonly AiTaskAttachment[];
  remove(): Promise<void>;
}

/**
 * Where frames wait for Home Assistant: a folder of the media folder that HA's media browser hides (a
 * leading dot) and the clip walk skips (files directly in it are no clip: clips sit in <camera>/<day>/).
 */
export const AI_TASK_FOLDER = '.ai_task';
const LOCAL_MEDIA_ROOT = '/media';
const LOCAL_MEDIA_SOURCE = 'media-source://media_source/local';

/**
 * The media-source id of the media folder as HA sees it: `configured` when set (standalone: HA mounts
 * HomeSec's media folder somewhere of its own), else derived when the folder is inside /media, which
 * is HA's `local` media source (the add-on's /media/homesec). Null when neither says it.
 */
export function mediaSourceRoot(mediaDir: string, configured: string): string | null {
  if (configured !== '') return configured.replace(/\/+$/, '');
  const rel = relative(LOCAL_MEDIA_ROOT, mediaDir);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel === '' ? LOCAL_MEDIA_SOURCE : `${LOCAL_MEDIA_SOURCE}/${rel.split(sep).join('/')}`;
}

/** Writes each frame as a JPEG under `<mediaDir>/.ai_task/` and names it by its media-source id under `root`. */
export async function shareFrames(frames: readonly VlmFrame[], mediaDir: string, root: string): Promise<SharedFrames> {
  const folder = join(mediaDir, AI_TASK_FOLDER);
  await mkdir(folder, { recursive: true });
  const call = randomUUID();
  const paths: string[] = [];
  const remove = async () => {
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  };
  try {
    const attachments: AiTaskAttachment[] = [];
    for (const [i, frame] of frames.entries()) {
      const name = `${call}-${i + 1}.jpg`;
      const path = join(folder, name);
      paths.push(path);
      await writeFile(path, frame.jpeg);
      attachments.push({ media_content_id: `${root}/${AI_TASK_FOLDER}/${name}`, media_content_type: 'image/jpeg' });
    }
    return { attachments, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
