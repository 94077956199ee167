import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpendLedger } from '../../../server/src/analyze/spend-ledger.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LocalStatePruner } from '../../../server/src/maintenance/local-state-pruner.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { newEvent } from '../../../server/src/events/new-event.js';
import { OutboxTable } from '../../../server/src/notify/outbox-table.js';
import { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { CameraEventRepository } from '../../../server/src/store/camera-event-repository.js';
import { LocalClipStates } from '../../../server/src/store/local-clip-states.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { StoreWriteJournal } from '../../../server/src/store/store-write-journal.js';
import { makeClip } from '../../support/factories.js';
import { dropClip } from '../../support/drop-clip.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;

describe('the local database stays the size of the recent past', () => {
  let running: StartedHomesec | null = null;
  let broker: MosquittoBroker | null = null;
  let recorder: MqttRecorder | null = null;
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("forgets a finished clip's and its event's local state and the delivered notification once they are old; the store keeps them", async () => {
    // Given HomeSec with detection and an MQTT broker, and a clip with people that alerted and was delivered
    broker = await startMosquitto();
    recorder = await recordMqtt(broker.url, 'homesec/alerts/#');
    running = await startHomesec({
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      mqtt: { url: broker.url },
    });
    const app = running.app;
    const done = waitForClip(app, (c) => c.status === 'done', 30_000);
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('pedestrians.mp4'), 'people.mp4');
    const clip = await done;
    await recorder.waitFor('homesec/alerts/front_door', 1);
    expect(await app.repository.drain(5000)).toBe(true);
    // And the app prunes on a schedule (a part with its own health check)
    expect(app.health.report().checks['local state']?.status).toBe('healthy');
    // When a pass runs as if eight days had gone by
    const localDb = LocalDb.open(running.config.dataDir);
    cleanups.push(() => localDb.stop());
    const later = new Date(Date.now() + 8 * DAY);
    const pruner = new LocalStatePruner({ repository: app.repository, localDb, log: createLogger('silent'), now: () => later });
    let outboxRows = 0;
    let clipStates = 0;
    let eventStates = 0;
    await expect
      .poll(() => {
        const pass = pruner.prune();
        outboxRows += pass.outboxRows;
        clipStates += pass.clipStates;
        eventStates += pass.eventStates;
        return outboxRows;
      })
      .toBe(1);
    // Then the clip's and the event's local copies are gone but the store still has them, and the delivered row is gone
    const eventId = clip.eventId ?? '';
    expect(clipStates).toBe(1);
    expect(eventStates).toBe(1);
    expect(app.repository.getLocal(clip.id)).toBeNull();
    expect((await app.repository.getClip(clip.id))?.status).toBe('done');
    expect(app.cameraEvents.getLocal(eventId)).toBeNull();
    expect((await app.cameraEvents.get(eventId))?.clipIds).toStrictEqual([clip.id]);
    // And a second pass finds nothing more
    expect(pruner.prune()).toEqual({ clipStates: 0, eventStates: 0, outboxRows: 0, spendRows: 0 });

    // When the old event is reviewed
    const reviewedAt = new Date().toISOString();
    expect(await app.cameraEvents.change(eventId, (e) => ({ ...e, reviewedAt }))).toMatchObject({ reviewedAt });
    // Then the store has the change, and the local database did not take the event back
    expect(await app.repository.drain(5000)).toBe(true);
    expect((await app.cameraEvents.get(eventId))?.reviewedAt).toBe(reviewedAt);
    expect(app.cameraEvents.getLocal(eventId)).toBeNull();
  });

  it('keeps a closed event while a clip of it is held locally or a message of it waits, and forgets it after', async () => {
    // Given the real repositories on a clock two days back, and three closed events with one clip each:
    // one clip still in the pipeline, one event with an alert waiting in the outbox, one all settled
    const dir = makeTempDir('homesec-event-states-');
    const localDb = LocalDb.open(dir.path);
    const log = createLogger('silent');
    let now = Date.now() - 2 * DAY;
    const clock = () => new Date(now);
    const bus = new SignalBus(log);
    const store = new SqliteClipStore(join(dir.path, 'homesec.db'));
    const repository = new ClipRepository({
      store,
      journal: new StoreWriteJournal(localDb),
      states: new LocalClipStates(localDb),
      transaction: (fn) => localDb.transaction(fn),
      bus,
      log,
      now: clock,
    });
    await repository.start();
    cleanups.push(
      () => repository.stop(),
      () => localDb.stop(),
      () => dir.remove(),
    );
    const events = new CameraEventRepository({ store, clips: repository, localDb, bus, now: clock });
    const closedWithClip = (clipId: string, status: 'processing' | 'done') => {
      const opened = events.open({ ...newEvent('front_door', 'folder', clock(), false), id: `evt_${clipId}` });
      repository.create(makeClip({ id: clipId, status, eventId: opened.id }), { type: 'clip_received', data: {} });
      events.update(opened.id, (e) => ({ ...e, status: 'closed', clipIds: [clipId] }));
      return opened.id;
    };
    const inPipeline = closedWithClip('c_busy', 'processing');
    const waiting = closedWithClip('c_waiting', 'done');
    const settled = closedWithClip('c_settled', 'done');
    const outbox = new OutboxTable(localDb);
    outbox.addAll(waiting, 'new', ['mqtt'], '{}', now);
    expect(await repository.drain(5000)).toBe(true);

    // When the pruner runs now (two days later)
    now = Date.now();
    const pruner = new LocalStatePruner({ repository, localDb, log, now: clock });
    const pass = pruner.prune();

    // Then only the settled event is forgotten locally (the store keeps it)
    expect(pass).toMatchObject({ clipStates: 2, eventStates: 1 });
    expect(events.getLocal(settled)).toBeNull();
    expect(events.getLocal(inPipeline)).not.toBeNull();
    expect(events.getLocal(waiting)).not.toBeNull();
    expect((await store.getEvent(settled))?.clipIds).toStrictEqual(['c_settled']);

    // When the waiting message is delivered and a pass runs again
    const row = outbox.nextPending('mqtt');
    if (row) outbox.update(row.seq, { status: 'delivered', attempts: 1, nextAt: now, lastError: null }, now);
    // Then that event goes too; the one whose clip is still in the pipeline stays
    expect(pruner.prune()).toMatchObject({ eventStates: 1 });
    expect(events.getLocal(waiting)).toBeNull();
    expect(events.getLocal(inPipeline)).not.toBeNull();
  });

  it('folds old VLM calls into monthly totals and drops months past a year, without changing the budget figures', () => {
    // Given a ledger with calls last year, last month and this month (two of them over two days old)
    const dir = makeTempDir('homesec-ledger-');
    const localDb = LocalDb.open(dir.path);
    cleanups.push(
      () => localDb.stop(),
      () => dir.remove(),
    );
    const ledger = new SpendLedger(localDb);
    const now = new Date(2026, 5, 20, 12);
    const call = (at: Date, clipId: string) =>
      ledger.record({
        clipId,
        camera: 'porch',
        model: 'gpt-4.1-mini',
        at,
        promptTokens: 1000,
        completionTokens: 100,
        costUsd: 0.01,
        outcome: 'analyzed',
      });
    call(new Date(2025, 3, 2), 'old');
    call(new Date(2026, 4, 3), 'may-1');
    call(new Date(2026, 4, 9), 'may-2');
    call(new Date(2026, 5, 1), 'june-1');
    call(new Date(2026, 5, 2), 'june-2');
    call(new Date(2026, 5, 20, 11), 'june-3');
    const before = ledger.monthToDate(now);
    // When the ledger is compacted as the pruner does (calls over two days old folded, 13 months kept)
    const removed = ledger.compact(new Date(now.getTime() - 2 * DAY), '2025-06');
    // Then the month-to-date figures are the same, May is one row, and the year-old month is gone
    expect(ledger.monthToDate(now)).toEqual(before);
    expect(before).toMatchObject({ calls: 3, promptTokens: 3000 });
    expect(ledger.monthToDate(new Date(2026, 4, 15))).toMatchObject({ calls: 2, costUsd: 0.02 });
    expect(ledger.monthToDate(new Date(2025, 3, 15))).toMatchObject({ calls: 0 });
    expect(removed).toBe(3);
    // And compacting again changes nothing
    expect(ledger.compact(new Date(now.getTime() - 2 * DAY), '2025-06')).toBe(0);
  });
});
