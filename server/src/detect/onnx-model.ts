import * as ort from 'onnxruntime-node';
import { HomesecError } from '../core/errors.js';
import type { OutputData } from './decode-detr.js';
import type { ModelFormat, ModelLayout, TensorInfo } from './model-format.js';
import { modelLayoutOf } from './model-layout.js';

/** The model file cannot be used: unreadable, not ONNX, or not a detector HomeSec can decode. */
export class ModelLoadError extends HomesecError {}

export interface OnnxModelOptions {
  /** Threads ORT uses inside one inference; 2 suits the 2-core boxes HomeSec targets. */
  readonly threads: number;
  readonly format: 'auto' | ModelFormat;
}

/**
 * The only wrapper around ONNX Runtime: one session per model, created once, with the layout
 * read from the model's own metadata. `run` blocks the calling thread (the node binding runs
 * synchronously), so the service calls it from a worker thread (inference-worker.ts).
 */
export class OnnxModel {
  /** D-FINE/RT-DETR scale their boxes by this input: the model's own W,H gives boxes in model pixels. */
  private readonly sizes: ort.Tensor | null;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly layout: ModelLayout,
  ) {
    this.sizes = layout.sizesInputName
      ? new ort.Tensor('int64', BigInt64Array.from([BigInt(layout.inputWidth), BigInt(layout.inputHeight)]), [1, 2])
      : null;
  }

  static async load(source: string | Uint8Array, options: OnnxModelOptions): Promise<OnnxModel> {
    const where = typeof source === 'string' ? source : 'model bytes';
    let session: ort.InferenceSession;
    try {
      const sessionOptions: ort.InferenceSession.SessionOptions = {
        executionProviders: ['cpu'],
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // Idle threads sleep instead of spinning: at a few inferences a second, spinning tripled the CPU.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      };
      session =
        typeof source === 'string'
          ? await ort.InferenceSession.create(source, sessionOptions)
          : await ort.InferenceSession.create(source, sessionOptions);
    } catch (e) {
      throw new ModelLoadError(`cannot load model ${where}: ${firstLine(e)}`, { cause: e });
    }
    const inputs = session.inputMetadata.map(tensorInfo).filter((t) => t !== null);
    const outputs = session.outputMetadata.map(tensorInfo).filter((t) => t !== null);
    const layout = modelLayoutOf(inputs, outputs, options.format);
    if (!layout.ok) {
      await session.release();
      throw new ModelLoadError(`model ${where} is not a supported detector: ${layout.error}`);
    }
    return new OnnxModel(session, layout.value);
  }

  /** Runs one CHW frame of the model's input size; returns the decoder's outputs in `layout.outputNames` order. */
  async run(input: Float32Array | Uint8Array): Promise<OutputData[]> {
    const { inputName, outputNames, inputWidth, inputHeight, sizesInputName } = this.layout;
    const shape = [1, 3, inputHeight, inputWidth];
    const image = input instanceof Uint8Array ? new ort.Tensor('uint8', input, shape) : new ort.Tensor('float32', input, shape);
    const feeds: Record<string, ort.Tensor> = { [inputName]: image };
    if (sizesInputName && this.sizes) feeds[sizesInputName] = this.sizes;
    const outputs = await this.session.run(feeds);
    return outputNames.map((name) => {
      const data = outputs[name]?.data;
      if (data instanceof Float32Array || data instanceof BigInt64Array || data instanceof Int32Array || data instanceof Uint8Array)
        return data;
      throw new ModelLoadError(`model gave no numeric output "${name}"`);
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function tensorInfo(meta: ort.InferenceSession.ValueMetadata): TensorInfo | null {
  if (!meta.isTensor) return null;
  return { name: meta.name, shape: meta.shape, type: meta.type };
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}
