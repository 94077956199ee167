import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { FeedbackRules } from '../../alert/feedback-rules.js';
import { areaAround } from '../../alert/rule-match.js';
import { describeRule, ruleExpiry, type FeedbackRule } from '../../core/feedback-rule.js';
import type { CameraEventRepository } from '../../store/camera-event-repository.js';
import { EmptyQuerySchema } from '../contract.js';
import { HttpError, notFound, parseInput } from '../http-error.js';
import { NewRuleBodySchema, RuleIdParamsSchema, type RuleListResponse, type RuleView } from '../review-contract.js';

export interface RuleRoutesOptions {
  readonly rules: Pick<FeedbackRules, 'list' | 'add' | 'delete'>;
  readonly events: Pick<CameraEventRepository, 'get'>;
}

/**
 * The feedback rules: GET /api/rules (with how often each fired), POST /api/rules (made from an event:
 * its camera, the label the user picked and, for `area`, the place that label was seen; for a day, a
 * week or for ever), DELETE /api/rules/:id.
 */
export function ruleRoutes(deps: RuleRoutesOptions): Router {
  const router = exactRouter();

  router.get('/api/rules', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const body: RuleListResponse = { rules: deps.rules.list().map(toRuleView) };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/api/rules', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { eventId, label, scope, duration, skipAnalysis } = parseInput(NewRuleBodySchema, req.body ?? {}, 'body');
    const event = await deps.events.get(eventId);
    if (!event) throw notFound(`no event with id ${eventId}`);
    if (!event.labels.some((l) => l.label === label)) {
      throw new HttpError(400, 'bad_request', `label: ${label} was not seen in event ${eventId}`);
    }
    let area: FeedbackRule['area'] = null;
    if (scope === 'area') {
      // The best-scoring box of that label over the event's moments is where the user says "not here".
      const seen = event.moments.flatMap((m) => m.detections.filter((d) => d.label === label).map((d) => ({ d, m })));
      const best = seen.sort((a, b) => b.d.score - a.d.score)[0];
      if (!best) throw new HttpError(400, 'bad_request', `scope: no box of ${label} in event ${eventId}; ignore it on the camera instead`);
      area = areaAround(best.d.box, best.m.frameWidth, best.m.frameHeight);
    }
    const now = new Date();
    const expiresAt = ruleExpiry(duration, now);
    const rule = deps.rules.add({ camera: event.camera, label, area, fromEventId: event.id, expiresAt, skipAnalysis }, now);
    res.status(201).json(toRuleView(rule));
  });

  router.delete('/api/rules/:id', (req, res) => {
    const { id } = parseInput(RuleIdParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (!deps.rules.delete(id)) throw notFound(`no rule with id ${id}`);
    res.status(204).end();
  });

  return router;
}

function toRuleView(rule: FeedbackRule): RuleView {
  return { ...rule, description: describeRule(rule) };
}
