import type { Request, Response, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { Clip } from '../../core/clip.js';
import type { MediaStore } from '../../media/media-store.js';
import type { MediaFile } from '../../media/media-paths.js';
import { notFound } from '../http-error.js';
import { sendMediaFile } from '../send-media-file.js';
import { existingClip, type ClipReader } from './clip-routes.js';

export interface ClipMediaRoutesOptions {
  readonly clips: Pick<ClipReader, 'getClip'>;
  readonly media: Pick<MediaStore, 'find' | 'renditions'>;
}

type Media = ClipMediaRoutesOptions['media'];

// `video` is what browsers play: the original, or its H.264 copy when the camera's codec (H.265, MJPEG, ...)
// is not one they play; that link is also the one notifications carry. `original` is the file as stored.
const FILES: Record<string, { readonly what: string; readonly file: (media: Media, clip: Clip) => Promise<MediaFile | null> }> = {
  video: { what: 'video', file: (media, clip) => media.renditions.playable(clip, 'now') },
  original: { what: 'video', file: (media, clip) => media.find(clip.mediaPath) },
  snapshot: { what: 'snapshot', file: (media, clip) => media.find(clip.snapshotPath) },
  thumbnail: { what: 'thumbnail', file: (media, clip) => media.find(clip.thumbnailPath ?? clip.snapshotPath) },
};

/** GET (and HEAD) /api/clips/:id/video | original | snapshot | thumbnail, streamed with Range support. */
export function clipMediaRoutes(deps: ClipMediaRoutesOptions): Router {
  const router = exactRouter();
  for (const [name, spec] of Object.entries(FILES)) {
    router.get(`/api/clips/:id/${name}`, async (req: Request, res: Response) => {
      const clip = await existingClip(deps.clips, req.params, req.query);
      const file = await spec.file(deps.media, clip);
      if (!file) throw notFound(`clip ${clip.id} has no ${spec.what} file`);
      await sendMediaFile(req, res, file);
    });
  }
  return router;
}
