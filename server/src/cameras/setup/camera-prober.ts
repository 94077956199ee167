import { connect } from 'node:net';
import type { Logger } from '../../core/logger.js';
import type { CameraProbeBodySchema, CameraProbeResponse, FoundStream, ProbeAttempt } from '../../http/camera-setup-contract.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import type { z } from 'zod';
import { BRAND_PATHS, GENERIC_PATHS, type CameraBrand } from './brand-paths.js';
import { findOnvifStreams } from './onvif-stream-finder.js';
import { passwordForms, probeProblem, type ProbeFailure } from './probe-outcome.js';
import { readRtspStream, snapshotDataUrl, type StreamFacts, type StreamReadOptions } from './rtsp-stream-reader.js';
import { recommendStreams } from './stream-recommendation.js';
import { bareHost, rtspUrl, urlHost, withCredentials } from './stream-url.js';

export type CameraProbeRequest = z.output<typeof CameraProbeBodySchema>;

/** How long each step may take; the defaults keep a whole probe to a few seconds. */
export interface ProbeLimits {
  /** Each ONVIF request, and the TCP check of the RTSP port. */
  readonly connectTimeoutMs: number;
  /** The whole ONVIF search. */
  readonly onvifTimeoutMs: number;
  /** ffprobe's socket timeout on one path (a camera silent this long is given up on). */
  readonly socketTimeoutS: number;
  /** One ffprobe run (connect, DESCRIBE, one second of video), and one snapshot. */
  readonly readTimeoutMs: number;
  /** ffprobe and ffmpeg runs at once (two cores shared with recording). */
  readonly concurrency: number;
}

export const DEFAULT_PROBE_LIMITS: ProbeLimits = {
  connectTimeoutMs: 3000,
  onvifTimeoutMs: 6000,
  socketTimeoutS: 3,
  readTimeoutMs: 6000,
  concurrency: 4,
};

/** A stream to read: where it came from and its URL without the login. */
interface Candidate {
  readonly method: string;
  readonly label: string;
  readonly url: string;
  /** What the attempt list shows: the brand's path, or the ONVIF stream URI. */
  readonly target: string;
}

interface ReadStream {
  readonly candidate: Candidate;
  readonly facts: StreamFacts;
}

/**
 * Finds a camera's streams from its address and login (issue #24): the ONVIF device service first;
 * when it gives no stream that plays, the RTSP paths common brands use, then generic ones. Each
 * stream found is read with ffprobe and gets a snapshot. The password goes into the URLs ffmpeg
 * opens and nowhere else: attempts, streams, problems and log lines carry URLs without it.
 */
export class CameraProber {
  private readonly limits: ProbeLimits;

  constructor(
    private readonly tools: FfmpegTools,
    private readonly log: Logger,
    limits: Partial<ProbeLimits> = {},
  ) {
    this.limits = { ...DEFAULT_PROBE_LIMITS, ...limits };
  }

  async probe(request: CameraProbeRequest, signal?: AbortSignal): Promise<CameraProbeResponse> {
    const started = Date.now();
    const secrets = passwordForms(request.password);
    const readOptions: StreamReadOptions = {
      socketTimeoutS: this.limits.socketTimeoutS,
      timeoutMs: this.limits.readTimeoutMs,
      secrets,
      ...(signal ? { signal } : {}),
    };
    const attempts: ProbeAttempt[] = [];
    let found = await this.viaOnvif(request, secrets, readOptions, attempts);
    if (found.length === 0) found = await this.viaBrandPaths(request, readOptions, attempts);
    const streams = await this.withSnapshots(found, request, readOptions);
    const response: CameraProbeResponse = {
      streams,
      attempts,
      recommended: recommendStreams(streams),
      problem: probeProblem(attempts, streams.length, request),
    };
    this.log.info(
      {
        event_type: 'camera_setup.probed',
        host: request.host,
        streams: streams.map((s) => `${s.method} ${s.label} ${s.codec} ${s.width ?? '?'}x${s.height ?? '?'}`),
        problem: response.problem?.code ?? null,
        attempts: attempts.length,
        duration_ms: Date.now() - started,
      },
      `camera probe of ${request.host}: ${streams.length} stream(s) found`,
    );
    return response;
  }

  private async viaOnvif(request: CameraProbeRequest, secrets: readonly string[], read: StreamReadOptions, attempts: ProbeAttempt[]) {
    const deviceService = `http://${urlHost(request.host)}:${request.onvifPort}/onvif/device_service`;
    const listed = await findOnvifStreams(
      { host: request.host, port: request.onvifPort, username: request.username, password: request.password },
      { requestTimeoutMs: this.limits.connectTimeoutMs, totalTimeoutMs: this.limits.onvifTimeoutMs },
      secrets,
    );
    if (!listed.ok) {
      attempts.push({ method: 'onvif', target: deviceService, ...listed.error });
      return [];
    }
    attempts.push({ method: 'onvif', target: deviceService, outcome: 'found', detail: `${listed.value.length} stream URI(s) listed` });
    const candidates = listed.value.map((s) => ({ method: 'onvif', label: s.name, url: s.uri, target: s.uri }));
    return this.readAll(candidates, request, read, attempts, { recordFound: false });
  }

