import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../server/src/http/contract.js';
import { getJson, startApi, type ApiUnderTest } from './http-test-kit.js';

describe('bad input to the API', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi('sqlite');
  });
  afterAll(async () => api?.close());

  it.each([
    ['?limit=0', 'limit: expected a whole number from 1 to 200'],
    ['?limit=201', 'limit: expected a whole number from 1 to 200'],
    ['?limit=abc', 'limit: expected a whole number from 1 to 200'],
    ['?alerted=yes', 'alerted: expected true or false'],
    ['?minRisk=extreme', 'minRisk: Invalid option: expected one of "low"|"medium"|"high"|"critical"'],
    ['?from=yesterday', 'from: expected an ISO 8601 date-time with a time zone, e.g. 2026-11-21T10:00:00Z'],
    ['?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z', 'from: from must be earlier than to'],
    ['?cameras=front_door', 'query: unknown parameter(s) "cameras"'],
    ['?camera=a&camera=b', 'camera: Invalid input: expected string, received array'],
    ['?cursor=not-a-cursor', 'cursor: not a cursor returned by this server'],
  ])('GET /api/clips%s is a 400 that says what is wrong', async (query, message) => {
    // Given a bad query string / When the list is asked for
    const { status, body } = await getJson(`${api.url}/api/clips${query}`);
    // Then 400 with the parameter and the problem in words
    expect(status).toBe(400);
    expect(ApiErrorSchema.parse(body)).toStrictEqual({ error: 'bad_request', message });
  });

  it('refuses unknown parameters on the other endpoints too', async () => {
    // Given an unexpected parameter on cameras, stats, health and a clip
    for (const path of ['/api/cameras?x=1', '/api/stats?x=1', '/api/health?x=1', '/api/clips/abc?x=1']) {
      const { status, body } = await getJson(`${api.url}${path}`);
      // Then each answers 400 naming it
      expect(status, path).toBe(400);
      expect(body).toStrictEqual({ error: 'bad_request', message: 'query: unknown parameter(s) "x"' });
    }
  });

  it('answers 400 for a bad armed body and for invalid JSON', async () => {
    // Given a PUT with the wrong type, with an extra key, and with broken JSON
    const put = (body: string) =>
      getJson(`${api.url}/api/cameras/front_door/armed`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
    // Then each is a 400 with a message
    expect(await put('{"armed":"yes"}')).toMatchObject({ status: 400, body: { message: 'armed: expected true or false' } });
    expect(await put('{"armed":true,"force":1}')).toMatchObject({ status: 400, body: { message: 'body: unknown parameter(s) "force"' } });
    expect(await put('{"armed":')).toMatchObject({ status: 400, body: { message: 'the request body is not valid JSON' } });
    expect(await put('')).toMatchObject({ status: 400 });
  });

  it('answers 404 in JSON for unknown API paths', async () => {
    // Given a path no route has / Then the API answers 404 JSON (not the dashboard page)
    expect(await getJson(`${api.url}/api/nothing`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
