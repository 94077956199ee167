import { spawn } from 'node:child_process';
import { HomesecError } from '../core/errors.js';
import { redactUrlCredentials } from '../logging/redact.js';

export class ProcessError extends HomesecError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RunProcessOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Upper bound on buffered stdout; past it the process is killed (protects memory). */
  readonly maxStdoutBytes?: number;
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
      reject(new ProcessError(`${name} not started: aborted`, null, ''));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: string | null = null;

    const kill = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs ? setTimeout(() => kill(`timed out after ${options.timeoutMs} ms`), options.timeoutMs) : null;
    const onAbort = () => kill('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.maxStdoutBytes !== undefined && stdoutBytes > options.maxStdoutBytes) kill('produced too much output');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const hint = e.code === 'ENOENT' ? ` (is ${name} installed? apt-get install ffmpeg, or set FFMPEG_PATH/FFPROBE_PATH)` : '';
      failure ??= `${e.message}${hint}`;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const tail = redactUrlCredentials(stderr.trim());
      if (failure !== null) reject(new ProcessError(`${name} failed: ${failure}`, code, tail));
      else if (code !== 0) reject(new ProcessError(`${name} exited with code ${code}: ${lastLine(tail)}`, code, tail));
      else resolve({ stdout: Buffer.concat(stdout), stderr });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? 'no output';
}