  private async viaBrandPaths(request: CameraProbeRequest, read: StreamReadOptions, attempts: ProbeAttempt[]): Promise<ReadStream[]> {
    // One connection first: a closed port or a silent address answers once, not once per path.
    const port = await this.checkPort(request.host, request.rtspPort);
    if (port) {
      attempts.push({ method: 'rtsp', target: rtspUrl(request.host, request.rtspPort, '/'), ...port });
      return [];
    }
    const brands = await this.readAll(candidatesOf(BRAND_PATHS, request), request, read, attempts, { recordFound: true });
    // Several brands' paths may answer (a camera that aliases them): the first brand in the table's order is the camera's.
    const first = BRAND_PATHS.find((b) => brands.some((s) => s.candidate.method === b.method));
    if (first) return brands.filter((s) => s.candidate.method === first.method);
    return this.readAll(candidatesOf([GENERIC_PATHS], request), request, read, attempts, { recordFound: true });
  }

  /** Reads each candidate (a few at once); every try goes into `attempts` (found ones too when `recordFound`). */
  private async readAll(
    candidates: readonly Candidate[],
    request: CameraProbeRequest,
    read: StreamReadOptions,
    attempts: ProbeAttempt[],
    options: { readonly recordFound: boolean },
  ): Promise<ReadStream[]> {
    const results = await mapWithLimit(candidates, this.limits.concurrency, async (candidate) => {
      const facts = await readRtspStream(this.tools, withCredentials(candidate.url, request.username, request.password), read);
      this.log.debug(
        {
          event_type: 'camera_setup.attempt',
          method: candidate.method,
          target: candidate.target,
          outcome: facts.ok ? 'found' : facts.error.outcome,
        },
        'camera probe attempt',
      );
      return { candidate, facts };
    });
    const found: ReadStream[] = [];
    for (const { candidate, facts } of results) {
      if (facts.ok) {
        found.push({ candidate, facts: facts.value });
        if (options.recordFound) attempts.push(attemptOf(candidate, { outcome: 'found', detail: describe(facts.value) }));
      } else {
        attempts.push(attemptOf(candidate, facts.error));
      }
    }
    return found;
  }

  private async withSnapshots(found: readonly ReadStream[], request: CameraProbeRequest, read: StreamReadOptions): Promise<FoundStream[]> {
    return mapWithLimit(found, Math.min(2, this.limits.concurrency), async ({ candidate, facts }, index) => ({
      id: `s${index + 1}`,
      method: candidate.method,
      label: candidate.label,
      url: candidate.url,
      ...facts,
      snapshot: await snapshotDataUrl(this.tools, withCredentials(candidate.url, request.username, request.password), read),
    }));
  }

  /** Null when something accepts connections on host:port; else why not. */
  private checkPort(host: string, port: number): Promise<ProbeFailure | null> {
    return new Promise((resolve) => {
      const socket = connect({ host: bareHost(host), port });
      const done = (failure: ProbeFailure | null) => {
        socket.destroy();
        resolve(failure);
      };
      socket.setTimeout(this.limits.connectTimeoutMs, () =>
        done({ outcome: 'timeout', detail: 'nothing answered on the RTSP port in time' }),
      );
      socket.once('connect', () => done(null));
      socket.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED') done({ outcome: 'unreachable', detail: 'nothing accepts connections on the RTSP port' });
        else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') done({ outcome: 'unreachable', detail: 'this host name is unknown' });
        else if (e.code === 'ETIMEDOUT') done({ outcome: 'timeout', detail: 'nothing answered on the RTSP port in time' });
        else done({ outcome: 'unreachable', detail: 'no route to this address' });
      });
    });
  }
}

function candidatesOf(brands: readonly CameraBrand[], request: CameraProbeRequest): Candidate[] {
  return brands.flatMap((brand) =>
    brand.paths.map((p) => ({
      method: brand.method,
      label: p.label,
      url: rtspUrl(request.host, request.rtspPort, p.path),
      target: p.path,
    })),
  );
}

function attemptOf(candidate: Candidate, result: { readonly outcome: ProbeAttempt['outcome']; readonly detail: string }): ProbeAttempt {
  return { method: candidate.method, target: candidate.target, outcome: result.outcome, detail: result.detail };
}

function describe(facts: StreamFacts): string {
  const size = facts.width && facts.height ? ` ${facts.width}x${facts.height}` : '';
  return `${facts.codec}${size}${facts.fps ? ` at ${facts.fps} fps` : ''}`;
}

/** `work` over `items` with at most `limit` running at once; results in the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
