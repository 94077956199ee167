import { failureText } from '../api';
import { useAddRule, useSetFeedback } from '../hooks/useReviewActions';
import type { CameraEvent, Verdict } from '../review-contract';

/**
 * "Was this right?": correct or false alarm, stored on the event. A false alarm offers rules made from the
 * event (ignore this label in this area of the camera, or on the whole camera), which the alert policy applies
 * from the next event on; they are listed and removed in Settings.
 */
export function FeedbackPanel({ event }: { readonly event: CameraEvent }) {
  const feedback = useSetFeedback(event.id);
  const addRule = useAddRule();
  const verdict: Verdict | null = feedback.isPending ? (feedback.variables ?? null) : (event.feedback?.verdict ?? null);
  const choose = (v: Verdict) => !feedback.isPending && feedback.mutate(verdict === v ? null : v);
  const boxed = new Set(event.moments.flatMap((m) => m.detections.map((d) => d.label)));
  const labels = event.labels.map((l) => l.label);
  const where = event.camera.replace(/_/g, ' ');

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
          <p>Stop alerting on this from now on:</p>
          {labels.map((label) => (
            <div key={label} className="verdict">
              {boxed.has(label) && (
                <button type="button" onClick={() => addRule.mutate({ eventId: event.id, label, scope: 'area' })}>
                  Ignore {label} in this area of {where}
                </button>
              )}
              <button type="button" onClick={() => addRule.mutate({ eventId: event.id, label, scope: 'camera' })}>
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
