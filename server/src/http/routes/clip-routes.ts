import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import { decodeClipCursor } from '../../core/clip-cursor.js';
import type { Clip } from '../../core/clip.js';
import type { MediaStore } from '../../media/media-store.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import { toClipDetail, toClipSummary } from '../clip-views.js';
import { ClipIdParamsSchema, ClipListQuerySchema, EmptyQuerySchema, type ClipListQuery, type ClipListResponse } from '../contract.js';
import { HttpError, notFound, parseInput } from '../http-error.js';

export type ClipReader = Pick<ClipRepository, 'getClip' | 'listClips' | 'listClipEvents' | 'recordDeletion'>;

export interface ClipRoutesOptions {
  readonly clips: ClipReader;
  readonly media: Pick<MediaStore, 'deleteClip'>;
  /** `retention.delete_offsite`: deleting a clip also removes its off-site copy (default true). */
  readonly deleteOffsite?: boolean;
}

/** GET /api/clips (filters + keyset cursor), GET /api/clips/:id (everything about one clip), DELETE /api/clips/:id. */
export function clipRoutes(deps: ClipRoutesOptions): Router {
  const router = exactRouter();

  router.get('/api/clips', async (req, res) => {
    const query = parseInput(ClipListQuerySchema, req.query, 'query');
    if (query.cursor !== undefined) decodeClipCursor(query.cursor); // a foreign cursor is a 400, not a 500
    const page = await deps.clips.listClips(toStoreQuery(query));
    const body: ClipListResponse = { clips: page.clips.map(toClipSummary), nextCursor: page.nextCursor };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/clips/:id', async (req, res) => {
    const clip = await existingClip(deps.clips, req.params, req.query);
    const events = await deps.clips.listClipEvents(clip.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(toClipDetail(clip, events));
  });

  router.delete('/api/clips/:id', async (req, res) => {
    const clip = await existingClip(deps.clips, req.params, req.query);
    if (clip.status === 'queued' || clip.status === 'processing') {
      throw new HttpError(409, 'conflict', `clip ${clip.id} is still being processed; delete it once it is done`);
    }
    // Every copy goes (the off-site one too, unless retention.delete_offsite is off; a copy that cannot be
    // removed keeps everything and fails the request). The row stays, marked deleted, with a clip_deleted
    // lifecycle event: the history keeps why it is gone.
    await deps.media.deleteClip(clip, { offsite: deps.deleteOffsite ?? true });
    deps.clips.recordDeletion(clip.id, clip.camera, 'deleted from the dashboard');
    res.status(204).end();
  });

  return router;
}

/** The clip named in the path, or a 404; deleted clips count as gone. */
export async function existingClip(clips: Pick<ClipReader, 'getClip'>, params: unknown, query: unknown): Promise<Clip> {
  const { id } = parseInput(ClipIdParamsSchema, params, 'path');
  parseInput(EmptyQuerySchema, query, 'query');
  const clip = await clips.getClip(id);
  if (!clip || clip.status === 'deleted') throw notFound(`no clip with id ${id}`);
  return clip;
}

function toStoreQuery(query: ClipListQuery): Parameters<ClipReader['listClips']>[0] {
  return {
    camera: query.camera,
    label: query.label,
    status: query.status,
    minRisk: query.minRisk,
    alerted: query.alerted,
    from: query.from,
    to: query.to,
    text: query.text,
    limit: query.limit,
    cursor: query.cursor,
  };
}
