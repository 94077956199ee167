import type { AlertsConfig } from '../config/sections/alerts-config.js';
import type { AlertDecision } from '../core/alert-decision.js';
import type { AlertPolicy } from '../core/alert-policy.js';
import type { CameraArming } from '../core/camera-arming.js';
import type { AlertEvidence } from '../core/alert-evidence.js';
import { describeRule, type FeedbackRule } from '../core/feedback-rule.js';
import { RISK_LEVELS, riskRank } from '../core/risk-level.js';
import type { Logger } from '../core/logger.js';
import type { CooldownTracker } from './cooldown-tracker.js';
import { settingsFor, type AlertSettings } from './effective-alert-settings.js';
import { inQuietHours } from './quiet-hours.js';
import { matchAnalysisSkip, matchRules } from './rule-match.js';

export interface DefaultAlertPolicyOptions {
  readonly config: AlertsConfig;
  /** The detector's trigger labels (detector.trigger_labels): what alerts when the VLM gave no verdict. */
  readonly triggerLabels: readonly string[];
  readonly arming: CameraArming;
  readonly cooldown: CooldownTracker;
  /** The user's feedback rules ("ignore the cat"); none without it. */
  readonly rules?: { list(): readonly FeedbackRule[]; recordHits?(ruleIds: readonly string[], subject: string, at: Date): void };
  readonly log: Logger;
}

/** A verdict before the suppressors (armed, quiet hours, cooldown) have had their say. */
type Candidate =
  | { readonly alert: true; readonly reason: string; readonly detail: string; readonly rank: number }
  | { readonly alert: false; readonly reason: string; readonly detail: string };

/** No VLM risk (detector-only alert): ranks below `low` for quiet hours and cooldown. */
const NO_RISK_RANK = -1;

/**
 * Decides per clip, always with a stable reason and a sentence: first whether the clip is worth an
 * alert (VLM risk and activity, or the detector's trigger labels when the VLM failed or was skipped),
 * then whether something holds it back: a disarmed camera, the user's feedback rules, quiet hours, or a
 * cooldown that never suppresses a higher risk than the camera's last alert.
 */
export class DefaultAlertPolicy implements AlertPolicy {
  constructor(private readonly options: DefaultAlertPolicyOptions) {}

  decideOn(evidence: AlertEvidence, now: Date): AlertDecision {
    const settings = settingsFor(this.options.config, evidence.camera);
    const candidate = this.candidate(evidence, settings);
    const decision = candidate.alert
      ? (this.suppressed(evidence, settings, candidate, now) ?? this.alerting(evidence, candidate, now))
      : candidate;
    const { alert, reason, detail } = decision;
    this.options.log.debug({ event_type: 'alert.decided', subject: evidence.id, camera: evidence.camera, alert, reason }, detail);
    return { alert, reason, detail: withOverride(detail, settings) };
  }

  assess(evidence: AlertEvidence): AlertDecision {
    const settings = settingsFor(this.options.config, evidence.camera);
    const { alert, reason, detail } = this.candidate(evidence, settings);
    return { alert, reason, detail: withOverride(detail, settings) };
  }

  private candidate(clip: AlertEvidence, s: AlertSettings): Candidate {
    const analysis = clip.analysis;
    if (analysis) {
      const rank = riskRank(analysis.riskLevel);
      if (s.alwaysAlertActivities.includes(analysis.activity)) {
        return {
          alert: true,
          reason: 'activity_always_alerts',
          detail: `VLM activity ${analysis.activity} always alerts (risk ${analysis.riskLevel})`,
          rank,
        };
      }
      if (rank >= riskRank(s.minRisk)) {
        return { alert: true, reason: 'risk_at_or_above_min', detail: `VLM risk ${analysis.riskLevel} is at or above ${s.minRisk}`, rank };
      }
      return {
        alert: false,
        reason: 'below_min_risk',
        detail: `VLM risk ${analysis.riskLevel} is below ${s.minRisk} (activity ${analysis.activity})`,
      };
    }
    return this.withoutAnalysis(clip, s);
  }

  /** No verdict (yet): the detector's trigger labels decide, early (the verdict follows) or instead of it, if allowed. */
  private withoutAnalysis(clip: AlertEvidence, s: AlertSettings): Candidate {
    const seen = clip.labels.filter((l) => this.options.triggerLabels.includes(l));
    if (clip.vlm.state === 'pending') return this.early(seen);
    const vlm = clip.vlm.state === 'failed' ? 'failed' : 'skipped';
    const why = clip.vlm.reason ?? 'not analyzed';
    if (!clip.detected)
      return { alert: false, reason: 'no_detection', detail: `no detector result and no VLM verdict (VLM ${vlm}: ${why})` };
    if (seen.length === 0) {
      return {
        alert: false,
        reason: 'no_trigger_label',
        detail: `the detector saw no trigger label (${this.options.triggerLabels.join(', ') || 'none set'}); VLM ${vlm}: ${why}`,
      };
    }
    if (!clip.triggered) {
      return {
        alert: false,
        reason: 'no_trigger_label',
        detail: `the detector saw ${seen.join(', ')} but did not confirm it moving (in confirm_frames frames, not standing still); VLM ${vlm}: ${why}`,
      };
    }
    if (!s.alertOnTriggerWithoutAnalysis) {
      return {
        alert: false,
        reason: 'no_analysis',
        detail: `VLM ${vlm} (${why}) and detector-only alerting is off; detector saw ${seen.join(', ')}`,
      };
    }
    return {
      alert: true,
      reason: `trigger_label_vlm_${vlm}`,
      detail: `detector saw ${seen.join(', ')}; VLM ${vlm} (${why}), so the detector result alerts`,
      rank: NO_RISK_RANK,
    };
  }

