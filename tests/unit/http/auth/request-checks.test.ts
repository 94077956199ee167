import type { IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  cookieValue,
  isLoopbackHost,
  isSameOrigin,
  isStateChanging,
} from '../../../../server/src/http/auth/request-checks.js';

const withHeaders = (headers: IncomingHttpHeaders) => ({ headers });

describe('cookieValue', () => {
  it('reads the named cookie among others, percent-decoded', () => {
    // Given a Cookie header with several cookies / Then each is found by its name, and a missing one is null
    const req = withHeaders({ cookie: 'theme=dark; homesec_session=abc%2Bdef; other=1' });
    expect(cookieValue(req, 'homesec_session')).toBe('abc+def');
    expect(cookieValue(req, 'theme')).toBe('dark');
    expect(cookieValue(req, 'missing')).toBeNull();
    expect(cookieValue(withHeaders({}), 'homesec_session')).toBeNull();
  });

  it('never throws, whatever the Cookie header holds (`homesec_session=%` ended the process once)', () => {
    // Given the value that crashed the hand-written parser / Then it is kept as sent
    expect(cookieValue(withHeaders({ cookie: 'homesec_session=%' }), 'homesec_session')).toBe('%');
    // And for any header at all, reading it returns a string or null
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), fc.string(), (header, name) => {
        const value = cookieValue(withHeaders({ cookie: header }), name);
        expect(value === null || typeof value === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isSameOrigin', () => {
  it('accepts a page of the host the request was sent to, or the host a proxy forwarded', () => {
    // Given requests from the dashboard's own page, directly and through a reverse proxy
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', origin: 'http://cam.lan:8099' }))).toBe(true);
    expect(
      isSameOrigin(withHeaders({ host: '10.0.0.2:8099', 'x-forwarded-host': 'homesec.example', origin: 'https://homesec.example' })),
    ).toBe(true);
    // And a Referer when there is no Origin
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', referer: 'http://cam.lan:8099/#/clips' }))).toBe(true);
  });

  it('refuses other sites, `null` and unparsable origins, and a browser saying cross-site', () => {
    // Given forged requests / Then each is refused
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', origin: 'http://evil.example' }))).toBe(false);
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', origin: 'not a url' }))).toBe(false);
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', origin: 'http://cam.lan:8098' }))).toBe(false);
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });

  it('lets a client that is no browser through (it sends no Origin), and loopback pages in loopback mode', () => {
    // Given curl (no Origin, no Sec-Fetch-Site) and a page served from this machine on another port
    expect(isSameOrigin(withHeaders({ host: 'cam.lan:8099' }))).toBe(true);
    expect(isSameOrigin(withHeaders({ host: '127.0.0.1:8099', origin: 'http://localhost:5173' }), true)).toBe(true);
    expect(isSameOrigin(withHeaders({ host: '127.0.0.1:8099', origin: 'http://localhost:5173' }), false)).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('accepts only names of this machine (a site rebinding its DNS to 127.0.0.1 keeps its own name)', () => {
    // Given Host headers / Then only loopback names pass
    for (const host of ['localhost', 'localhost:8099', '127.0.0.1:8099', '[::1]:8099', 'app.localhost', 'LOCALHOST:1'])
      expect(isLoopbackHost(withHeaders({ host })), host).toBe(true);
    for (const host of ['evil.example', '127.0.0.1.evil.example', 'localhost.evil.example', '127.0.0.2', '', '[::2]'])
      expect(isLoopbackHost(withHeaders({ host })), host).toBe(false);
    expect(isLoopbackHost(withHeaders({}))).toBe(false);
  });
});

describe('isStateChanging and bearerToken', () => {
  it('treats every method but GET, HEAD and OPTIONS as changing state, unknown ones too', () => {
    // Given methods / Then only the safe ones are not state-changing
    expect(['GET', 'HEAD', 'OPTIONS'].map((method) => isStateChanging({ method }))).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'DELETE', 'PATCH', 'get', 'PROPFIND'].map((method) => isStateChanging({ method }))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('reads a Bearer token and nothing else', () => {
    // Given Authorization headers / Then only `Bearer <token>` yields the token
    expect(bearerToken(withHeaders({ authorization: 'Bearer abc123' }))).toBe('abc123');
    expect(bearerToken(withHeaders({ authorization: 'Basic abc123' }))).toBeNull();
    expect(bearerToken(withHeaders({ authorization: 'bearer abc123' }))).toBeNull();
    expect(bearerToken(withHeaders({}))).toBeNull();
  });
});
