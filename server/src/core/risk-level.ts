import { z } from 'zod';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const RiskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

/** 0 (low) to 3 (critical): what the stores index and compare on. */
export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function riskFromRank(rank: number): RiskLevel | null {
  return RISK_LEVELS[rank] ?? null;
}
