import type { LoadedConfig } from '../config/load-config.js';
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
  const store = config.database_url
    ? `Postgres ${redactUrlCredentials(config.database_url).replace(/:\*\*\*@/, '@')}`
    : `SQLite in ${config.data_dir}`;
  const lines = [
    `configuration OK (${from})`,
    `  data:       ${config.data_dir}`,
    `  media:      ${config.media_dir}`,
    `  store:      ${store}`,
    `  dashboard:  http://${config.http.host}:${config.http.port}${config.http.ingress_only ? ' (ingress only)' : ''}`,
    `  cameras:    ${config.cameras.length === 0 ? 'none' : ''}`,
    ...config.cameras.map((c) => `    - ${c.name} (${c.source}${c.enabled ? '' : ', disabled'})`),
    `  detector:   ${config.detector.enabled ? `${config.detector.model}, ${config.detector.sample_fps} fps, triggers ${config.detector.trigger_labels.join(', ')}` : 'off'}`,
    `  analyzer:   ${config.analyzer.enabled ? `${config.analyzer.model} (${config.analyzer.run_mode}), budget $${config.analyzer.monthly_budget_usd}/month` : 'off'}`,
    `  alerts:     min risk ${config.alerts.min_risk}, cooldown ${config.alerts.cooldown_s} s`,
    `  mqtt:       ${config.mqtt.url ? redactUrlCredentials(config.mqtt.url) : 'not configured'}`,
    `  retention:  ${config.retention.max_days} days, ${config.retention.max_gb} GB`,
  ];
  if (env.applied.length) lines.push(`  from environment: ${env.applied.join(', ')}`);
  if (env.ignored.length) lines.push(`  ignored environment variables (no such key): ${env.ignored.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
