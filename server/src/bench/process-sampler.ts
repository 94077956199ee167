import { readFileSync } from 'node:fs';
import { listChildProcesses } from './child-processes.js';

export interface ProcessPeaks {
  /** Peak resident memory of this Node process (main thread, ORT worker threads, native memory). */
  readonly peakRssBytes: number;
  /** Peak of this process plus its child processes (ffmpeg, ffprobe) at the same moment. */
  readonly peakTotalRssBytes: number;
  readonly peakChildren: number;
  /** CPU seconds used by this process (all threads). */
  readonly cpuS: number;
  /** CPU seconds used by child processes that finished (ffmpeg, ffprobe), from /proc/self/stat. */
  readonly childCpuS: number;
}

// Linux USER_HZ: /proc times are in 1/100 s on every mainstream kernel build.
const CLOCK_TICKS = 100;

/** Samples memory of this process and its children (Linux /proc) until stopped; CPU is read at both ends. */
export class ProcessSampler {
  private timer: NodeJS.Timeout | null = null;
  private peakRss = 0;
  private peakTotal = 0;
  private peakChildren = 0;
  private readonly cpuStart = process.cpuUsage();
  private readonly childCpuStart = childCpuSeconds();

  start(intervalMs = 200): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): ProcessPeaks {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const cpu = process.cpuUsage(this.cpuStart);
    return {
      peakRssBytes: Math.max(this.peakRss, process.resourceUsage().maxRSS * 1024),
      peakTotalRssBytes: this.peakTotal,
      peakChildren: this.peakChildren,
      cpuS: (cpu.user + cpu.system) / 1e6,
      childCpuS: childCpuSeconds() - this.childCpuStart,
    };
  }

  private sample(): void {
    const rss = process.memoryUsage().rss;
    const children = childRss();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakTotal = Math.max(this.peakTotal, rss + children.bytes);
    this.peakChildren = Math.max(this.peakChildren, children.count);
  }
}

function childRss(): { bytes: number; count: number } {
  const children = listChildProcesses();
  return { bytes: children.reduce((sum, c) => sum + c.rssBytes, 0), count: children.length };
}

function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
