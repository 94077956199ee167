import type { Router } from 'express';
import { FeedbackRules } from '../alert/feedback-rules.js';
import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import type { MediaStore } from '../media/media-store.js';
import { RenditionWarmer } from '../media/rendition-warmer.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import { eventMediaRoutes } from './routes/event-media-routes.js';
import { reviewRoutes } from './routes/review-routes.js';
import { ruleRoutes } from './routes/rule-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';

export interface ReviewParts {
  readonly events: Pick<CameraEventRepository, 'get' | 'list' | 'count' | 'change' | 'markAllReviewed'>;
  readonly clips: Pick<ClipRepository, 'getClip'>;
  readonly media: Pick<MediaStore, 'renditions'>;
}

export interface Review {
  readonly routers: readonly Router[];
  /** Makes previews and playable copies ahead of time (listens to the bus). */
  readonly parts: readonly Part[];
}

/**
 * Reviewing by event: reviewed flags and feedback, the feedback rules (the same local table the alert
 * policy reads), event previews, the effective settings, and the warmer that makes previews ahead.
 */
export function buildReview(services: Services, parts: ReviewParts): Review {
  const { config, bus, localDb, log } = services;
  const rules = new FeedbackRules(localDb);
  return {
    routers: [
      reviewRoutes({ events: parts.events, cameraNames: () => config.cameras.map((c) => c.name) }),
      ruleRoutes({ rules, events: parts.events }),
      eventMediaRoutes(parts),
      settingsRoutes(config),
    ],
    parts: [new RenditionWarmer({ bus, clips: parts.clips, renditions: parts.media.renditions, log: log.child({ component: 'media' }) })],
  };
}
