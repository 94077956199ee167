import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HomesecError } from '../core/errors.js';
import type { InferenceWorkerInit, InferenceWorkerReply, RegionCrop } from './inference-messages.js';
import type { ModelLayout } from './model-format.js';
import type { ModelDetection } from './model-detection.js';
import { ModelLoadError } from './onnx-model.js';

/** The inference workers are gone (crashed or closed); the detector must load the model again. */
export class InferencePoolClosedError extends HomesecError {}

interface Job {
  readonly frame: Uint8Array<ArrayBufferLike>;
  readonly crop?: RegionCrop;
  readonly resolve: (detections: ModelDetection[]) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  job: { readonly id: number; readonly reject: (e: Error) => void; readonly resolve: (d: ModelDetection[]) => void } | null;
}

/**
 * A fixed set of worker threads, one ORT session each. `size` is the bound on inferences running
 * at once; further frames wait in a FIFO queue, so a burst of clips never oversubscribes the CPU.
 */
export class InferencePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly init: InferenceWorkerInit,
    private readonly size: number,
  ) {}

  /** Starts the workers and waits until every one has loaded the model. */
  async start(): Promise<ModelLayout> {
    const layouts = await Promise.allSettled(Array.from({ length: this.size }, () => this.startWorker()));
    const failed = layouts.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    const first = layouts.find((l): l is PromiseFulfilledResult<ModelLayout> => l.status === 'fulfilled');
    if (failed || !first) {
      await this.close();
      throw failed?.reason instanceof Error ? failed.reason : new ModelLoadError('no inference worker started');
    }
    return first.value;
  }

  get alive(): boolean {
    return !this.closed && this.slots.length > 0;
  }

  /** Detects objects in one letterboxed frame; the frame's buffer is handed to the worker. */
  detect(frame: Uint8Array<ArrayBuffer>): Promise<ModelDetection[]> {
    return this.enqueue({ frame });
  }

  /** Detects objects in a region of a detect frame held in shared memory; the worker cuts it out. Boxes are in model pixels of the region. */
  detectRegion(frame: Uint8Array<SharedArrayBuffer>, crop: RegionCrop): Promise<ModelDetection[]> {
    return this.enqueue({ frame, crop });
  }

  private enqueue(work: Pick<Job, 'frame' | 'crop'>): Promise<ModelDetection[]> {
    if (!this.alive) return Promise.reject(new InferencePoolClosedError('inference workers are not running'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...work, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const gone = new InferencePoolClosedError('inference workers stopped');
    for (const job of this.queue.splice(0)) job.reject(gone);
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.job?.reject(gone);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      const job = slot.job === null ? this.queue.shift() : undefined;
      if (!job) continue;
      const id = this.nextId++;
      slot.job = { id, resolve: job.resolve, reject: job.reject };
      // A shared frame is shared, not moved: the other regions of the frame still need it.
      const { frame, crop } = job;
      if (crop) slot.worker.postMessage({ type: 'detect', id, frame, crop });
      else slot.worker.postMessage({ type: 'detect', id, frame }, frame.buffer instanceof ArrayBuffer ? [frame.buffer] : []);
    }
  }

  private startWorker(): Promise<ModelLayout> {
    const worker = spawnInferenceWorker(this.init);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (reply: InferenceWorkerReply) => {
        if (reply.type === 'ready') {
          ready = true;
          this.slots.push({ worker, job: null });
          resolve(reply.layout);
          this.dispatch();
        } else if (reply.type === 'load_failed') {
          reject(new ModelLoadError(reply.message));
          worker.terminate().catch(() => undefined); // a worker that failed to load is gone either way
        } else {
          this.settle(worker, reply);
        }
      });
      worker.on('error', (e) => {
        if (!ready) reject(new ModelLoadError(`inference worker failed to start: ${e.message}`, { cause: e }));
        else this.drop(worker, e);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new ModelLoadError(`inference worker exited with code ${code} before loading the model`));
        else this.drop(worker, new InferencePoolClosedError(`inference worker exited with code ${code}`));
      });
    });
  }

  private settle(worker: Worker, reply: Extract<InferenceWorkerReply, { id: number }>): void {
    const slot = this.slots.find((s) => s.worker === worker);
    const job = slot?.job;
    if (!slot || !job || job.id !== reply.id) return;
    slot.job = null;
    if (reply.type === 'detected') job.resolve(reply.detections);
    else job.reject(new HomesecError(`inference failed: ${reply.message}`));
    this.dispatch();
  }

  /** A worker died: fail its frame; when none are left, fail the queue too. */
  private drop(worker: Worker, why: Error): void {
    const index = this.slots.findIndex((s) => s.worker === worker);
    if (index < 0) return;
    const [slot] = this.slots.splice(index, 1);
    slot?.job?.reject(why);
    if (this.slots.length === 0) for (const job of this.queue.splice(0)) job.reject(why);
  }
}

/**
 * From dist the worker is plain JS. From source (tsx, vitest) Node 20 cannot load a .ts worker by
 * itself, so a two-line bootstrap registers tsx inside the worker first.
 */
function spawnInferenceWorker(init: InferenceWorkerInit): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./inference-worker.js', here), { workerData: init });
  const target = new URL('./inference-worker.ts', here).href;
  const tsxApi = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true, workerData: init });
}
