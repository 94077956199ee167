import { Router, type Request, type Response } from 'express';
import type { Clip } from '../../core/clip.js';
import type { MediaStore } from '../../media/media-store.js';
import { notFound } from '../http-error.js';
import { sendMediaFile } from '../send-media-file.js';
import { existingClip, type ClipReader } from './clip-routes.js';

export interface ClipMediaRoutesOptions {
  readonly clips: Pick<ClipReader, 'getClip'>;
  readonly media: Pick<MediaStore, 'find'>;
}

const FILES = {
  video: { path: (clip: Clip) => clip.mediaPath, what: 'video' },
  snapshot: { path: (clip: Clip) => clip.snapshotPath, what: 'snapshot' },
  thumbnail: { path: (clip: Clip) => clip.thumbnailPath ?? clip.snapshotPath, what: 'thumbnail' },
} as const;

/** GET (and HEAD) /api/clips/:id/video | snapshot | thumbnail, streamed with Range support. */
export function clipMediaRoutes(deps: ClipMediaRoutesOptions): Router {
  const router = Router();
  for (const [name, spec] of Object.entries(FILES)) {
    router.get(`/api/clips/:id/${name}`, async (req: Request, res: Response) => {
      const clip = await existingClip(deps.clips, req.params, req.query);
      const file = await deps.media.find(spec.path(clip));
      if (!file) throw notFound(`clip ${clip.id} has no ${spec.what} file`);
      await sendMediaFile(req, res, file);
    });
  }
  return router;
}
