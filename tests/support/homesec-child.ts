import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR } from './paths.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

/**
 * Starts `homesec run` on the config in its own process (for crash tests) and resolves once it says it
 * started. `lines`, when given, collects every line it logs (JSON) for as long as it runs.
 */
export function startHomesecChild(config: string, lines?: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let partial = '';
    let started = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (lines) {
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts.filter((l) => l.trim() !== ''));
      }
      if (started) return;
      output += text;
      started = output.includes('"event_type":"app.started"');
      if (started) resolve(child);
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!started) stderr = (stderr + chunk.toString()).slice(-3000);
    });
    child.once('exit', (code) =>
      reject(new Error(`homesec run exited with ${code} before it started:\n${output.slice(-3000)}\n${stderr}`)),
    );
  });
}

/** SIGKILLs the process (no chance to clean up, as an out-of-memory kill) and resolves once it is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
