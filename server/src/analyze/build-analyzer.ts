import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { HomeAssistantConfig } from '../config/sections/home-assistant-config.js';
import type { ClipAnalyzer } from '../core/clip-analyzer.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_SUPERVISOR_URL, SupervisorClient } from '../ha/supervisor-client.js';
import type { Services } from '../runtime/services.js';
import { HaAiTaskAnalyzer } from './ha-ai-task-analyzer.js';
import { HaAiTaskClient } from './ha-ai-task-client.js';
import { OpenAiAnalyzer } from './openai-analyzer.js';
import type { SpendLedger } from './spend-ledger.js';

type AnalyzerFactory = (services: Services, ledger: SpendLedger, log: Logger) => ClipAnalyzer;

/** One factory per `analyzer.provider`. */
const PROVIDERS: Record<AnalyzerConfig['provider'], AnalyzerFactory> = {
  openai: ({ config, tools }, ledger, log) =>
    new OpenAiAnalyzer({ config: config.analyzer, cameras: cameras(config.cameras), ledger, tools, log }),
  home_assistant: ({ config, tools }, ledger, log) =>
    new HaAiTaskAnalyzer({
      config: config.analyzer,
      cameras: cameras(config.cameras),
      client: haAiTaskClient(config.analyzer, config.homeAssistant, process.env, log),
      mediaDir: config.mediaDir,
      ledger,
      tools,
      log,
    }),
};

/** The VLM analyzer when `analyzer.enabled`, else null (the analyze stage is then skipped with a reason). */
export function buildAnalyzer(services: Services, ledger: SpendLedger): ClipAnalyzer | null {
  if (!services.config.analyzer.enabled) return null;
  return PROVIDERS[services.config.analyzer.provider](services, ledger, services.log.child({ component: 'analyzer' }));
}

function cameras(list: Services['config']['cameras']): { name: string; context: string }[] {
  return list.map((c) => ({ name: c.name, context: c.context }));
}

/**
 * Core's REST API for the AI Task: Home Assistant itself when home_assistant.url and token are set,
 * else the Supervisor's Core proxy in the add-on (SUPERVISOR_TOKEN); null when neither.
 */
function haAiTaskClient(config: AnalyzerConfig, ha: HomeAssistantConfig, env: NodeJS.ProcessEnv, log: Logger): HaAiTaskClient | null {
  const timeoutMs = config.timeoutS * 1000;
  // The client's own limit is the call's; the HTTP one stays out of its way.
  const httpTimeoutMs = timeoutMs + 5_000;
  const supervisorToken = env.SUPERVISOR_TOKEN ?? env.HASSIO_TOKEN;
  const core =
    ha.url !== '' && ha.token !== ''
      ? new SupervisorClient({ baseUrl: ha.url, token: ha.token, coreApiPath: '/api', log, timeoutMs: httpTimeoutMs })
      : supervisorToken
        ? new SupervisorClient({
            baseUrl: env.SUPERVISOR_URL || DEFAULT_SUPERVISOR_URL,
            token: supervisorToken,
            log,
            timeoutMs: httpTimeoutMs,
          })
        : null;
  return core ? new HaAiTaskClient({ core, timeoutMs, log }) : null;
}
