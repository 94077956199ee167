import type { ClipAnalyzer } from '../core/clip-analyzer.js';
import type { Services } from '../runtime/services.js';
import { OpenAiAnalyzer } from './openai-analyzer.js';
import type { SpendLedger } from './spend-ledger.js';

/** The VLM analyzer when `analyzer.enabled`, else null (the analyze stage is then skipped with a reason). */
export function buildAnalyzer({ config, tools, log }: Services, ledger: SpendLedger): ClipAnalyzer | null {
  if (!config.analyzer.enabled) return null;
  const cameras = config.cameras.map((c) => ({ name: c.name, context: c.context }));
  return new OpenAiAnalyzer({ config: config.analyzer, cameras, ledger, tools, log: log.child({ component: 'analyzer' }) });
}
