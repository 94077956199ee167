import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SpendLedger } from '../analyze/spend-ledger.js';
import { SignalBus } from '../core/signal-bus.js';
import type { Clip, StageName } from '../core/clip.js';
import { createLogger } from '../logging/logger.js';
import { LocalStatePruner } from '../maintenance/local-state-pruner.js';
import { OutboxTable } from '../notify/outbox-table.js';
import { ClipRepository } from '../store/clip-repository.js';
import { CameraEventRepository } from '../store/camera-event-repository.js';
import { newEvent } from '../events/new-event.js';
import { LocalClipStates } from '../store/local-clip-states.js';
import { LOCAL_DB_FILE_NAME, LocalDb } from '../store/local-db.js';
import { SqliteClipStore } from '../store/sqlite-clip-store.js';
import { StoreDeadLetters } from '../store/store-dead-letters.js';
import { StoreWriteJournal } from '../store/store-write-journal.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { syntheticClip } from './synthetic-clips.js';

const CLIPS = 10_000;
/** 10 000 clips over 40 simulated days (about 250 a day), so every pruning window is passed many times. */
const SIMULATED_MS = 40 * 86_400_000;
const SAMPLE_EVERY = 1000;
const STAGES: readonly StageName[] = ['upload', 'detect', 'analyze'];

interface Run {
  /** local.db (main file) in MB after every SAMPLE_EVERY clips. */
  readonly sizesMb: number[];
  readonly walMb: number;
}

/**
 * Whether the local database stays flat: 10 000 clips through the real repositories (journal, local clip
 * and event states, a SQLite clip store), each with its camera event, one delivered notification and one
 * VLM call, over 40 simulated days, with the local-state pruner running every simulated hour, and once
 * more without it.
 */
export const localStateBench: Benchmark = async (context) => {
  const pruned = await simulate(context.scratchDir, true);
  context.log(`local-state: pruned ${pruned.sizesMb.map((s) => s.toFixed(2)).join(', ')} MB`);
  const unpruned = await simulate(context.scratchDir, false);
  context.log(`local-state: unpruned ${unpruned.sizesMb.map((s) => s.toFixed(2)).join(', ')} MB`);
  const at = (run: Run, clips: number) => run.sizesMb[clips / SAMPLE_EVERY - 1] ?? Number.NaN;
  const steps = pruned.sizesMb.map((s, i) => `${(i + 1) * SAMPLE_EVERY}: ${s.toFixed(2)}`).join(', ');
  return [
    {
      name: 'local_state.local_db_after_10k_clips',
      value: at(pruned, CLIPS),
      unit: 'MB',
      reference: { name: 'without pruning', value: at(unpruned, CLIPS), unit: 'MB' },
      target: 'flat: no growth with the number of clips',
      notes: `local.db main file per 1000 clips (MB) with pruning: ${steps}; WAL ${pruned.walMb.toFixed(1)} MB (bounded by SQLite's checkpoints)`,
    },
    {
      name: 'local_state.growth_5k_to_10k_clips',
      value: at(pruned, CLIPS) - at(pruned, 5000),
      unit: 'MB',
      reference: { name: 'without pruning', value: at(unpruned, CLIPS) - at(unpruned, 5000), unit: 'MB' },
      notes:
        '250 clips (and events) a simulated day; clip and event states kept 1 day, notification rows 7 days, single VLM calls 2 days (then monthly totals)',
    },
  ] satisfies BenchFigure[];
};

async function simulate(scratchDir: string, prune: boolean): Promise<Run> {
  // On tmpfs when there is one: the local database fsyncs every transaction (synchronous=FULL), which measures the disk, not the size.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : scratchDir, 'homesec-local-state-'));
  const log = createLogger('silent');
  const start = Date.parse('2026-01-01T00:00:00Z');
  let now = start;
  const clock = () => new Date(now);
  const localDb = LocalDb.open(dir);
  const store = new SqliteClipStore(join(dir, 'homesec.db'));
  const repository = new ClipRepository({
    store,
    journal: new StoreWriteJournal(localDb),
    states: new LocalClipStates(localDb),
    deadLetters: new StoreDeadLetters(localDb),
    transaction: (fn) => localDb.transaction(fn),
    bus: new SignalBus(log),
    log,
    now: clock,
  });
  const events = new CameraEventRepository({ store, clips: repository, localDb, bus: new SignalBus(log), now: clock });
  const outbox = new OutboxTable(localDb);
  const ledger = new SpendLedger(localDb);
  const pruner = new LocalStatePruner({ repository, localDb, log, now: clock });
  const sizesMb: number[] = [];
  const file = join(dir, LOCAL_DB_FILE_NAME);
  let lastPrune = now;
  try {
    await repository.start();
    for (let i = 0; i < CLIPS; i++) {
      now = start + Math.round((i * SIMULATED_MS) / CLIPS);
      const clip = oneClip(repository, i, now);
      const eventId = oneEvent(events, clip, now);
      outbox.addAll(eventId, 'new', ['mqtt'], JSON.stringify(clip), now);
      const row = outbox.nextPending('mqtt');
      if (row) outbox.update(row.seq, { status: 'delivered', attempts: 1, nextAt: now, lastError: null }, now);
      ledger.record({
        clipId: clip.id,
        camera: clip.camera,
        model: 'gpt-4.1-mini',
        at: clock(),
        promptTokens: 4000,
        completionTokens: 200,
        costUsd: 0.002,
        outcome: 'analyzed',
      });
      if (prune && now - lastPrune >= 3_600_000) {
        pruner.prune();
        lastPrune = now;
      }
      if ((i + 1) % 100 === 0) await repository.drain(30_000);
      if ((i + 1) % SAMPLE_EVERY === 0) sizesMb.push(statSync(file).size / 1e6);
    }
    const wal = `${file}-wal`;
    return { sizesMb, walMb: existsSync(wal) ? statSync(wal).size / 1e6 : 0 };
  } finally {
    await repository.stop();
    localDb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The clip's camera event as a whole clip has it: opened, then closed with the clip. */
function oneEvent(events: CameraEventRepository, clip: Clip, now: number): string {
  const at = new Date(now);
  const opened = events.open({ ...newEvent(clip.camera, 'folder', at, false), createdAt: at.toISOString(), updatedAt: at.toISOString() });
  events.update(opened.id, (e) => ({ ...e, status: 'closed', endedAt: at.toISOString(), clipIds: [clip.id], endReason: 'clip_done' }));
  return opened.id;
}

/** One clip's life as the pipeline writes it: received, processing, five stages, done. */
function oneClip(repository: ClipRepository, index: number, now: number): Clip {
  const at = new Date(now).toISOString();
  const clip: Clip = { ...syntheticClip(index, now), status: 'queued', stages: {}, createdAt: at, updatedAt: at };
  repository.create(clip, { type: 'clip_received', data: { source: 'folder' } });
  repository.update(clip.id, (c) => ({ ...c, status: 'processing' }));
  for (const stage of STAGES)
    repository.update(
      clip.id,
      (c) => ({ ...c, stages: { ...c.stages, [stage]: { outcome: 'ok', reason: null, ms: 100, at, attempts: 1 } } }),
      { type: 'stage_succeeded', data: { stage } },
    );
  return repository.update(clip.id, (c) => ({ ...c, status: 'done' }), { type: 'clip_done', data: {} });
}
