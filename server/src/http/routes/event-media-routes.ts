import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { Clip } from '../../core/clip.js';
import { clipAtDetection, previewStart } from '../../media/clip-renditions.js';
import type { MediaStore } from '../../media/media-store.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import type { CameraEventRepository } from '../../store/camera-event-repository.js';
import { EmptyQuerySchema, EventIdParamsSchema } from '../contract.js';
import { notFound, parseInput } from '../http-error.js';
import { sendMediaFile } from '../send-media-file.js';

export interface EventMediaRoutesOptions {
  readonly events: Pick<CameraEventRepository, 'get'>;
  readonly clips: Pick<ClipRepository, 'getClip'>;
  readonly media: Pick<MediaStore, 'renditions'>;
}

/**
 * GET /api/events/:id/preview: a few seconds of the event from its first detection, small, for a hovered
 * or touched card. Made once per clip (kept beside it) on the media job queue, then served from the file.
 */
export function eventMediaRoutes(deps: EventMediaRoutesOptions): Router {
  const router = exactRouter();
  router.get('/api/events/:id/preview', async (req, res) => {
    const { id } = parseInput(EventIdParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    const event = await deps.events.get(id);
    if (!event) throw notFound(`no event with id ${id}`);
    const clips = (await Promise.all(event.clipIds.map((c) => deps.clips.getClip(c)))).filter(
      (c): c is Clip => c !== null && c.status !== 'deleted',
    );
    const clip = clipAtDetection(event, clips);
    if (!clip) throw notFound(`event ${id} has no clip yet`);
    const file = await deps.media.renditions.preview(clip, previewStart(event, clip), 'now');
    if (!file) throw notFound(`event ${id} has no video to preview`);
    await sendMediaFile(req, res, file);
  });
  return router;
}
