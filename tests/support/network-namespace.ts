import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, randomInt } from 'node:crypto';

export interface NetworkNamespace {
  /** The address the namespace reaches this host at (the host end of the veth pair). */
  readonly hostAddress: string;
  /** The namespace's own address: a peer that is not loopback. */
  readonly peerAddress: string;
  /**
   * Runs a command inside the namespace and resolves with its stdout (rejects on a non-zero exit).
   * Asynchronous: the HomeSec under test runs in this very process and must keep answering.
   */
  exec(command: string, args: readonly string[]): Promise<string>;
  /** Deletes the namespace (and with it the veth pair). */
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/**
 * A network namespace of our own, joined to this host by a veth pair in a private /30 (10.x.y.0), so a
 * test can reach HomeSec from an address that is not loopback. Only traffic between the two ends.
 * Fails with what to do when namespaces cannot be made here: it never skips.
 */
export function createNetworkNamespace(): NetworkNamespace {
  const id = randomBytes(3).toString('hex');
  const name = `hs-${id}`;
  const hostIf = `vh${id}`;
  const peerIf = `vp${id}`;
  const subnet = `10.${randomInt(100, 250)}.${randomInt(0, 250)}`;
  const hostAddress = `${subnet}.1`;
  const peerAddress = `${subnet}.2`;
  try {
    ip('netns', 'add', name);
  } catch (e) {
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim() ?? (e as Error).message;
    throw new Error(
      `cannot create a network namespace (ip netns add: ${detail}): this test reaches HomeSec from another address; ` +
        'run it as root with iproute2 installed (apt-get install iproute2)',
      { cause: e },
    );
  }
  try {
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf);
    ip('link', 'set', peerIf, 'netns', name);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${peerAddress}/30`, 'dev', peerIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', peerIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (e) {
    remove();
    throw e;
  }
  function remove(): void {
    // Deleting the namespace destroys its end of the pair, and with it the host end.
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    try {
      execFileSync('ip', ['link', 'del', hostIf], { stdio: 'ignore' });
    } catch {
      // already gone with its peer
    }
  }
  return {
    hostAddress,
    peerAddress,
    exec: async (command, args) =>
      (await promisify(execFile)('ip', ['netns', 'exec', name, command, ...args], { encoding: 'utf8', timeout: 30_000 })).stdout,
    remove,
  };
}
