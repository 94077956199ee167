import type { Request, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { CameraEvent } from '../../core/camera-event.js';
import type { CameraEventRepository } from '../../store/camera-event-repository.js';
import { EmptyQuerySchema, EventIdParamsSchema, type EventSummary } from '../contract.js';
import { toEventSummary } from '../event-views.js';
import { notFound, parseInput } from '../http-error.js';
import {
  FeedbackBodySchema,
  MarkAllBodySchema,
  ReviewedBodySchema,
  type CameraActivityResponse,
  type MarkAllResponse,
  type ReviewCounts,
} from '../review-contract.js';

export interface ReviewRoutesOptions {
  readonly events: Pick<CameraEventRepository, 'change' | 'markAllReviewed' | 'count' | 'list'>;
  /** Configured camera names, in the config's order. */
  readonly cameraNames: () => readonly string[];
  readonly now?: () => Date;
}

/**
 * Reviewing events: PUT /api/events/:id/reviewed and /feedback, POST /api/review/mark-all,
 * GET /api/review/counts (the header's unreviewed alerts) and GET /api/review/cameras (tiles).
 */
export function reviewRoutes(deps: ReviewRoutesOptions): Router {
  const router = exactRouter();
  const now = () => deps.now?.() ?? new Date();

  router.put('/api/events/:id/reviewed', async (req, res) => {
    const { reviewed } = parseInput(ReviewedBodySchema, req.body ?? {}, 'body');
    const at = now().toISOString();
    const event = await changed(deps.events, req, (e) => ({ ...e, reviewedAt: reviewed ? (e.reviewedAt ?? at) : null }));
    res.json(event);
  });

  // A verdict is a review: judging an event marks it reviewed too (taking the verdict back leaves it reviewed).
  router.put('/api/events/:id/feedback', async (req, res) => {
    const { verdict } = parseInput(FeedbackBodySchema, req.body ?? {}, 'body');
    const at = now().toISOString();
    const event = await changed(deps.events, req, (e) => ({
      ...e,
      feedback: verdict ? { verdict, at } : null,
      reviewedAt: e.reviewedAt ?? at,
    }));
    res.json(event);
  });

  router.post('/api/review/mark-all', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { before, ...filters } = parseInput(MarkAllBodySchema, req.body ?? {}, 'body');
    const marked = await deps.events.markAllReviewed({ ...filters, to: before }, now());
    const body: MarkAllResponse = { marked };
    res.json(body);
  });

  router.get('/api/review/counts', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const [unreviewedAlerts, unreviewedDetections, unreviewed] = await Promise.all([
      deps.events.count({ alerted: true, reviewed: false }),
      deps.events.count({ triggered: true, reviewed: false }),
      deps.events.count({ reviewed: false }),
    ]);
    const body: ReviewCounts = { unreviewedAlerts, unreviewedDetections, unreviewed };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/review/cameras', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const today = now();
    const from = new Date(today.getFullYear(), today.getMonth(), today.getDate()).toISOString();
    const cameras = await Promise.all(
      deps.cameraNames().map(async (camera) => {
        const [latest, eventsToday, alertsToday] = await Promise.all([
          deps.events.list({ camera, limit: 1 }),
          deps.events.count({ camera, from }),
          deps.events.count({ camera, from, alerted: true }),
        ]);
        const last = latest.events[0];
        return { camera, lastEvent: last ? toEventSummary(last) : null, eventsToday, alertsToday };
      }),
    );
    const body: CameraActivityResponse = { cameras };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  return router;
}

async function changed(
  events: Pick<CameraEventRepository, 'change'>,
  req: Request,
  change: (event: CameraEvent) => CameraEvent,
): Promise<EventSummary> {
  const { id } = parseInput(EventIdParamsSchema, req.params, 'path');
  parseInput(EmptyQuerySchema, req.query, 'query');
  const event = await events.change(id, change);
  if (!event) throw notFound(`no event with id ${id}`);
  return toEventSummary(event);
}
