import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import type { EventSummary } from '../../../server/src/http/contract.js';
import type {
  CameraActivityResponse,
  ReviewCounts,
  RuleListResponse,
  RuleView,
  SettingsResponse,
} from '../../../server/src/http/review-contract.js';
import { makeAnalysis, makeClip, makeDetection, makeEventOf } from '../../support/factories.js';
import { BACKENDS, getJson, startApi, type ApiUnderTest } from './http-test-kit.js';

const sent = { key: 'new', phase: 'new' as const, at: new Date().toISOString(), reason: 'risk_at_or_above_min', deliveries: {} };

/** An event of a camera, started `minutesAgo`; alerted ones carry a sent `new` message. */
function event(id: string, camera: string, minutesAgo: number, alerted: boolean): CameraEvent {
  const startedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const clip = makeClip({ id: `clip_${id}`, camera, startedAt, detection: makeDetection(['person', 'car']), analysis: makeAnalysis() });
  return makeEventOf(clip, {
    id,
    status: 'closed',
    triggered: true,
    moments: [
      {
        at: startedAt,
        frameWidth: 1000,
        frameHeight: 500,
        detections: [
          { label: 'car', score: 0.8, box: [100, 100, 300, 200] },
          { label: 'person', score: 0.9, box: [600, 100, 700, 400] },
        ],
      },
    ],
    alerts: alerted ? [sent] : [],
  });
}

