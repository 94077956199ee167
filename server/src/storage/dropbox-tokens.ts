import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { TokenErrorSchema, TokenReplySchema } from './dropbox-api-schemas.js';
import { dropboxFailure, type DropboxFailure } from './dropbox-failure.js';

export interface DropboxCredentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly refreshToken: string;
  readonly accessToken: string;
}

// Refresh a little before Dropbox's expiry so a long upload does not start with a dying token.
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The bearer token for Dropbox calls. With a refresh token (app key + secret), short-lived access
 * tokens are fetched from /oauth2/token and cached until shortly before they expire; a plain
 * access_token is used as it is. Refreshes are shared, so parallel uploads trigger only one.
 */
export class DropboxTokens {
  private token: { value: string; expiresAt: number } | null;
  private refreshing: Promise<Result<string, DropboxFailure>> | null = null;

  constructor(
    private readonly credentials: DropboxCredentials,
    private readonly apiBase: string,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.token = credentials.accessToken !== '' ? { value: credentials.accessToken, expiresAt: Number.POSITIVE_INFINITY } : null;
  }

  get canRefresh(): boolean {
    const c = this.credentials;
    return c.refreshToken !== '' && c.appKey !== '' && c.appSecret !== '';
  }

  async get(signal: AbortSignal): Promise<Result<string, DropboxFailure>> {
    if (this.token && Date.now() < this.token.expiresAt) return ok(this.token.value);
    if (!this.canRefresh) return err(dropboxFailure('no valid Dropbox access token and no refresh token configured', false));
    this.refreshing ??= this.refresh(signal).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Dropbox said 401: forget the token so the next get() refreshes. */
  invalidate(): void {
    this.token = null;
  }

  private async refresh(signal: AbortSignal): Promise<Result<string, DropboxFailure>> {
    const { appKey, appSecret, refreshToken } = this.credentials;
    const url = `${this.apiBase}/oauth2/token`;
    this.log.debug({ event_type: 'dropbox.request', url }, 'POST /oauth2/token');
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${appKey}:${appSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
    } catch (e) {
      return err(dropboxFailure(`Dropbox token refresh failed: ${(e as Error).message}`, true));
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      const parsed = TokenReplySchema.safeParse(safeJson(text));
      if (!parsed.success) return err(dropboxFailure('Dropbox token reply was not understood', true, { status: response.status }));
      const lifetimeMs = (parsed.data.expires_in ?? 4 * 3600) * 1000;
      this.token = { value: parsed.data.access_token, expiresAt: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2) };
      return ok(parsed.data.access_token);
    }
    const retryable = response.status === 429 || response.status >= 500;
    const reason = TokenErrorSchema.safeParse(safeJson(text));
    const detail = reason.success
      ? `${reason.data.error}${reason.data.error_description ? ` (${reason.data.error_description})` : ''}`
      : `HTTP ${response.status}`;
    return err(
      dropboxFailure(
        retryable ? `Dropbox token refresh failed: ${detail}` : `Dropbox refused the app key, secret or refresh token: ${detail}`,
        retryable,
        { status: response.status },
      ),
    );
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
