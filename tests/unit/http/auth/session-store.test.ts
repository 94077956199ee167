import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../server/src/http/auth/session-store.js';

const DAY_MS = 86_400_000;

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SessionStore', () => {
  it('finds a session by the token it gave out, and nothing by another or no token', () => {
    // Given a store and a session opened for ann
    const store = new SessionStore(DAY_MS);
    const { token, maxAgeS } = store.open('ann');
    // When it is looked up by that token, by another, by none / Then only the token finds it
    expect(store.find(token)).toMatchObject({ user: 'ann' });
    expect(store.find(`${token}x`)).toBeNull();
    expect(store.find('')).toBeNull();
    expect(store.find(null)).toBeNull();
    expect(maxAgeS).toBe(86_400);
    // And tokens are long and random: two sessions never share one
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.open('ann').token).not.toBe(token);
  });

  it('forgets a session when its lifetime is over, and when it is closed', () => {
    // Given two sessions on a hand-moved clock
    const time = clock();
    const store = new SessionStore(DAY_MS, time.now);
    const first = store.open('ann').token;
    const second = store.open('bob').token;
    // When one is closed / Then it is gone, the other stays
    store.close(second);
    expect(store.find(second)).toBeNull();
    expect(store.find(first)).not.toBeNull();
    // When the lifetime passes / Then the first is gone too (expiry is exact: the last millisecond counts as over)
    time.advance(DAY_MS - 1);
    expect(store.find(first)).not.toBeNull();
    time.advance(1);
    expect(store.find(first)).toBeNull();
  });

  it('holds at most 1000 sessions: a flood of logins drops the oldest, not memory', () => {
    // Given 1000 open sessions
    const store = new SessionStore(DAY_MS);
    const oldest = store.open('first').token;
    for (let i = 1; i < 1000; i++) store.open(`user${i}`);
    const newest = store.open('one more').token;
    // Then the oldest made room for the newest
    expect(store.find(oldest)).toBeNull();
    expect(store.find(newest)).toMatchObject({ user: 'one more' });
  });
});
