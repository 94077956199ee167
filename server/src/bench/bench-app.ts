import { join } from 'node:path';
import pino from 'pino';
import { HomesecApp, type HomesecService } from '../app.js';
import { camelCaseKeys } from '../config/camel-case-keys.js';
import { ConfigSchema, type HomesecConfig } from '../config/schema.js';
import { createLogger } from '../logging/logger.js';
import { MqttConnection } from '../mqtt/mqtt-connection.js';

/** A running HomeSec for a benchmark: the real app on a scratch folder, config in YAML keys. */
export interface BenchApp {
  readonly app: HomesecService;
  readonly config: HomesecConfig;
  stop(): Promise<void>;
}

export async function startBenchApp(dataDir: string, settings: Record<string, unknown>): Promise<BenchApp> {
  const parsed = ConfigSchema.parse({ data_dir: dataDir, log_level: 'silent', http: { host: '127.0.0.1', port: 0 }, ...settings });
  const config: HomesecConfig = camelCaseKeys({ ...parsed, media_dir: join(dataDir, 'media') });
  // HOMESEC_BENCH_LOG=<file>: the app's debug log goes there (stdout carries the report), to see where a figure's time went.
  const logFile = process.env.HOMESEC_BENCH_LOG;
  const log = logFile ? createLogger('debug', pino.destination({ dest: logFile, append: true, sync: false })) : createLogger('silent');
  const running = HomesecApp.service({ config, log });
  const app = await running.start(new AbortController().signal);
  return { app, config, stop: () => running.stop() };
}

export interface Arrival {
  readonly topic: string;
  readonly payload: string;
  /** Date.now() when it arrived. */
  readonly at: number;
}

/** Every message on the broker under `filter`, with the time it arrived: what a phone or Home Assistant would see, and when. */
export class MqttArrivals {
  readonly messages: Arrival[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly link: MqttConnection) {}

  /** Resolves once connected and subscribed (HomeSec's own broker connection, as a second client). */
  static async connect(url: string, filter: string): Promise<MqttArrivals> {
    const link = new MqttConnection({ url, topicPrefix: 'homesec_bench_listener', log: createLogger('silent'), reconnectMinMs: 200 });
    const arrivals = new MqttArrivals(link);
    link.subscribe(filter, (topic, payload) => {
      arrivals.messages.push({ topic, payload: payload.toString('utf8'), at: Date.now() });
      for (const w of [...arrivals.waiters]) w();
    });
    const connected = new Promise<void>((resolve) => link.onConnect(resolve));
    await link.start(new AbortController().signal);
    await connected;
    // The subscription is sent on connect; a moment for the broker's SUBACK before anything is measured.
    await delay(200);
    return arrivals;
  }

  /** The first message matching `match` (already arrived, or the next one); rejects after `timeoutMs`. */
  next(match: (m: Arrival) => boolean, timeoutMs: number, what: string): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): Promise<void> {
    return this.link.stop();
  }
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
