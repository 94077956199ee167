import * as ort from 'onnxruntime-node';
import { HomesecError } from '../core/errors.js';
import { modelLayoutFrom, type ModelFormat, type ModelLayout, type TensorInfo } from './model-format.js';

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
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly layout: ModelLayout,
  ) {}

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
    const input = tensorInfo(session.inputMetadata[0]);
    const output = tensorInfo(session.outputMetadata[0]);
    const layout = input && output ? modelLayoutFrom(input, output, options.format) : null;
    if (!layout || !layout.ok) {
      await session.release();
      throw new ModelLoadError(`model ${where} is not a supported detector: ${layout ? layout.error : 'it has no tensor input or output'}`);
    }
    return new OnnxModel(session, layout.value);
  }

  /** Runs one CHW float frame of the model's input size; returns the first output's data. */
  async run(input: Float32Array): Promise<Float32Array> {
    const { inputName, outputName, inputWidth, inputHeight } = this.layout;
    const tensor = new ort.Tensor('float32', input, [1, 3, inputHeight, inputWidth]);
    const outputs = await this.session.run({ [inputName]: tensor });
    const out = outputs[outputName];
    if (!out || !(out.data instanceof Float32Array)) throw new ModelLoadError(`model gave no float32 output "${outputName}"`);
    return out.data;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function tensorInfo(meta: ort.InferenceSession.ValueMetadata | undefined): TensorInfo | null {
  if (!meta || !meta.isTensor) return null;
  return { name: meta.name, shape: meta.shape };
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}
