import type { AlertPolicy } from '../core/alert-policy.js';
import type { CameraArming } from '../core/camera-arming.js';
import type { Services } from '../runtime/services.js';
import { CooldownTracker } from './cooldown-tracker.js';
import { DefaultAlertPolicy } from './default-alert-policy.js';
import { FeedbackRules } from './feedback-rules.js';

/** The alert policy of `alerts:` (armed flags, feedback rules, quiet hours, cooldown kept locally, per-camera overrides). */
export function buildAlertPolicy({ config, localDb, log }: Services, arming: CameraArming): AlertPolicy {
  return new DefaultAlertPolicy({
    config: config.alerts,
    triggerLabels: config.detector.triggerLabels,
    arming,
    cooldown: new CooldownTracker(localDb),
    rules: new FeedbackRules(localDb),
    log: log.child({ component: 'alerts' }),
  });
}
