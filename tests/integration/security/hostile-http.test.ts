import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHomesecProcess, type HomesecProcess } from './homesec-process.js';
import { queryString, spellingOf } from './path-spellings.js';
import { rawHttp, type RawRequest } from './raw-http.js';

const PASSWORD = 'correct horse battery';
const RUNS = 150;

/** Every route that needs a login (loopback may read /api/health and /metrics: they are not here). */
const PROTECTED: readonly { readonly method: string; readonly path: string; readonly body?: string }[] = [
  { method: 'GET', path: '/api/clips' },
  { method: 'GET', path: '/api/clips/front_door-20260101T000000Z-abcd' },
  { method: 'DELETE', path: '/api/clips/front_door-20260101T000000Z-abcd' },
  { method: 'GET', path: '/api/clips/front_door-20260101T000000Z-abcd/video' },
  { method: 'GET', path: '/api/clips/front_door-20260101T000000Z-abcd/original' },
  { method: 'GET', path: '/api/events' },
  { method: 'GET', path: '/api/events/ev1' },
  { method: 'GET', path: '/api/events/ev1/snapshot' },
  { method: 'GET', path: '/api/events/ev1/preview' },
  { method: 'PUT', path: '/api/events/ev1/reviewed', body: '{"reviewed":true}' },
  { method: 'PUT', path: '/api/events/ev1/feedback', body: '{"verdict":"false_alarm"}' },
  { method: 'POST', path: '/api/review/mark-all', body: '{"before":"2030-01-01T00:00:00Z"}' },
  { method: 'GET', path: '/api/review/counts' },
  { method: 'GET', path: '/api/review/cameras' },
  { method: 'GET', path: '/api/rules' },
  { method: 'POST', path: '/api/rules', body: '{"eventId":"ev1","label":"person","scope":"camera"}' },
  { method: 'DELETE', path: '/api/rules/1' },
  { method: 'GET', path: '/api/settings' },
  { method: 'GET', path: '/api/cameras' },
  { method: 'PUT', path: '/api/cameras/front_door/armed', body: '{"armed":false}' },
  { method: 'GET', path: '/api/cameras/front_door/latest.jpg' },
  { method: 'GET', path: '/api/cameras/front_door/live' },
  { method: 'GET', path: '/api/cameras/front_door/live.mp4' },
  { method: 'GET', path: '/api/ha/cameras' },
  { method: 'GET', path: '/api/ha/cameras/camera.front_door/snapshot.jpg' },
  { method: 'POST', path: '/api/ha/cameras', body: '{"entityId":"camera.front_door","name":"porch"}' },
  { method: 'GET', path: '/api/cameras/front_door/regions' },
  { method: 'PUT', path: '/api/cameras/front_door/regions', body: '{"maskPolygons":[],"zones":[]}' },
  { method: 'GET', path: '/api/camera-setup' },
  { method: 'POST', path: '/api/camera-setup/probe', body: '{"host":"127.0.0.1","onvifPort":9,"rtspPort":9}' },
  { method: 'POST', path: '/api/camera-setup/cameras', body: '{"source":"folder","name":"porch"}' },
  { method: 'GET', path: '/api/stats' },
  { method: 'GET', path: '/api/logs' },
  { method: 'GET', path: '/api/dead-letters' },
  { method: 'POST', path: '/api/dead-letters/retry', body: '{}' },
  { method: 'GET', path: '/socket.io/?EIO=4&transport=polling' },
];

/** Header values a client may send: printable, any Unicode, control characters (CR and LF would end the header). */
const headerValue = fc
  .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }))
  .map((v) => v.replace(/[\r\n]/g, ''));

