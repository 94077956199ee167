import type { ProbeAttempt } from '../../camera-setup-contract';
import { outcomeWords } from './stream-words';

/** What the probe tried, folded away: ONVIF first, then each brand's path, with how each went. */
export function ProbeAttempts({ attempts }: { readonly attempts: readonly ProbeAttempt[] }) {
  if (attempts.length === 0) return null;
  return (
    <details className="advanced probe-attempts">
      <summary>What was tried ({attempts.length})</summary>
      <ul>
        {attempts.map((attempt, index) => (
          <li key={`${attempt.method} ${attempt.target} ${index}`} className={`attempt-${attempt.outcome}`}>
            <strong>{attempt.method === 'onvif' ? 'ONVIF' : attempt.method}</strong>{' '}
            <span className="attempt-target">{attempt.target}</span>: {outcomeWords(attempt.outcome)}
            {attempt.detail && <span className="muted"> ({attempt.detail})</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
