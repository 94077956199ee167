import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { redactUrlCredentials } from '../../../logging/redact.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** End of stderr with URL credentials removed. */
  readonly stderrTail: string;
  /** Why it could not run at all (not installed), if so. */
  readonly spawnError: string | null;
}

/** What a stream supervisor needs from a running process. */
export interface StreamProcess {
  readonly exited: Promise<ProcessExit>;
  stop(graceMs: number): Promise<ProcessExit>;
}

export interface FfmpegProcessHandlers {
  readonly onStdout: (chunk: Buffer) => void;
  /** Readers of further output pipes by file descriptor (ffmpeg writes them as `pipe:3`, `pipe:4`, ...). */
  readonly onPipe?: Readonly<Record<number, (chunk: Buffer) => void>>;
}

const STDERR_TAIL_CHARS = 2000;
const SETPRIV = '/usr/bin/setpriv';
let setprivAvailable: boolean | null = null;

/**
 * On Linux, ffmpeg is started through util-linux `setpriv --pdeathsig TERM`, which execs it in place
 * (same pid) with a parent-death signal: if HomeSec is killed hard, the kernel sends ffmpeg SIGTERM
 * instead of leaving an orphan that records forever (the recorder writes to files, not to our pipe).
 */
function withParentDeathSignal(command: string, args: readonly string[]): [string, string[]] {
  setprivAvailable ??= process.platform === 'linux' && existsSync(SETPRIV);
  return setprivAvailable ? [SETPRIV, ['--pdeathsig', 'TERM', '--', command, ...args]] : [command, [...args]];
}

/**
 * One long-running ffmpeg with piped stdio. `stop()` asks politely (SIGTERM lets ffmpeg finish the file
 * it is writing), kills after a grace period, and resolves only once the process is gone, so no zombie
 * or orphan outlives its owner.
 */
export class FfmpegProcess implements StreamProcess {
  readonly exited: Promise<ProcessExit>;
  private stderr = '';
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    handlers: FfmpegProcessHandlers,
  ) {
    let spawnError: string | null = null;
    child.stdout?.on('data', handlers.onStdout);
    for (const [fd, onChunk] of Object.entries(handlers.onPipe ?? {})) (child.stdio[Number(fd)] as Readable | null)?.on('data', onChunk);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e.code === 'ENOENT' ? `${e.message} (install ffmpeg: apt-get install ffmpeg, or set FFMPEG_PATH)` : e.message;
    });
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.closed = true;
        // setpriv exits 127 when it cannot exec ffmpeg.
        if (code === 127 && spawnError === null)
          spawnError = `ffmpeg could not be started (${lastLine(this.stderr)}); install ffmpeg: apt-get install ffmpeg, or set FFMPEG_PATH`;
        resolve({ code, signal, stderrTail: redactUrlCredentials(this.stderr.trim()), spawnError });
      });
    });
  }

  static start(command: string, args: readonly string[], handlers: FfmpegProcessHandlers): FfmpegProcess {
    // stdin stays a pipe we never write to; ffmpeg is told -nostdin so it does not read commands from it.
    const [file, argv] = withParentDeathSignal(command, args);
    const extra = Math.max(2, ...Object.keys(handlers.onPipe ?? {}).map(Number)) - 2;
    const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe', ...Array.from({ length: extra }, () => 'pipe' as const)] });
    return new FfmpegProcess(child, handlers);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.closed;
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited and its pipes closed. */
  async stop(graceMs: number): Promise<ProcessExit> {
    if (this.closed) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!this.closed) this.child.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * An HLS playlist (Home Assistant's stream, a snapshot camera's local one) is probed on one second of
 * video, not ffmpeg's five: its segments come at the pace of the camera, so five seconds would be
 * five seconds before the first frame (and the connect timeout counts them).
 */
const HLS_PROBE: readonly string[] = ['-analyzeduration', '1000000'];

/**
 * Input options shared by both roles: transport (RTSP only; ffmpeg refuses the option for an HTTP stream),
 * a socket timeout, request headers for an HTTP stream behind a proxy, and the URL (or local playlist) last.
 */
export function rtspInputArgs(url: string, transport: 'tcp' | 'udp', timeoutS: number, headers: string | null = null): string[] {
  return [
    ...(/^rtsps?:/i.test(url) ? ['-rtsp_transport', transport] : HLS_PROBE),
    // ffmpeg 5+: socket I/O timeout in microseconds, so a dead camera ends the process instead of hanging
    // (network inputs only: a local playlist's file protocol refuses the option).
    ...(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? ['-timeout', String(Math.round(timeoutS * 1_000_000))] : []),
    // HLS sends the same headers with every playlist and segment request it makes.
    ...(headers ? ['-headers', `${headers}\r\n`] : []),
    '-i',
    url,
  ];
}

/** The first meaningful stderr line(s) worth a log entry, already redacted. */
export function summariseStderr(tail: string, maxChars = 400): string {
  const lines = tail.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-3).join(' | ').slice(-maxChars);
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
