import type { Request, Response, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { CameraEvent } from '../../core/camera-event.js';
import { decodeClipCursor } from '../../core/clip-cursor.js';
import type { MediaStore } from '../../media/media-store.js';
import type { EventRepository } from '../../store/event-repository.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import { toClipSummary } from '../clip-views.js';
import { EmptyQuerySchema, EventIdParamsSchema, EventListQuerySchema, type EventDetail, type EventListResponse } from '../contract.js';
import { toEventSummary } from '../event-views.js';
import { notFound, parseInput } from '../http-error.js';
import { sendMediaFile } from '../send-media-file.js';

export interface EventRoutesOptions {
  readonly events: Pick<EventRepository, 'get' | 'list'>;
  readonly clips: Pick<ClipRepository, 'getClip'>;
  readonly media: Pick<MediaStore, 'find'>;
}

/** GET /api/events (alerts, detections or all; keyset cursor), GET /api/events/:id, GET /api/events/:id/snapshot. */
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
    const clips = await Promise.all(event.clipIds.map((id) => options.clips.getClip(id)));
    const kept = clips.filter((c): c is NonNullable<typeof c> => c !== null && c.status !== 'deleted');
    const body: EventDetail = { event, clips: kept.map(toClipSummary) };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/events/:id/snapshot', async (req: Request, res: Response) => {
    const event = await existingEvent(options.events, req);
    const file = await options.media.find(event.snapshotPath);
    if (!file) throw notFound(`event ${event.id} has no snapshot`);
    await sendMediaFile(req, res, file);
  });

  return router;
}

async function existingEvent(events: Pick<EventRepository, 'get'>, req: Request): Promise<CameraEvent> {
  const { id } = parseInput(EventIdParamsSchema, req.params, 'path');
  parseInput(EmptyQuerySchema, req.query, 'query');
  const event = await events.get(id);
  if (!event) throw notFound(`no event with id ${id}`);
  return event;
}
