import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import { EmptyQuerySchema } from '../contract.js';
import { DeadLetterRetryBodySchema, type DeadLetterListResponse, type DeadLetterRetryResponse } from '../dead-letters-contract.js';
import { parseInput } from '../http-error.js';

export interface DeadLetterRoutesOptions {
  readonly deadLetters: Pick<ClipRepository, 'listDeadLetters' | 'retryDeadLetters'>;
}

/**
 * GET /api/dead-letters: writes the clip store refused for good, with the store's reason (not the
 * writes themselves; `homesec dead-letters list` prints those). POST /api/dead-letters/retry {ids?}
 * puts them back in the journal once the cause is fixed.
 */
export function deadLetterRoutes(deps: DeadLetterRoutesOptions): Router {
  const router = exactRouter();

  router.get('/api/dead-letters', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const body: DeadLetterListResponse = {
      deadLetters: deps.deadLetters.listDeadLetters().map(({ id, journalSeq, kind, clipId, reason, at }) => ({
        id,
        journalSeq,
        kind,
        clipId,
        reason,
        at,
      })),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/api/dead-letters/retry', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { ids } = parseInput(DeadLetterRetryBodySchema, req.body ?? {}, 'body');
    const body: DeadLetterRetryResponse = await deps.deadLetters.retryDeadLetters(ids);
    res.json(body);
  });

  return router;
}
