import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiAnalyzer } from '../../../server/src/analyze/openai-analyzer.js';
import { SpendLedger } from '../../../server/src/analyze/spend-ledger.js';
import { vlmJsonSchema } from '../../../server/src/analyze/vlm-output-schema.js';
import { AnalyzerConfigSchema, type AnalyzerConfig } from '../../../server/src/config/sections/analyzer-config.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { createLogger, type Logger } from '../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { makeClip, makeDetection } from '../../support/factories.js';
import { LogCapture } from '../../support/log-capture.js';
import { fixture } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const log = createLogger('silent');
const PEDESTRIANS = fixture('pedestrians.mp4');

let vlm: FakeOpenAiServer;
let db: LocalDb;
let ledger: SpendLedger;
let dir: { path: string; remove: () => void };

beforeEach(async () => {
  vlm = await startFakeOpenAiServer();
  dir = makeTempDir();
  db = LocalDb.open(dir.path);
  ledger = new SpendLedger(db);
});

afterEach(async () => {
  await vlm.close();
  db.stop();
  dir.remove();
});

function analyzer(config: Partial<AnalyzerConfig> = {}, logger: Logger = log): OpenAiAnalyzer {
  const parsed = parseConfigSection(AnalyzerConfigSchema, {
    enabled: true,
    base_url: vlm.baseUrl,
    api_key: 'sk-test-secret',
    model: 'gpt-4.1-mini',
    max_frames: 4,
    max_retries: 2,
    timeout_s: 5,
    // The fake VLM is on loopback, where models are free unless priced: price it as the cloud model.
    prices: [{ model: 'gpt-4.1-mini', input_usd_per_mtok: 0.4, output_usd_per_mtok: 1.6 }],
    ...(snakeCaseKeys(config) as object),
  });
  return new OpenAiAnalyzer({
    config: parsed,
    cameras: [{ name: 'plaza', context: 'A public plaza seen from above; people walk here all day.' }],
    ledger,
    tools: ffmpegToolsFromEnv(),
    log: logger,
    retryBaseMs: 10,
    retryMaxMs: 50,
  });
}

function personClip(overrides: Partial<Clip> = {}): Clip {
  return makeClip({
    camera: 'plaza',
    durationS: 13.6,
    detection: makeDetection(['person'], { bestFrame: { t: 5.5, detections: [] } }),
    ...overrides,
  });
}

