import type { RiskLevel } from '../contract';

export function RiskBadge({ risk }: { readonly risk: RiskLevel | null }) {
  if (risk === null) return null;
  return (
    <span className={`badge risk-${risk}`} title={`Risk: ${risk}`}>
      {risk}
    </span>
  );
}
