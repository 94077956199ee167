import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isStateChanging(req: Pick<IncomingMessage, 'method'>): boolean {
  return !SAFE_METHODS.has(req.method ?? 'GET');
}

/**
 * Whether a browser request comes from a page of this same dashboard. The Origin (or Referer) host must
 * be the Host the request was sent to, or the X-Forwarded-Host a reverse proxy set (a forged cross-site
 * request cannot add that header without a CORS preflight, which is never granted); with
 * `loopbackPages`, any page served from this machine counts. A browser that sends neither says where
 * it came from with Sec-Fetch-Site. A client that is no browser sends none of them and is let through:
 * cross-site forgery needs a browser.
 */
export function isSameOrigin(req: Pick<IncomingMessage, 'headers'>, loopbackPages = false): boolean {
  const origin = header(req, 'origin') ?? header(req, 'referer');
  if (origin !== null) {
    const from = origin === 'null' ? null : hostOf(origin);
    if (from === null) return false;
    const targets = [req.headers.host, header(req, 'x-forwarded-host')].map((h) => h?.toLowerCase());
    return targets.includes(from) || (loopbackPages && LOOPBACK_NAMES.has(hostName(from)));
  }
  const site = header(req, 'sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

/** Whether the Host header names this machine's loopback (a page on another site rebinding its DNS to 127.0.0.1 does not). */
export function isLoopbackHost(req: Pick<IncomingMessage, 'headers'>): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host) return false;
  const name = hostName(host);
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost');
}

/** `example.com` of `example.com:8099`, `[::1]` of `[::1]:8099`. */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/**
 * A cookie's value from the Cookie header, or null. Parsed by the `cookie` package, which never throws:
 * a value that is not valid percent-encoding (`%`) is kept as sent, and simply matches no session.
 */
export function cookieValue(req: Pick<IncomingMessage, 'headers'>, name: string): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header === '') return null;
  return parseCookie(header)[name] ?? null;
}

/** The token of an `Authorization: Bearer` header, or null. */
export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | null {
  const value = req.headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length).trim() : null;
}

function header(req: Pick<IncomingMessage, 'headers'>, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}
