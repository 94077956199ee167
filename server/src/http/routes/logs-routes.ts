import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import { StoreUnavailableError } from '../../core/errors.js';
import { LogQuerySchema, type LogStore } from '../../core/log-store.js';
import { HttpError, parseInput } from '../http-error.js';
import { LogListQuerySchema, type LogListResponse } from '../logs-contract.js';

export interface LogsRoutesOptions {
  readonly logs: Pick<LogStore, 'list'>;
}

/** GET /api/logs: log records kept in the database, newest first, filtered and keyset paginated. */
export function logsRoutes(deps: LogsRoutesOptions): Router {
  const router = exactRouter();
  router.get('/api/logs', async (req, res) => {
    const q = parseInput(LogListQuerySchema, req.query, 'query');
    const query = LogQuerySchema.parse({
      limit: q.limit,
      ...(q.level ? { level: q.level } : {}),
      ...(q.camera ? { camera: q.camera } : {}),
      ...(q.clipId ? { clipId: q.clipId } : {}),
      ...(q.eventType ? { eventType: q.eventType } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    let body: LogListResponse;
    try {
      const page = await deps.logs.list(query);
      body = { logs: page.logs, nextCursor: page.nextCursor };
    } catch (e) {
      if (e instanceof StoreUnavailableError) throw new HttpError(503, 'store_unavailable', 'the log database is not reachable right now');
      throw e;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
