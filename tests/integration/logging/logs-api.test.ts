import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogListResponse } from '../../../server/src/http/logs-contract.js';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { waitForClip } from '../../support/start-homesec.js';
import { startWithLogSink, type AppWithLogSink } from './log-sink-harness.js';

describe('GET /api/logs', () => {
  let running: AppWithLogSink | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  const get = async (query: string): Promise<{ status: number; body: LogListResponse & { message?: string } }> => {
    const response = await fetch(`${running?.url ?? ''}/api/logs${query}`);
    return { status: response.status, body: (await response.json()) as LogListResponse & { message?: string } };
  };

  it('filters the database log records by clip id, event type and minimum level, with a cursor', async () => {
    // Given HomeSec on SQLite with the log sink, a processed clip, and a warning about another clip
    running = await startWithLogSink();
    const inbox = join(running.dir, 'inbox', 'front_door');
    dropClip(inbox, fixture('empty_scene.mp4'), 'one.mp4');
    const clip = await waitForClip(running.app, (c) => c.status === 'done', 20_000);
    running.log.warn({ event_type: 'test.warning', clip_id: 'other_clip', camera: 'front_door' }, 'something to look at');
    await expect.poll(async () => (await get('?eventType=test.warning')).body.logs.length, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => (await get(`?clipId=${clip.id}&eventType=pipeline.clip_done`)).body.logs.length, { timeout: 10_000 })
      .toBe(1);

    // When the records of the clip are asked for
    const byClip = await get(`?clipId=${encodeURIComponent(clip.id)}`);
    // Then every record returned is about that clip, newest first, and its completion is among them
    expect(byClip.status).toBe(200);
    expect(byClip.body.logs.length).toBeGreaterThan(0);
    expect(byClip.body.logs.every((l) => l.clipId === clip.id)).toBe(true);
    expect(byClip.body.logs.map((l) => l.eventType)).toContain('pipeline.clip_done');
    const ids = byClip.body.logs.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    // When filtered by event type, or by level warn
    const byType = await get('?eventType=pipeline.clip_done');
    const warnings = await get('?level=warn');
    // Then only those records come back
    expect(byType.body.logs.map((l) => l.clipId)).toEqual([clip.id]);
    expect(warnings.body.logs.length).toBeGreaterThan(0);
    expect(warnings.body.logs.every((l) => ['warn', 'error', 'fatal'].includes(l.level))).toBe(true);
    expect(warnings.body.logs.find((l) => l.eventType === 'test.warning')).toMatchObject({
      msg: 'something to look at',
      camera: 'front_door',
      clipId: 'other_clip',
    });

    // When read one record per page
    const first = await get('?limit=1');
    const second = await get(`?limit=1&cursor=${first.body.nextCursor ?? ''}`);
    // Then the pages follow each other
    expect(first.body.nextCursor).not.toBeNull();
    expect(second.body.logs[0]?.id).toBeLessThan(first.body.logs[0]?.id ?? 0);
  });

  it('answers 400 for a bad query, naming the parameter', async () => {
    // Given a running HomeSec; When asked with an unknown level and an unknown parameter
    running = await startWithLogSink();
    const badLevel = await get('?level=loud');
    const unknown = await get('?clip=abc');
    // Then each is a 400 that says what is wrong
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.message).toMatch(/level/);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/"clip"/);
  });
});
