import { snakeCaseKeys } from './camel-case-keys.js';

/** Field names that hold a secret whatever their value looks like. */
const SECRET_KEY = /(password|passwd|secret|token|api_?key|app_?key|credential|private_?key)/i;
/** user:password@ (or user@) in any URL: the whole user part goes. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;
/** Secrets passed in a query string (?token=..., &key=...). */
const SECRET_QUERY = /([?&](?:[a-z_]*(?:token|key|password|secret|sig|signature|auth)[a-z_]*)=)[^&#\s]*/gi;

export const MASK = '********';

export interface MaskedConfig {
  readonly config: Record<string, unknown>;
  /** Dotted paths of masked values (`mqtt.password`, `cameras.0.url`). */
  readonly masked: string[];
}

/**
 * The effective configuration in the user's words (snake_case) with every secret masked: secret-named
 * fields that are set, and credentials inside any URL or query string. For showing, never for loading.
 */
export function maskedConfig(config: unknown): MaskedConfig {
  const masked: string[] = [];
  const value = mask(snakeCaseKeys(config), [], masked);
  return { config: (value ?? {}) as Record<string, unknown>, masked };
}

function mask(value: unknown, path: readonly string[], masked: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => mask(item, [...path, String(i)], masked));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, maskField(key, child, [...path, key], masked)]));
  }
  if (typeof value === 'string') {
    const cleaned = value.replace(URL_USERINFO, `$1${MASK}@`).replace(SECRET_QUERY, `$1${MASK}`);
    if (cleaned !== value) masked.push(path.join('.'));
    return cleaned;
  }
  return value;
}

function maskField(key: string, value: unknown, path: readonly string[], masked: string[]): unknown {
  if (SECRET_KEY.test(key) && typeof value === 'string') {
    if (value === '') return value;
    masked.push(path.join('.'));
    return MASK;
  }
  return mask(value, path, masked);
}
