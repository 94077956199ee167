import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { Logger } from '../core/logger.js';
import type { SpendLedger } from './spend-ledger.js';
import type { SubjectFacts } from './subject-facts.js';

export interface AnalysisGateOptions {
  readonly config: Pick<AnalyzerConfig, 'enabled' | 'runMode' | 'monthlyBudgetUsd'>;
  readonly ledger: SpendLedger;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * Whether a clip may cost a model call at all, the same for every provider: switched off, run mode,
 * detector result, monthly budget. Every no names its reason; a reached budget is logged once a month.
 */
export class AnalysisGate {
  private budgetLoggedFor: string | null = null;

  constructor(private readonly options: AnalysisGateOptions) {}

  /** The reasons not to call, in order: switched off, run mode, detector result, budget. */
  skipReason(clip: SubjectFacts): string | null {
    const { config } = this.options;
    if (!config.enabled) return 'analyzer_disabled';
    if (config.runMode === 'never') return 'run_mode_never';
    if (config.runMode === 'trigger_only') {
      if (!clip.detected) return clip.detectorFailed ? 'detector_unavailable' : 'no_detection';
      if (!clip.triggered) return 'no_trigger_label';
    }
    if (this.overBudget()) return 'budget_exceeded';
    return null;
  }

  overBudget(): boolean {
    const budget = this.options.config.monthlyBudgetUsd;
    if (budget <= 0) return false;
    const spent = this.options.ledger.monthToDate(this.options.now());
    if (spent.costUsd < budget) return false;
    if (this.budgetLoggedFor !== spent.month) {
      this.budgetLoggedFor = spent.month;
      this.options.log.warn(
        { event_type: 'vlm.budget_exceeded', month: spent.month, spent_usd: spent.costUsd, budget_usd: budget },
        'monthly VLM budget reached; VLM calls stop until next month',
      );
    }
    return true;
  }
}