const cookieHeader = fc.oneof(
  fc.constantFrom('homesec_session=%', 'homesec_session=%E0%A4%A', 'homesec_session="%"', 'homesec_session=', '=%; homesec_session'),
  headerValue.map((v) => `homesec_session=${v}`),
  fc.array(fc.tuple(headerValue, headerValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')),
  headerValue,
);

describe('hostile HTTP requests against the running service (a process of its own, with a password)', () => {
  let homesec: HomesecProcess;
  let session = '';

  beforeAll(async () => {
    homesec = await startHomesecProcess(() => ({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } }));
    const login = await fetch(`${homesec.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: homesec.url },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 90_000);
  afterAll(async () => {
    await homesec?.close();
  });

  /** The process runs, answers health, logged no server error, and front_door is still armed. */
  async function expectUnharmed(): Promise<void> {
    expect(homesec.alive(), `homesec exited:\n${homesec.tail()}`).toBe(true);
    expect((await fetch(`${homesec.url}/api/health`)).status).toBe(200);
    const cameras = (await (await fetch(`${homesec.url}/api/cameras`, { headers: { Cookie: session } })).json()) as {
      cameras: { name: string; armed: boolean }[];
    };
    expect(cameras.cameras.find((c) => c.name === 'front_door')?.armed).toBe(true);
    expect(homesec.records('http.error')).toEqual([]);
  }

  const host = () => `127.0.0.1:${homesec.httpPort}`;
  const plain = (method: string, target: string, body?: string): RawRequest => ({
    method,
    target,
    headers: [['Host', host()], ['Connection', 'close'], ...(body ? ([['Content-Type', 'application/json']] as const) : [])],
    ...(body ? { body } : {}),
  });

  it('answers the spellings the issue found open with 401, keeps the camera armed, and survives `Cookie: homesec_session=%`', async () => {
    // Given the running service with a password, and no session
    // When the requests that used to pass the login are sent as curl sends them
    const spellings = [
      '/API/clips',
      '/Api/Events',
      '/API/settings',
      '/API/rules',
      '/API/logs',
      '//api/clips',
      '/%61pi/clips',
      '/x/../api/clips',
    ];
    const answers = await Promise.all(spellings.map((target) => rawHttp(homesec.httpPort, plain('GET', target))));
    const disarm = await rawHttp(homesec.httpPort, plain('PUT', '/API/cameras/front_door/armed', '{"armed":false}'));
    const badCookie = await rawHttp(homesec.httpPort, {
      ...plain('GET', '/api/clips'),
      headers: [...plain('GET', '/api/clips').headers, ['Cookie', 'homesec_session=%']],
    });
    // Then every one is refused with 401, and the process, its health and the armed camera are as before
    expect(answers.map((a) => a.status)).toEqual(spellings.map(() => 401));
    expect(disarm.status).toBe(401);
    expect(badCookie.status).toBe(401);
    await expectUnharmed();
  });

  it('refuses every protected route, however its path is spelled, with 401', async () => {
    // Given no session
    // When any protected route is asked for with its path respelled (case, percent-encoding, dot segments,
    // repeated slashes, a trailing slash) and a query string
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROTECTED).chain((route) => {
          const [path = '', query] = route.path.split('?');
          return fc.tuple(fc.constant(route), spellingOf(path), query ? fc.constant(`?${query}`) : queryString);
        }),
        async ([route, path, query]) => {
          const answer = await rawHttp(homesec.httpPort, plain(route.method, `${path}${query}`, route.body));
          // Then the answer is always 401: no spelling reaches a route without the login
          expect(answer.status, `${route.method} ${path}${query}`).toBe(401);
        },
      ),
      { numRuns: RUNS },
    );
    await expectUnharmed();
  });

  it('answers 4xx to any Cookie, Host, Origin, Upgrade and X-Forwarded-* header, absolute-form targets too, and stays up', async () => {
    // Given no session
    const request = fc.record({
      route: fc.constantFrom(...PROTECTED),
      spelling: fc.boolean(),
      absolute: fc.constantFrom('', 'http://127.0.0.1', 'http://evil.example'),
      cookie: fc.option(cookieHeader, { nil: null }),
      host: fc.option(fc.oneof(fc.constant('127.0.0.1'), fc.domain(), headerValue), { nil: null }),
      origin: fc.option(fc.oneof(fc.webUrl(), fc.constant('null'), headerValue), { nil: null }),
      upgrade: fc.option(fc.oneof(fc.constant('websocket'), headerValue), { nil: null }),
      forwarded: fc.option(fc.tuple(fc.ipV4(), fc.constantFrom('https', 'http', '')), { nil: null }),
    });
    // When requests carry any mix of them
    await fc.assert(
      fc.asyncProperty(request, spellingOf('/api/clips'), async (r, respelled) => {
        const path = r.spelling && r.route.method === 'GET' && !r.route.path.includes('?') ? respelled : r.route.path;
        const headers: [string, string][] = [];
        if (r.host !== null) headers.push(['Host', r.host]);
        if (r.cookie !== null) headers.push(['Cookie', r.cookie]);
        if (r.origin !== null) headers.push(['Origin', r.origin]);
        if (r.upgrade !== null)
          headers.push(
            ['Connection', 'Upgrade'],
            ['Upgrade', r.upgrade],
            ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
            ['Sec-WebSocket-Version', '13'],
          );
        else headers.push(['Connection', 'close']);
        if (r.forwarded)
          headers.push(['X-Forwarded-For', r.forwarded[0]], ['X-Forwarded-Proto', r.forwarded[1]], ['X-Forwarded-Host', 'evil.example']);
        const answer = await rawHttp(homesec.httpPort, {
          method: r.route.method,
          target: `${r.absolute}${path}`,
          headers,
          ...(r.route.body ? { body: r.route.body } : {}),
        });
        // Then each is refused with a 4xx (401, 403 cross-site, 400 malformed): never served, never a crash
        expect(answer.status, JSON.stringify({ ...r, path })).toBeGreaterThanOrEqual(400);
        expect(answer.status, JSON.stringify({ ...r, path })).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await expectUnharmed();
  });

  it('refuses WebSocket upgrades without a session, whatever they carry', async () => {
    // Given no session
    // When socket.io WebSocket upgrades arrive with respelled paths and any Cookie and Origin
    await fc.assert(
      fc.asyncProperty(
        spellingOf('/socket.io/', 2),
        fc.option(cookieHeader, { nil: null }),
        fc.option(fc.oneof(fc.constant(`http://127.0.0.1:${homesec.httpPort}`), fc.webUrl(), headerValue), { nil: null }),
        async (path, cookie, origin) => {
          const headers: [string, string][] = [
            ['Host', host()],
            ['Connection', 'Upgrade'],
            ['Upgrade', 'websocket'],
            ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
            ['Sec-WebSocket-Version', '13'],
          ];
          if (cookie !== null) headers.push(['Cookie', cookie]);
          if (origin !== null) headers.push(['Origin', origin]);
          const answer = await rawHttp(homesec.httpPort, { method: 'GET', target: `${path}?EIO=4&transport=websocket`, headers });
          // Then the upgrade is answered with a 4xx status and closed
          expect(answer.status, JSON.stringify({ path, cookie, origin })).toBeGreaterThanOrEqual(400);
          expect(answer.status, JSON.stringify({ path, cookie, origin })).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    await expectUnharmed();
  });

  it('with a session, serves each route under its one spelling only', async () => {
    // Given a session, and the routes that answer 200 to it
    const lists = ['/api/clips', '/api/events', '/api/cameras', '/api/settings', '/api/rules', '/api/stats', '/api/review/counts'];
    for (const path of lists) expect((await fetch(`${homesec.url}${path}`, { headers: { Cookie: session } })).status, path).toBe(200);
    // When they are asked for under any other spelling
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...lists)
          .chain((path) => fc.tuple(fc.constant(path), spellingOf(path, 3)))
          .filter(([path, respelled]) => path !== respelled),
        async ([path, respelled]) => {
          const answer = await rawHttp(homesec.httpPort, {
            method: 'GET',
            target: respelled,
            headers: [
              ['Host', host()],
              ['Cookie', session],
              ['Connection', 'close'],
            ],
          });
          // Then that spelling reaches no route (404, or 400 for what is no path at all)
          expect(answer.status, `${path} spelled ${respelled}`).toBeGreaterThanOrEqual(400);
          expect(answer.status, `${path} spelled ${respelled}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    await expectUnharmed();
  });
});