  /** The vision model has not answered yet: an early alert on the detector's word, when `alerts.early` is on. */
  private early(seen: readonly string[]): Candidate {
    if (seen.length === 0) return { alert: false, reason: 'no_trigger_label', detail: 'the detector saw no trigger label yet' };
    if (!this.options.config.early) {
      return {
        alert: false,
        reason: 'waiting_for_vlm',
        detail: `detector saw ${seen.join(', ')}; alerts.early is off, so the verdict decides`,
      };
    }
    return {
      alert: true,
      reason: 'early_detection',
      detail: `detector saw ${seen.join(', ')}; the vision model's verdict follows as an update`,
      rank: NO_RISK_RANK,
    };
  }

  /** The first suppressor that applies, or null. */
  private suppressed(clip: AlertEvidence, s: AlertSettings, candidate: Candidate & { alert: true }, now: Date): AlertDecision | null {
    const risk = rankName(candidate.rank);
    const outside = outsideRequiredZones(clip, s);
    if (outside) return { ...outside, detail: `${outside.detail}; would have alerted: ${candidate.detail}` };
    if (!this.options.arming.isArmed(clip.camera)) {
      return { alert: false, reason: 'disarmed', detail: `camera ${clip.camera} is disarmed; would have alerted: ${candidate.detail}` };
    }
    const ignored = this.ignoredByRule(clip, s, now);
    if (ignored) return ignored;
    if (s.quietHours && inQuietHours(s.quietHours, now) && candidate.rank < riskRank(s.quietHours.minRisk)) {
      return {
        alert: false,
        reason: 'quiet_hours',
        detail: `quiet hours ${s.quietHours.start}-${s.quietHours.end} let only ${s.quietHours.minRisk} or higher through (this clip: ${risk}); would have alerted: ${candidate.detail}`,
      };
    }
    const last = this.options.cooldown.last(clip.camera);
    if (last && last.clipId !== clip.id && s.cooldownS > 0) {
      const ago = (now.getTime() - last.at.getTime()) / 1000;
      if (ago >= 0 && ago < s.cooldownS && candidate.rank <= last.riskRank) {
        return {
          alert: false,
          reason: 'cooldown',
          detail: `camera ${clip.camera} alerted ${Math.round(ago)} s ago at risk ${rankName(last.riskRank)} (cooldown ${s.cooldownS} s; only a higher risk alerts sooner); this clip: ${risk}`,
        };
      }
    }
    return null;
  }

  analysisSkippedBy(evidence: AlertEvidence, now: Date): string | null {
    const rules = this.options.rules?.list() ?? [];
    const triggers = [...new Set(evidence.labels.filter((l) => this.options.triggerLabels.includes(l)))];
    const match = matchAnalysisSkip(evidence, rules, triggers, now);
    if (!match) return null;
    this.options.rules?.recordHits?.(
      match.rules.map((r) => r.id),
      evidence.id,
      now,
    );
    return `ignored_by_rule: ${match.rules.map((r) => `"${describeRule(r)}" (rule ${r.id})`).join(' and ')} skips the vision model for ${match.labels.join(', ')}`;
  }

  /**
   * What would alert must be ignored: the trigger labels seen (a person), or, when none was seen and the
   * vision model alerted on something else (the cat), every label seen.
   */
  private ignoredByRule(clip: AlertEvidence, s: AlertSettings, now: Date): AlertDecision | null {
    const rules = this.options.rules?.list() ?? [];
    if (rules.length === 0) return null;
    const triggers = clip.labels.filter((l) => this.options.triggerLabels.includes(l));
    const labels = [...new Set(triggers.length > 0 ? triggers : clip.labels)];
    // No rule silences a critical verdict or an always-alert activity (rule-match.ts says why).
    const match = matchRules(clip, rules, labels, { alwaysAlertActivities: s.alwaysAlertActivities, now });
    if (!match) return null;
    this.options.rules?.recordHits?.(
      match.rules.map((r) => r.id),
      clip.id,
      now,
    );
    const named = match.rules.map((r) => `"${describeRule(r)}" (rule ${r.id})`).join(' and ');
    return {
      alert: false,
      reason: 'ignored_by_rule',
      detail: `your rule ${named} covers what was seen (${match.labels.join(', ')}), so it did not alert`,
    };
  }

  private alerting(clip: AlertEvidence, candidate: Candidate & { alert: true }, now: Date): AlertDecision {
    this.options.cooldown.record({ camera: clip.camera, clipId: clip.id, at: now, riskRank: candidate.rank });
    return { alert: true, reason: candidate.reason, detail: candidate.detail };
  }
}

/** `require_zones`: the camera alerts only for what entered one of them (decided again as the event enters more). */
function outsideRequiredZones(clip: AlertEvidence, s: AlertSettings): AlertDecision | null {
  if (s.requireZones.length === 0) return null;
  const entered = clip.zones ?? [];
  if (entered.some((z) => s.requireZones.includes(z))) return null;
  const where = entered.length > 0 ? `only ${entered.join(', ')}` : 'none of its zones';
  return {
    alert: false,
    reason: 'outside_required_zones',
    detail: `camera ${clip.camera} alerts only for ${s.requireZones.join(' or ')}, and no moving trigger object entered it (entered: ${where})`,
  };
}

function rankName(rank: number): string {
  return RISK_LEVELS[rank] ?? 'unknown (detector only)';
}

function withOverride(detail: string, s: AlertSettings): string {
  return s.overridden.length > 0 ? `${detail} [per-camera override: ${s.overridden.join(', ')}]` : detail;
}
