import type { OffsiteConfig } from '../config/sections/offsite-config.js';
import type { OffsiteStorage } from '../core/offsite-storage.js';
import type { Services } from '../runtime/services.js';
import { DropboxStorage } from './dropbox-storage.js';

/** The off-site backend registry, keyed by `offsite.backend`; `none` has no storage. */
const OFFSITE_BACKENDS: Record<OffsiteConfig['backend'], (services: Services) => OffsiteStorage | null> = {
  none: () => null,
  dropbox: ({ config, log }) =>
    new DropboxStorage({
      config: config.offsite.dropbox,
      endpoints: { api: config.offsite.dropbox.apiUrl, content: config.offsite.dropbox.contentUrl },
      log: log.child({ component: 'offsite' }),
    }),
};

/** The configured off-site copy, or null. */
export function buildOffsiteStorage(services: Services): OffsiteStorage | null {
  return OFFSITE_BACKENDS[services.config.offsite.backend](services);
}
