import type { Request, Response, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { CameraEvent } from '../../core/camera-event.js';
import type { Clip } from '../../core/clip.js';
import { decodeClipCursor } from '../../core/clip-cursor.js';
import type { MediaStore } from '../../media/media-store.js';
import type { CameraEventRepository } from '../../store/camera-event-repository.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import { clipOnlyEventDetail } from '../clip-only-event.js';
import { EmptyQuerySchema, EventIdParamsSchema, EventListQuerySchema, type EventListResponse } from '../contract.js';
import { toEventDetail, toEventSummary } from '../event-views.js';
import { notFound, parseInput } from '../http-error.js';
import { sendMediaFile } from '../send-media-file.js';
import { existingClip } from './clip-routes.js';

export interface EventRoutesOptions {
  readonly events: Pick<CameraEventRepository, 'get' | 'list'>;
  readonly clips: Pick<ClipRepository, 'getClip'>;
  readonly media: Pick<MediaStore, 'find'>;
}

/**
 * GET /api/events (alerts, detections or all; keyset cursor), GET /api/events/:id, GET /api/events/:id/snapshot,
 * and GET /api/clips/:id/event: the event page of a clip (its event, or one made from the clip alone).
 */
export function eventRoutes(options: EventRoutesOptions): Router {
  const router = exactRouter();

  router.get('/api/events', async (req, res) => {
    const query = parseInput(EventListQuerySchema, req.query, 'query');
    if (query.cursor !== undefined) decodeClipCursor(query.cursor); // a foreign cursor is a 400, not a 500
    const page = await options.events.list(query);
    const body: EventListResponse = { events: page.events.map(toEventSummary), nextCursor: page.nextCursor };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/events/:id', async (req, res) => {
    const event = await existingEvent(options.events, req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(toEventDetail(event, await clipsOf(options.clips, event)));
  });

  router.get('/api/clips/:id/event', async (req, res) => {
    const clip = await existingClip(options.clips, req.params, req.query);
    const event = clip.eventId === null ? null : await options.events.get(clip.eventId);
    res.setHeader('Cache-Control', 'no-store');
    res.json(event ? toEventDetail(event, await clipsOf(options.clips, event)) : clipOnlyEventDetail(clip));
  });

  router.get('/api/events/:id/snapshot', async (req: Request, res: Response) => {
    const event = await existingEvent(options.events, req);
    const file = await options.media.find(event.snapshotPath);
    if (!file) throw notFound(`event ${event.id} has no snapshot`);
    await sendMediaFile(req, res, file);
  });

  return router;
}

async function clipsOf(clips: EventRoutesOptions['clips'], event: CameraEvent): Promise<Clip[]> {
  const found = await Promise.all(event.clipIds.map((id) => clips.getClip(id)));
  return found.filter((clip): clip is Clip => clip !== null);
}

async function existingEvent(events: Pick<CameraEventRepository, 'get'>, req: Request): Promise<CameraEvent> {
  const { id } = parseInput(EventIdParamsSchema, req.params, 'path');
  parseInput(EmptyQuerySchema, req.query, 'query');
  const event = await events.get(id);
  if (!event) throw notFound(`no event with id ${id}`);
  return event;
}
