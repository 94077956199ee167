import { inWords } from './format';

/** Why an event did or did not alert, as a person would say it; the server's detail follows in smaller print. */
const DECISION_WORDS: Readonly<Record<string, string>> = {
  risk_at_or_above_min: 'It alerted: the vision model rated the risk high enough.',
  activity_always_alerts: 'It alerted: this kind of activity always alerts.',
  early_detection: 'It alerted as soon as the detector was sure; the vision model’s account followed.',
  trigger_label_vlm_failed: 'It alerted on what the detector saw, because the vision model could not answer.',
  trigger_label_vlm_skipped: 'It alerted on what the detector saw; the vision model did not look at it.',
  below_min_risk: 'No alert: the vision model rated the risk below your minimum.',
  no_trigger_label: 'No alert: nothing that alerts (such as a person) was seen.',
  no_detection: 'No alert: the detector found nothing.',
  no_analysis: 'No alert: the vision model gave no verdict, and alerting on the detector alone is off.',
  waiting_for_vlm: 'Waiting for the vision model before deciding.',
  disarmed: 'No alert: alerts for this camera were switched off.',
  ignored_by_rule: 'No alert: one of your rules says to ignore this.',
  quiet_hours: 'No alert: it happened during quiet hours.',
  cooldown: 'No alert: this camera had just alerted.',
  no_evidence: 'No alert: nothing was found that alerts.',
};

export function decisionInWords(reason: string, alerted: boolean): string {
  return DECISION_WORDS[reason] ?? `${alerted ? 'It alerted' : 'No alert'}: ${inWords(reason).toLowerCase()}.`;
}
