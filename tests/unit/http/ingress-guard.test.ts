import { describe, expect, it } from 'vitest';
import { INGRESS_PEERS, isAllowedPeer, isLoopbackProbe } from '../../../server/src/http/ingress-guard.js';

describe('isAllowedPeer', () => {
  it('allows the Supervisor ingress address, plain and IPv4-mapped', () => {
    // Given the Supervisor's address as Node reports it on IPv4 and dual-stack sockets / Then it is allowed
    expect(isAllowedPeer('172.30.32.2')).toBe(true);
    expect(isAllowedPeer('::ffff:172.30.32.2')).toBe(true);
    expect(INGRESS_PEERS).toStrictEqual(['172.30.32.2', '::ffff:172.30.32.2']);
  });

  it('refuses every other peer, look-alikes and unknown sockets', () => {
    // Given other addresses / Then none is allowed
    for (const address of ['127.0.0.1', '::1', '172.30.32.1', '172.30.32.20', '::ffff:127.0.0.1', '172.30.33.2', '', undefined]) {
      expect(isAllowedPeer(address)).toBe(false);
    }
  });
});

describe('isLoopbackProbe', () => {
  const probe = (method: string, url: string, remoteAddress = '127.0.0.1') => isLoopbackProbe({ method, url, socket: { remoteAddress } });

  it('lets loopback GET /api/health and /metrics (with a query) past the ingress guard', () => {
    // Given the add-on HEALTHCHECK and a local scraper / Then they pass, IPv6 and IPv4-mapped loopback too
    expect(probe('GET', '/api/health')).toBe(true);
    expect(probe('GET', '/metrics?x=1')).toBe(true);
    expect(probe('GET', '/metrics', '::1')).toBe(true);
    expect(probe('GET', '/api/health', '::ffff:127.0.0.1')).toBe(true);
  });

  it('refuses every other spelling, method and peer (the guard fails closed: express would route some of them)', () => {
    // Given look-alikes of the two paths / Then none passes
    for (const url of [
      '/API/health',
      '/api/health/',
      '//api/health',
      '/%61pi/health',
      '/x/../api/health',
      'http://127.0.0.1/metrics',
      '/api/clips',
    ])
      expect(probe('GET', url), url).toBe(false);
    expect(probe('POST', '/api/health')).toBe(false);
    expect(probe('GET', '/api/health', '172.30.32.3')).toBe(false);
  });
});
