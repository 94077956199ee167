import type { Logger } from '../core/logger.js';
import { SupervisorClient } from './supervisor-client.js';

/**
 * The host's address from the Supervisor's network info, asked when a source needs it; null outside the
 * add-on or when the Supervisor cannot tell (logged: the FTP passive address then falls back).
 */
export function supervisorHostAddress(log: Logger, env: NodeJS.ProcessEnv = process.env): () => Promise<string | null> {
  return async () => {
    const client = SupervisorClient.fromEnv(env, log);
    if (!client) return null;
    const address = await client.hostAddress();
    if (!address.ok) {
      log.warn({ event_type: 'ha.host_address_failed', err: address.error }, 'the Supervisor did not give the host address');
      return null;
    }
    return address.value;
  };
}
