import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { HomesecError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from '../logging/redact.js';
import { BUILTIN_MODELS, builtinModel, SHIPPED_MODELS_DIR, type BuiltinModel } from './builtin-models.js';

/** No usable model file: offline, a failed checksum, or a path that does not exist. */
export class ModelUnavailableError extends HomesecError {}

export interface ModelRequest {
  /** `detector.model`: a built-in name or a path to an .onnx file. */
  readonly model: string;
  /** `detector.model_url`: fetch a built-in model from here instead of using the shipped copy or its official release. */
  readonly modelUrl?: string | undefined;
  readonly dataDir: string;
  /** Where shipped models live (default: the project's `models/` folder); tests point it elsewhere. */
  readonly shippedDir?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface ModelFile {
  readonly path: string;
  /** What the result records as `model`: the built-in name or the file name. */
  readonly name: string;
  readonly builtin: BuiltinModel | null;
}

const PROGRESS_STEP_PERCENT = 25;
const HeadersSchema = z.object({ contentLength: z.coerce.number().int().nonnegative().optional() });

/**
 * Finds the model file: a user path as is; a built-in name from the copy HomeSec ships (no network);
 * else from `<data_dir>/models`, downloaded (SHA-256 checked) when missing or damaged. An explicit
 * `model_url` always means that download. Throws ModelUnavailableError with one clear message.
 */
export async function resolveModelFile(request: ModelRequest, log: Logger): Promise<ModelFile> {
  const builtin = builtinModel(request.model);
  if (!builtin) return userModel(request.model);
  if (builtin.shipped && request.modelUrl === undefined) {
    const shipped = await shippedModel(builtin, request.shippedDir ?? SHIPPED_MODELS_DIR, log);
    if (shipped) return { path: shipped, name: request.model, builtin };
  }
  const path = join(request.dataDir, 'models', builtin.fileName);
  if (existsSync(path)) {
    const sha = await sha256File(path);
    if (sha === builtin.sha256) return { path, name: request.model, builtin };
    log.warn({ event_type: 'detector.model_damaged', path, sha256: sha }, `model ${path} fails its checksum; downloading it again`);
  }
  await downloadModel(builtin, request, path, log);
  return { path, name: request.model, builtin };
}

/** The shipped copy when it is there and intact; a damaged install falls back to the download path. */
async function shippedModel(model: BuiltinModel, dir: string, log: Logger): Promise<string | null> {
  const path = join(dir, model.fileName);
  if (!existsSync(path)) {
    log.warn({ event_type: 'detector.model_not_shipped', path }, `shipped model ${path} is missing; fetching ${model.fileName} instead`);
    return null;
  }
  const sha = await sha256File(path);
  if (sha === model.sha256) return path;
  log.warn({ event_type: 'detector.model_damaged', path, sha256: sha }, `shipped model ${path} fails its checksum; fetching it instead`);
  return null;
}

function userModel(model: string): ModelFile {
  const looksLikeName = !model.includes('/') && !model.includes('\\') && !model.endsWith('.onnx');
  if (looksLikeName) {
    throw new ModelUnavailableError(
      `unknown built-in model "${model}" (built in: ${Object.keys(BUILTIN_MODELS).join(', ')}); or give a path to an .onnx file`,
    );
  }
  const path = isAbsolute(model) ? model : resolve(model);
  if (!existsSync(path)) throw new ModelUnavailableError(`model file not found: ${path}`);
  return { path, name: model.split(/[/\\]/).pop() ?? model, builtin: null };
}

async function downloadModel(model: BuiltinModel, request: ModelRequest, path: string, log: Logger): Promise<void> {
  const url = request.modelUrl ?? model.url;
  const shownUrl = redactUrlCredentials(url);
  const signals = [AbortSignal.timeout(request.timeoutMs ?? 300_000), ...(request.signal ? [request.signal] : [])];
  await mkdir(join(request.dataDir, 'models'), { recursive: true });
  const partial = `${path}.part`;
  const started = performance.now();
  log.info(
    { event_type: 'detector.model_download_started', url: shownUrl, bytes: model.bytes },
    `downloading model ${model.fileName} from ${shownUrl}`,
  );
  try {
    const response = await fetch(url, { signal: AbortSignal.any(signals), redirect: 'follow' });
    if (!response.ok || !response.body) throw new ModelUnavailableError(`HTTP ${response.status} ${response.statusText}`.trim());
    const headers = HeadersSchema.safeParse({ contentLength: response.headers.get('content-length') ?? undefined });
    const total = (headers.success ? headers.data.contentLength : undefined) ?? model.bytes;
    const sha = await saveBody(response.body, partial, total, log);
    if (sha !== model.sha256) throw new ModelUnavailableError(`checksum mismatch: got SHA-256 ${sha}, expected ${model.sha256}`);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    const reason = e instanceof ModelUnavailableError ? e.message : describeFetchError(e);
    throw new ModelUnavailableError(
      `cannot download model ${model.fileName} from ${shownUrl}: ${reason}. Object detection is off until it can be fetched; ` +
        `or put the file at ${path}, or set detector.model to a local .onnx file`,
      { cause: e },
    );
  }
  log.info(
    { event_type: 'detector.model_downloaded', path, ms: Math.round(performance.now() - started) },
    `model ${model.fileName} downloaded and verified`,
  );
}

/** Streams the body to disk while hashing it; logs progress every quarter. */
async function saveBody(body: ReadableStream<Uint8Array>, partial: string, total: number, log: Logger): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(partial, 'w');
  let received = 0;
  let nextStep = PROGRESS_STEP_PERCENT;
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      await file.write(chunk);
      received += chunk.length;
      const percent = Math.floor((received / total) * 100);
      if (percent >= nextStep && percent < 100) {
        log.info({ event_type: 'detector.model_download_progress', percent, bytes: received }, `model download ${percent}%`);
        nextStep = (Math.floor(percent / PROGRESS_STEP_PERCENT) + 1) * PROGRESS_STEP_PERCENT;
      }
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function describeFetchError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return 'timed out';
  if (e.name === 'AbortError') return 'aborted';
  const cause = e.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${e.message} (${detail}; offline?)` : e.message;
}
