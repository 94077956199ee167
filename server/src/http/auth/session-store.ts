import { createHash, randomBytes } from 'node:crypto';

export interface Session {
  readonly user: string;
  readonly expiresAt: number;
}

/** Sessions held at once; past this the oldest is dropped (a flood of logins cannot grow memory). */
const MAX_SESSIONS = 1000;

/**
 * Dashboard sessions in memory: a random token in an HttpOnly cookie, kept here only as its SHA-256,
 * with a fixed lifetime. A restart logs everyone out, which is fine for a home dashboard.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for `user`; returns the token for the cookie. */
  open(user: string): { token: string; maxAgeS: number } {
    this.dropExpired();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(digest(token), { user, expiresAt: this.now() + this.lifetimeMs });
    return { token, maxAgeS: Math.floor(this.lifetimeMs / 1000) };
  }

  find(token: string | null): Session | null {
    if (!token) return null;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return null;
    }
    return session;
  }

  close(token: string | null): void {
    if (token) this.sessions.delete(digest(token));
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
