import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { HomesecError } from '../core/errors.js';
import { redactUrlCredentials } from '../logging/redact.js';

/**
 * How a command failed. Only `exited` (and `too_much_output`) say something about the input; the others
 * are the machine's trouble (a missing or unstartable binary, a time limit, a kill from outside such as
 * the OOM killer, our own abort) and worth another try later.
 */
export type ProcessFailureKind = 'spawn_failed' | 'timed_out' | 'aborted' | 'killed' | 'too_much_output' | 'exited';

export class ProcessError extends HomesecError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    readonly kind: ProcessFailureKind = 'exited',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the command could not do its work for reasons outside the input: try again later. */
  get transient(): boolean {
    return this.kind === 'spawn_failed' || this.kind === 'timed_out' || this.kind === 'killed' || this.kind === 'aborted';
  }
}

export interface RunProcessOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Upper bound on buffered stdout; past it the process is killed (protects memory). */
  readonly maxStdoutBytes?: number;
  /** Nice value for work that must yield the CPU to recording and detection (e.g. 10); unset: as this process. */
  readonly niceness?: number;
}

export interface ProcessOutput {
  readonly stdout: Buffer;
  readonly stderr: string;
}

const STDERR_TAIL_BYTES = 4000;

/**
 * Runs a short-lived command (ffprobe, a remux, a thumbnail) to completion. Killed on abort or timeout;
 * the error carries the end of stderr with any URL credentials removed.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const name = command.split('/').pop() ?? command;
    if (options.signal?.aborted) {
      reject(new ProcessError(`${name} not started: aborted`, null, '', 'aborted'));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (options.niceness !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.niceness);
      } catch {
        // Not allowed here (some containers): it runs at normal priority, still one at a time.
      }
    }
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: { readonly why: string; readonly kind: ProcessFailureKind } | null = null;

    const kill = (why: string, kind: ProcessFailureKind) => {
      failure ??= { why, kind };
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs
      ? setTimeout(() => kill(`timed out after ${options.timeoutMs} ms`, 'timed_out'), options.timeoutMs)
      : null;
    const onAbort = () => kill('aborted', 'aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.maxStdoutBytes !== undefined && stdoutBytes > options.maxStdoutBytes) kill('produced too much output', 'too_much_output');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const hint = e.code === 'ENOENT' ? ` (is ${name} installed? apt-get install ffmpeg, or set FFMPEG_PATH/FFPROBE_PATH)` : '';
      failure ??= { why: `${e.message}${hint}`, kind: 'spawn_failed' };
    });
    child.on('close', (code, killedBy) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const tail = redactUrlCredentials(stderr.trim());
      if (failure !== null) reject(new ProcessError(`${name} failed: ${failure.why}`, code, tail, failure.kind));
      else if (killedBy !== null) reject(new ProcessError(`${name} was killed by ${killedBy}`, code, tail, 'killed'));
      else if (code !== 0) reject(new ProcessError(`${name} exited with code ${code}: ${lastLine(tail)}`, code, tail));
      else resolve({ stdout: Buffer.concat(stdout), stderr });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? 'no output';
}