/** Width and height from a baseline or progressive JPEG's SOF marker. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset < jpeg.length) {
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  throw new Error('no SOF marker');
}

const signal = new AbortController().signal;

describe('OpenAiAnalyzer with a real OpenAI-compatible server', () => {
  it('sends evenly spaced labelled JPEG frames (best frame included, longest side 1024) and the strict schema', async () => {
    // Given a scripted high-risk reply
    vlm.script({
      kind: 'json',
      content: vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }),
      promptTokens: 4000,
      completionTokens: 200,
    });
    const a = analyzer();
    await a.start(signal);

    // When a clip with a person is analyzed
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the analysis comes back with its cost
    expect(outcome.kind).toBe('analyzed');
    if (outcome.kind !== 'analyzed') return;
    expect(outcome.analysis).toMatchObject({
      riskLevel: 'high',
      activity: 'suspicious_behavior',
      title: 'Two people cross the plaza',
      framesSent: 4,
      model: 'gpt-4.1-mini',
    });
    expect(outcome.analysis.usage).toEqual({ promptTokens: 4000, completionTokens: 200, costUsd: (4000 * 0.4 + 200 * 1.6) / 1e6 });

    // And the request carried 4 JPEGs no larger than 1024 px, labelled with offsets incl. the best frame (5.5 s)
    const [request] = vlm.requests;
    expect(vlm.requests).toHaveLength(1);
    expect(request?.authorization).toBe('Bearer sk-test-secret');
    expect(request?.images).toHaveLength(4);
    for (const image of request?.images ?? []) {
      expect(image.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(jpegSize(image)).toEqual({ width: 1024, height: 576 });
    }
    const labels = request?.texts.filter((t) => t.startsWith('Frame ')) ?? [];
    expect(labels).toHaveLength(4);
    expect(labels.some((l) => l.includes('t=5.50s'))).toBe(true);
    expect(request?.texts[0]).toContain('A public plaza seen from above');
    expect(request?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'clip_analysis', strict: true, schema: vlmJsonSchema() },
    });

    // And the call is in the spend ledger
    expect(ledger.monthToDate(new Date())).toMatchObject({ calls: 1, promptTokens: 4000, completionTokens: 200 });
  });

  it('asks about the first seconds of a live event with the real scores and frame counts of the live detector', async () => {
    // Given the footage so far of a live event whose detector saw a person in 3 of 5 frames (best 0.87), confirmed at 4 s
    vlm.setDefault({ kind: 'json', content: vlmReply() });
    const a = analyzer();
    await a.start(signal);
    const subject = {
      kind: 'live_event' as const,
      eventId: 'evt_live_1',
      camera: 'plaza',
      startedAt: '2026-11-21T10:00:00.000Z',
      durationS: 8,
      labels: [
        { label: 'person', bestScore: 0.87, frames: 3 },
        { label: 'dog', bestScore: 0.41, frames: 1 },
      ],
      framesSampled: 5,
      confirmedAtS: 4,
    };

    // When it is analyzed
    const outcome = await a.analyze(subject, PEDESTRIANS, signal);

    // Then the model is told what was really seen, that the event is still going on, and the spend is booked on the event
    expect(outcome.kind).toBe('analyzed');
    const intro = vlm.requests[0]?.texts[0] ?? '';
    expect(intro).toContain('person (best score 0.87, in 3 of 5 sampled frames), dog (best score 0.41, in 1 of 5 sampled frames)');
    expect(intro).toContain('first seconds of an event still going on');
    expect(intro).not.toContain('best score 1.00');
    expect(ledger.monthToDate(new Date())).toMatchObject({ calls: 1 });
  });

  it('skips with a reason and never calls in trigger_only without a trigger, in never mode, and when disabled', async () => {
    // Given clips and analyzers in each mode
    const noTrigger = makeClip({ camera: 'plaza', detection: makeDetection([], { triggered: false }) });

    // When they are analyzed, Then each is skipped with its reason and no request is sent
    expect(await analyzer().analyze({ kind: 'clip', clip: noTrigger }, PEDESTRIANS, signal)).toEqual({
      kind: 'skipped',
      reason: 'no_trigger_label',
    });
    expect(await analyzer({ runMode: 'never' }).analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).toEqual({
      kind: 'skipped',
      reason: 'run_mode_never',
    });
    expect(await analyzer({ enabled: false }).analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).toEqual({
      kind: 'skipped',
      reason: 'analyzer_disabled',
    });
    expect(vlm.requests).toHaveLength(0);
  });

  it('analyzes a clip without a trigger in always mode', async () => {
    // Given always mode and a clip where the detector saw nothing
    vlm.script({ kind: 'json', content: vlmReply({ activity: 'no_activity' }) });
    const clip = makeClip({ camera: 'plaza', durationS: 13.6, detection: makeDetection([], { triggered: false }) });

    // When analyzed, Then the VLM is asked anyway
    const outcome = await analyzer({ runMode: 'always' }).analyze({ kind: 'clip', clip }, PEDESTRIANS, signal);
    expect(outcome.kind).toBe('analyzed');
    expect(vlm.requests).toHaveLength(1);
  });

  it('repairs malformed JSON once, then gives up with a recorded reason', async () => {
    // Given a malformed reply followed by a valid one
    vlm.script({ kind: 'text', content: '{"summary": "oops", ' }, { kind: 'json', content: vlmReply() });
    const a = analyzer();

    // When analyzed, Then the second (repair) request succeeds and names the problem to the model
    expect((await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).kind).toBe('analyzed');
    expect(vlm.requests).toHaveLength(2);
    expect(JSON.stringify(vlm.requests[1]?.body.messages.at(-1))).toContain('not valid JSON');

    // Given two malformed replies in a row (a wrong enum, then prose)
    vlm.script({ kind: 'json', content: vlmReply({ risk_level: 'apocalyptic' }) }, { kind: 'text', content: 'I think it is fine.' });

    // When analyzed, Then it fails for good after exactly one repair, and both billed calls are booked
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/^invalid_reply: .*after one repair attempt/);
    expect(vlm.requests).toHaveLength(4);
    expect(ledger.monthToDate(new Date()).calls).toBe(4);
  });

  it('retries 429 and 500 with backoff a bounded number of times', async () => {
    // Given two rate limits then a valid reply
    vlm.script({ kind: 'status', status: 429, retryAfterS: 0 }, { kind: 'status', status: 429 }, { kind: 'json', content: vlmReply() });
    const a = analyzer({ maxRetries: 2 });

    // When analyzed, Then the third attempt succeeds
    expect((await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).kind).toBe('analyzed');
    expect(vlm.requests).toHaveLength(3);

    // Given a server that keeps failing
    vlm.setDefault({ kind: 'status', status: 500 });

    // When analyzed, Then it stops after 1 + max_retries requests with the reason recorded
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/^vlm_server_error: .*after 3 attempts/);
    expect(vlm.requests).toHaveLength(6);

    // And persistent 429s end the same way
    vlm.setDefault({ kind: 'status', status: 429 });
    const limited = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(limited.kind === 'failed' && limited.reason).toMatch(/^vlm_rate_limited/);
    expect(vlm.requests).toHaveLength(9);
  });

  it('gives up on a server that hangs past the timeout', async () => {
    // Given a server that never answers and a 1 s timeout with one retry
    vlm.setDefault({ kind: 'hang' });
    const a = analyzer({ timeoutS: 1, maxRetries: 1 });

    // When analyzed
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then it fails as a timeout after two requests (it returns at all: the server never would). No wall-clock
    // bound here: frame extraction before the call takes what the machine gives it (speed is for the bench).
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/^vlm_timeout/);
    expect(vlm.requests).toHaveLength(2);
  });

  it('stops calling once the monthly budget is spent', async () => {
    // Given a $0.01 budget and a first call that costs more (30k prompt tokens at $0.40/M = $0.012)
    vlm.setDefault({ kind: 'json', content: vlmReply(), promptTokens: 30_000, completionTokens: 10 });
    const a = analyzer({ monthlyBudgetUsd: 0.01 });

    // When two clips are analyzed
    const first = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    const second = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the second is skipped as over budget without a request, and health says so
    expect(first.kind).toBe('analyzed');
    expect(second).toEqual({ kind: 'skipped', reason: 'budget_exceeded' });
    expect(vlm.requests).toHaveLength(1);
    expect(a.health()).toMatchObject({ status: 'degraded' });
  });

  it('charges nothing for a local model without a price, never stops it at the budget, and says so once', async () => {
    // Given a model on this loopback server with no price and a tiny budget, and a log to read
    vlm.setDefault({ kind: 'json', content: vlmReply(), promptTokens: 30_000, completionTokens: 10 });
    const logs = new LogCapture();
    const a = analyzer({ model: 'llava:13b', prices: [], monthlyBudgetUsd: 0.0001 }, createLogger('info', logs));
    await a.start(signal);

    // When three clips are analyzed
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal));

    // Then every call is made and costs 0, the budget is untouched, and one log line says spend is not counted
    expect(outcomes.map((o) => o.kind)).toEqual(['analyzed', 'analyzed', 'analyzed']);
    expect(vlm.requests).toHaveLength(3);
    expect(ledger.monthToDate(new Date())).toMatchObject({ calls: 3, costUsd: 0, promptTokens: 90_000 });
    expect(a.health().status).toBe('healthy');
    const said = logs.records('vlm.spend_not_counted');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ model: 'llava:13b', why: 'local_endpoint' });
    expect(String(said[0]?.msg)).toContain('analyzer.prices');
  });

  it('stops an unpriced cloud model at the monthly cap, counting it at the highest listed price, and says so', async () => {
    // Given a model in no price table on an endpoint said to be cloud (this loopback server stands in for
    // a paid provider), no analyzer.prices, a $0.05 budget, and calls of 10k prompt tokens
    // (10k x $3/M + 100 x $15/M = $0.0315 each at the highest listed prices)
    vlm.setDefault({ kind: 'json', content: vlmReply(), promptTokens: 10_000, completionTokens: 100 });
    const logs = new LogCapture();
    const a = analyzer({ model: 'claude-opus-4-1', prices: [], endpointKind: 'cloud', monthlyBudgetUsd: 0.05 }, createLogger('info', logs));
    await a.start(signal);
    expect(a.health().message).toMatch(/no known price: counted at the highest in the table until analyzer.prices names claude-opus-4-1/);

    // When four clips are analyzed
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal));

    // Then two calls are made and booked at the default price, the rest are skipped at the cap
    expect(outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'analyzed',
      'analyzed',
      'budget_exceeded',
      'budget_exceeded',
    ]);
    expect(vlm.requests).toHaveLength(2);
    expect(ledger.monthToDate(new Date()).costUsd).toBeCloseTo(0.063, 6);
    expect(a.health()).toMatchObject({ status: 'degraded' });
    // And one warning at start named the model and told how to set its price
    const warned = logs.records('vlm.unpriced_model');
    expect(warned).toHaveLength(1);
    expect(String(warned[0]?.msg)).toContain('analyzer.prices');
  });

  it('books the cost the provider reports with the reply instead of the price table', async () => {
    // Given a provider that reports each call's cost (OpenRouter's usage.cost) and a listed model
    vlm.setDefault({ kind: 'json', content: vlmReply(), promptTokens: 1000, completionTokens: 100, costUsd: 0.25 });
    const a = analyzer();

    // When a clip is analyzed
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the reported $0.25 is what the clip and the ledger are charged
    expect(outcome.kind === 'analyzed' && outcome.analysis.usage.costUsd).toBe(0.25);
    expect(ledger.monthToDate(new Date()).costUsd).toBe(0.25);
  });

  it('opens the circuit after repeated failed clips', async () => {
    // Given a VLM that keeps failing and a breaker that opens after 2 failed clips
    vlm.setDefault({ kind: 'status', status: 503 });
    const a = analyzer({ maxRetries: 0, circuitBreaker: { failures: 2, openS: 600 } });

    // When three clips are analyzed
    await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    const third = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the third is skipped with circuit_open and no request
    expect(third).toEqual({ kind: 'skipped', reason: 'circuit_open' });
    expect(vlm.requests).toHaveLength(2);
  });

  it('falls back to JSON mode when the provider rejects JSON schema output', async () => {
    // Given a provider that rejects json_schema
    vlm.rejectJsonSchema(true);
    vlm.script({ kind: 'json', content: vlmReply({ risk_level: 'MEDIUM' }) });

    // When analyzed
    const outcome = await analyzer().analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the second request uses JSON mode and the lenient reply is validated
    expect(outcome.kind === 'analyzed' && outcome.analysis.riskLevel).toBe('medium');
    expect(vlm.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
  });
});
