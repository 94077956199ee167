import { useState } from 'react';
import { failureText } from '../api';
import { useAddRule, useSetFeedback } from '../hooks/useReviewActions';
import type { CameraEvent, NewRuleBody, Verdict } from '../review-contract';

type Duration = NonNullable<NewRuleBody['duration']>;

const DURATIONS: readonly { readonly value: Duration; readonly text: string }[] = [
  { value: '1d', text: '1 day' },
  { value: '1w', text: '1 week' },
  { value: 'forever', text: 'forever' },
];

/**
 * "Was this right?": correct or false alarm, stored on the event. A false alarm offers rules made from the
 * event (ignore this label in this area of the camera, or on the whole camera, for a day, a week or for ever),
 * which the alert policy applies from the next event on, never to a critical verdict; they are listed, with how
 * often they fired, and removed in Settings.
 */
export function FeedbackPanel({ event }: { readonly event: CameraEvent }) {
  const feedback = useSetFeedback(event.id);
  const addRule = useAddRule();
  const verdict: Verdict | null = feedback.isPending ? (feedback.variables ?? null) : (event.feedback?.verdict ?? null);
  const choose = (v: Verdict) => !feedback.isPending && feedback.mutate(verdict === v ? null : v);
  const boxed = new Set(event.moments.flatMap((m) => m.detections.map((d) => d.label)));
  const labels = event.labels.map((l) => l.label);
  const where = event.camera.replace(/_/g, ' ');
  const [duration, setDuration] = useState<Duration>('forever');
  const [skipAnalysis, setSkipAnalysis] = useState(false);
  const add = (label: string, scope: NewRuleBody['scope']) => addRule.mutate({ eventId: event.id, label, scope, duration, skipAnalysis });

  return (
    <section className="card" aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">Was this right?</h2>
      <div className="verdict" role="group" aria-label="Your verdict">
        <button type="button" aria-pressed={verdict === 'correct'} onClick={() => choose('correct')}>
          Correct
        </button>
        <button type="button" aria-pressed={verdict === 'false_alarm'} onClick={() => choose('false_alarm')}>
          False alarm
        </button>
      </div>
      {feedback.isError && (
        <p className="error-text" role="alert">
          {failureText(feedback.error)}
        </p>
      )}
      {verdict === 'false_alarm' && labels.length > 0 && (
        <div className="rule-offers">
          <p>Stop alerting on this from now on (a critical verdict still alerts):</p>
          <div className="verdict">
            <label>
              For{' '}
              <select value={duration} onChange={(e) => setDuration(e.target.value as Duration)}>
                {DURATIONS.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.text}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={skipAnalysis} onChange={(e) => setSkipAnalysis(e.target.checked)} /> and skip the vision model
              for it (saves its cost; nothing then rates the risk)
            </label>
          </div>
          {labels.map((label) => (
            <div key={label} className="verdict">
              {boxed.has(label) && (
                <button type="button" onClick={() => add(label, 'area')}>
                  Ignore {label} in this area of {where}
                </button>
              )}
              <button type="button" onClick={() => add(label, 'camera')}>
                Ignore {label} on {where}
              </button>
            </div>
          ))}
        </div>
      )}
      {addRule.isSuccess && (
        <p role="status">
          Rule added: {addRule.data.description}. <a href="#/settings">See your rules in Settings</a>
        </p>
      )}
      {addRule.isError && (
        <p className="error-text" role="alert">
          {failureText(addRule.error)}
        </p>
      )}
    </section>
  );
}
