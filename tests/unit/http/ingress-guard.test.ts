import { describe, expect, it } from 'vitest';
import { INGRESS_PEERS, isAllowedPeer } from '../../../server/src/http/ingress-guard.js';

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
