import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { ProcessError, runProcess } from './run-process.js';

export interface FfmpegCheckOptions {
  readonly tools: FfmpegTools;
  readonly log: Logger;
  /** How often to look again while a tool is missing (default 30 s). */
  readonly recheckMs?: number;
}

const VERSION_TIMEOUT_MS = 10_000;
const FIX =
  'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) or point FFMPEG_PATH and FFPROBE_PATH at its binaries; ' +
  'until then clips wait with their source and nothing is lost';

/**
 * Finds out at start whether ffmpeg and ffprobe can run at all, and keeps saying so in health (unhealthy,
 * with the fix) while they cannot, looking again every `recheckMs` until they can. Without them no clip
 * can be stored, recorded or analysed; with them missing, intake leaves files with their source.
 */
export class FfmpegCheck implements Part {
  readonly name = 'ffmpeg';
  private problem: string | null = null;
  private checked = false;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: FfmpegCheckOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.check();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
  }

  health(): HealthCheck {
    if (!this.checked) return { status: 'healthy', message: 'not checked yet' };
    if (this.problem) return { status: 'unhealthy', message: `${this.problem}: ${FIX}` };
    return { status: 'healthy', message: `${this.options.tools.ffmpeg} and ${this.options.tools.ffprobe} run` };
  }

  private async check(): Promise<void> {
    const { tools, log } = this.options;
    const problems: string[] = [];
    for (const tool of [tools.ffmpeg, tools.ffprobe]) {
      try {
        await runProcess(tool, ['-hide_banner', '-version'], { timeoutMs: VERSION_TIMEOUT_MS, maxStdoutBytes: 1024 * 1024 });
      } catch (e) {
        problems.push(
          e instanceof ProcessError && e.kind === 'spawn_failed' ? `${tool} not found` : `${tool} does not run (${(e as Error).message})`,
        );
      }
    }
    const problem = problems.length > 0 ? problems.join('; ') : null;
    if (problem !== this.problem || !this.checked) {
      if (problem) log.error({ event_type: 'media.tools_missing', problem }, `${problem}: ${FIX}`);
      else if (this.problem) log.info({ event_type: 'media.tools_found' }, 'ffmpeg and ffprobe run again');
    }
    this.problem = problem;
    this.checked = true;
    if (problem) this.scheduleRecheck();
  }

  private scheduleRecheck(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checking = this.check().finally(() => {
        this.checking = null;
      });
    }, this.options.recheckMs ?? 30_000);
    this.timer.unref();
  }
}
