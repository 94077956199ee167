import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpendLedger } from '../../../server/src/analyze/spend-ledger.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LocalStatePruner } from '../../../server/src/maintenance/local-state-pruner.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
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
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await running?.close();
    running = null;
    await recorder?.close();
    await broker?.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("forgets a finished clip's local state and its delivered notification once they are old; the store keeps the clip", async () => {
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
    await expect
      .poll(() => {
        const pass = pruner.prune();
        outboxRows += pass.outboxRows;
        clipStates += pass.clipStates;
        return outboxRows;
      })
      .toBe(1);
    // Then the clip's local copy is gone but the store still has it, and the delivered row is gone
    expect(clipStates).toBe(1);
    expect(app.repository.getLocal(clip.id)).toBeNull();
    expect((await app.repository.getClip(clip.id))?.status).toBe('done');
    // And a second pass finds nothing more
    expect(pruner.prune()).toEqual({ clipStates: 0, outboxRows: 0, spendRows: 0 });
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
