import type { RiskLevel } from '../contract';
import { RISK_WORDS } from '../wire-values';

/** The VLM's risk level as a coloured badge; the word is in the text, so colour is never the only cue. */
export function RiskBadge({ risk }: { readonly risk: RiskLevel | null }) {
  if (risk === null) return null;
  return (
    <span className={`badge risk-${risk}`} title={`Risk: ${RISK_WORDS[risk]}`}>
      {RISK_WORDS[risk]}
      <span className="sr-only"> risk</span>
    </span>
  );
}
