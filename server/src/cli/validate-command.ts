import type { LoadedConfig } from '../config/load-config.js';
import type { HomesecConfig } from '../config/schema.js';
import { httpAccess } from '../config/sections/http-config.js';
import { redactUrlCredentials } from '../logging/redact.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE =
  'usage: homesec validate [--config PATH]\n  Checks the configuration; exit 0 with a summary, or 2 with every problem as `path: message`.\n';

export const validateCommand: CliCommand = {
  summary: 'check the configuration and print a summary',
  async run(argv) {
    const args = parseCliArgs(argv, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (!args || args.values.help) {
      process.stdout.write(USAGE);
      return args ? 0 : 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    process.stdout.write(summarize(loaded));
    return 0;
  },
};

/** One screen: where the config came from and what will run. Never prints a secret. */
export function summarize({ config, origin, env }: LoadedConfig): string {
  const from = origin.kind === 'defaults' ? 'embedded defaults (no config file)' : `${origin.kind} ${origin.path}`;
  const store = config.databaseUrl
    ? `Postgres ${redactUrlCredentials(config.databaseUrl).replace(/:\*\*\*@/, '@')}`
    : `SQLite in ${config.dataDir}`;
  const lines = [
    `configuration OK (${from})`,
    `  data:       ${config.dataDir}`,
    `  media:      ${config.mediaDir}`,
    `  store:      ${store}`,
    `  dashboard:  ${dashboardLine(config.http)}`,
    `  cameras:    ${config.cameras.length === 0 ? 'none' : ''}`,
    ...config.cameras.map((c) => `    - ${c.name} (${c.source}${c.enabled ? '' : ', disabled'})`),
    `  detector:   ${config.detector.enabled ? `${config.detector.model}, ${config.detector.sampleFps} fps, triggers ${config.detector.triggerLabels.join(', ')}` : 'off'}`,
    `  analyzer:   ${config.analyzer.enabled ? `${analyzerModel(config)} (${config.analyzer.runMode}), budget $${config.analyzer.monthlyBudgetUsd}/month` : 'off'}`,
    `  alerts:     min risk ${config.alerts.minRisk}, cooldown ${config.alerts.cooldownS} s`,
    `  mqtt:       ${config.mqtt.url ? redactUrlCredentials(config.mqtt.url) : 'not configured'}`,
    `  retention:  ${config.retention.maxDays} days, ${config.retention.maxGb} GB`,
  ];
  if (env.applied.length) lines.push(`  from environment: ${env.applied.join(', ')}`);
  if (env.ignored.length) lines.push(`  ignored environment variables (no such key): ${env.ignored.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Where the dashboard listens and who may use it (no password: this machine only, whatever host says). */
function dashboardLine(http: HomesecConfig['http']): string {
  switch (httpAccess(http)) {
    case 'ingress':
      return `http://${http.host}:${http.port} (ingress only)`;
    case 'loopback':
      return `http://127.0.0.1:${http.port} (this machine only: set http.password to reach it from elsewhere)`;
    case 'login':
      return `http://${http.host}:${http.port} (login required)`;
  }
}

/** What answers the vision calls: the OpenAI-compatible model, or Home Assistant's AI Task entity. */
function analyzerModel(config: HomesecConfig): string {
  const { analyzer } = config;
  if (analyzer.provider === 'openai') return analyzer.model;
  return `Home Assistant AI Task ${analyzer.aiTaskEntity || "(Home Assistant's preferred entity)"}`;
}