function send(url: string, method: string, body?: unknown) {
  return getJson(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe.each(BACKENDS)('review API on %s: reviewed, feedback, mark all, rules, camera activity, settings', (backend) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    // Given the real app with secrets in its config, and five events on two cameras, three of which alerted
    api = await startApi(backend, {
      mqtt: { url: 'mqtt://broker.local:1883', username: 'homesec', password: 'mqtt-secret-1' },
      analyzer: { enabled: false, api_key: 'sk-secret-2', base_url: 'https://user:url-secret-3@vlm.example/v1?token=url-secret-4' },
    });
    const events = api.homesec.app.cameraEvents;
    events.open(event('evt_a', 'front_door', 50, true));
    events.open(event('evt_b', 'front_door', 40, false));
    events.open(event('evt_c', 'driveway', 30, true));
    events.open(event('evt_d', 'driveway', 20, true));
    events.open(event('evt_e', 'front_door', 10, false));
    expect(await api.repository.drain(10_000)).toBe(true);
  });
  afterAll(async () => api?.close());

  it('counts unreviewed alerts, and a reviewed event leaves the count', async () => {
    // When the counts are asked for / Then three alerts and five events wait for review
    const before = await getJson<ReviewCounts>(`${api.url}/api/review/counts`);
    expect(before.body).toStrictEqual({ unreviewedAlerts: 3, unreviewedDetections: 5, unreviewed: 5 });
    // When one alert is marked reviewed
    const marked = await send(`${api.url}/api/events/evt_c/reviewed`, 'PUT', { reviewed: true });
    // Then the answer says so, the list filter finds it, and two alerts remain
    expect((marked.body as EventSummary).reviewed).toBe(true);
    expect(await api.repository.drain(10_000)).toBe(true);
    const reviewed = await getJson<{ events: EventSummary[] }>(`${api.url}/api/events?reviewed=true`);
    expect(reviewed.body.events.map((e) => e.id)).toStrictEqual(['evt_c']);
    expect((await getJson<ReviewCounts>(`${api.url}/api/review/counts`)).body.unreviewedAlerts).toBe(2);
  });

  it('stores false alarm / correct on the event, which also marks it reviewed', async () => {
    // When evt_b is called a false alarm
    const answer = await send(`${api.url}/api/events/evt_b/feedback`, 'PUT', { verdict: 'false_alarm' });
    // Then the verdict is on the event, with when, and the event counts as reviewed
    expect(answer.status).toBe(200);
    const stored = await api.homesec.app.cameraEvents.get('evt_b');
    expect(stored?.feedback?.verdict).toBe('false_alarm');
    expect(stored?.reviewedAt).not.toBeNull();
    // And a bad verdict or an unknown event is refused with a reason
    expect((await send(`${api.url}/api/events/evt_b/feedback`, 'PUT', { verdict: 'maybe' })).status).toBe(400);
    expect((await send(`${api.url}/api/events/nope/feedback`, 'PUT', { verdict: 'correct' })).status).toBe(404);
  });

  it('marks every unreviewed alert of a tab reviewed, but not events newer than the page the user saw', async () => {
    // When "mark all reviewed" is sent for the alerts tab, as seen 15 minutes ago
    const before = new Date(Date.now() - 15 * 60_000).toISOString();
    const answer = await send(`${api.url}/api/review/mark-all`, 'POST', { alerted: true, before });
    // Then the two unreviewed alerts are marked, and the newer event and the non-alerts are untouched
    expect(answer.body).toStrictEqual({ marked: 2 });
    const counts = await getJson<ReviewCounts>(`${api.url}/api/review/counts`);
    expect(counts.body).toStrictEqual({ unreviewedAlerts: 0, unreviewedDetections: 1, unreviewed: 1 });
    expect((await send(`${api.url}/api/review/mark-all`, 'POST', { alerted: true })).status).toBe(400);
  });

  it('makes a rule from an event: the area around the label, or the whole camera; lists and removes it', async () => {
    // When a rule is made from evt_a's car, for that area
    const made = await send(`${api.url}/api/rules`, 'POST', { eventId: 'evt_a', label: 'car', scope: 'area' });
    // Then it names the camera, the label and an area around the box (grown by half the box on each side)
    expect(made.status).toBe(201);
    const rule = made.body as RuleView;
    expect(rule).toMatchObject({ camera: 'front_door', label: 'car', area: [0, 0.1, 0.4, 0.5], fromEventId: 'evt_a' });
    expect(rule.description).toBe('ignore car in an area of front_door (0–40% across, 10–50% down)');
    // When a camera-wide rule is made too / Then both are listed
    await send(`${api.url}/api/rules`, 'POST', { eventId: 'evt_a', label: 'person', scope: 'camera' });
    const listed = await getJson<RuleListResponse>(`${api.url}/api/rules`);
    expect(listed.body.rules.map((r) => r.description)).toStrictEqual([
      'ignore car in an area of front_door (0–40% across, 10–50% down)',
      'ignore person on front_door',
    ]);
    // And a label the event never saw is refused
    expect((await send(`${api.url}/api/rules`, 'POST', { eventId: 'evt_a', label: 'dog', scope: 'camera' })).status).toBe(400);
    // When the first is removed / Then one is left, and removing it again is a 404
    expect((await send(`${api.url}/api/rules/${rule.id}`, 'DELETE')).status).toBe(204);
    expect((await getJson<RuleListResponse>(`${api.url}/api/rules`)).body.rules).toHaveLength(1);
    expect((await send(`${api.url}/api/rules/${rule.id}`, 'DELETE')).status).toBe(404);
  });

  it("tells per camera its newest event and today's counts", async () => {
    // When camera activity is asked for
    const { body } = await getJson<CameraActivityResponse>(`${api.url}/api/review/cameras`);
    // Then each configured camera is there, with its newest event
    const byName = Object.fromEntries(body.cameras.map((c) => [c.camera, c]));
    expect(byName.front_door?.lastEvent?.id).toBe('evt_e');
    expect(byName.driveway?.lastEvent?.id).toBe('evt_d');
    expect(byName.garage?.lastEvent).toBeNull();
    // And counts that hold whatever the hour of the run: today's are at most all of them
    expect(byName.driveway?.alertsToday).toBeLessThanOrEqual(2);
    expect(byName.driveway?.eventsToday).toBeGreaterThanOrEqual(byName.driveway?.alertsToday ?? 0);
  });

  it('shows the effective settings in snake_case with every secret masked', async () => {
    // When the settings are read
    const { body, status } = await getJson<SettingsResponse>(`${api.url}/api/settings`);
    const text = JSON.stringify(body);
    // Then the user's words are there, and no secret is
    expect(status).toBe(200);
    expect(body.config).toHaveProperty('alerts.min_risk');
    for (const secret of ['mqtt-secret-1', 'sk-secret-2', 'url-secret-3', 'url-secret-4']) expect(text).not.toContain(secret);
    expect(body.masked).toEqual(expect.arrayContaining(['mqtt.password', 'analyzer.api_key', 'analyzer.base_url']));
    expect((body.config.analyzer as { base_url: string }).base_url).toBe('https://********@vlm.example/v1?token=********');
  });
});
