import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR } from './paths.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

/** Starts `homesec run` on the config in its own process (for crash tests) and resolves once it says it started. */
export function startHomesecChild(config: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"event_type":"app.started"')) resolve(child);
    });
    child.stderr?.resume();
    child.once('exit', (code) => reject(new Error(`homesec run exited with ${code} before it started:\n${output.slice(-3000)}`)));
  });
}

/** SIGKILLs the process (no chance to clean up, as an out-of-memory kill) and resolves once it is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
