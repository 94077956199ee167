import { describe, expect, it } from 'vitest';
import { ClipListQuerySchema } from '../../../server/src/http/contract.js';

describe('ClipListQuerySchema', () => {
  it('coerces query-string values into typed filters', () => {
    // Given every filter as the strings a browser sends
    const parsed = ClipListQuerySchema.parse({
      camera: 'front_door',
      label: 'person',
      status: 'done',
      minRisk: 'high',
      alerted: 'false',
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-21T00:00:00+01:00',
      text: '  parcel  ',
      limit: '20',
      cursor: 'abc',
    });
    // Then booleans and numbers are typed and the search text is trimmed
    expect(parsed).toStrictEqual({
      camera: 'front_door',
      label: 'person',
      status: 'done',
      minRisk: 'high',
      alerted: false,
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-21T00:00:00+01:00',
      text: 'parcel',
      limit: 20,
      cursor: 'abc',
    });
  });

  it('defaults the page size to 50', () => {
    // Given no parameters / Then limit is 50
    expect(ClipListQuerySchema.parse({})).toStrictEqual({ limit: 50 });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '201' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ alerted: 'yes' }, 'alerted'],
    [{ minRisk: 'extreme' }, 'minRisk'],
    [{ status: 'gone' }, 'status'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-21T10:00:00' }, 'from'],
    [{ from: '2026-11-22T00:00:00Z', to: '2026-11-21T00:00:00Z' }, 'from'],
    [{ camera: ['a', 'b'] }, 'camera'],
  ])('rejects %j at %s', (query, path) => {
    // Given a bad value / When parsed / Then the issue names the parameter
    const result = ClipListQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toStrictEqual([path]);
  });

  it('rejects unknown parameters', () => {
    // Given a misspelt filter / When parsed / Then it is an unrecognized key, not silently ignored
    const result = ClipListQuerySchema.safeParse({ cameras: 'front_door' });
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
