import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aiTaskStructure } from '../../../server/src/analyze/ai-task-structure.js';
import { buildAnalyzer } from '../../../server/src/analyze/build-analyzer.js';
import { HaAiTaskAnalyzer } from '../../../server/src/analyze/ha-ai-task-analyzer.js';
import { HaAiTaskClient } from '../../../server/src/analyze/ha-ai-task-client.js';
import { SYSTEM_PROMPT } from '../../../server/src/analyze/prompt-builder.js';
import { SpendLedger } from '../../../server/src/analyze/spend-ledger.js';
import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { AnalyzerConfigSchema, type AnalyzerConfig } from '../../../server/src/config/sections/analyzer-config.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { SupervisorClient } from '../../../server/src/ha/supervisor-client.js';
import { createLogger, type Logger } from '../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { makeClip, makeDetection } from '../../support/factories.js';
import { LogCapture } from '../../support/log-capture.js';
import { fixture } from '../../support/paths.js';
import { vlmReply } from '../../support/servers/fake-openai-server.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { loadTestConfig } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

const PEDESTRIANS = fixture('pedestrians.mp4');
const signal = new AbortController().signal;

let dir: { path: string; remove: () => void };
let mediaDir: string;
let supervisor: FakeSupervisor;
let db: LocalDb;
let ledger: SpendLedger;

beforeEach(async () => {
  dir = makeTempDir('homesec-ai-task-');
  // HA's `local` media dir is this /media; HomeSec's media folder is /media/homesec inside it, as in the add-on.
  mediaDir = join(dir.path, 'media', 'homesec');
  mkdirSync(mediaDir, { recursive: true });
  supervisor = await startFakeSupervisor('test-supervisor-token', { mediaDirs: { local: join(dir.path, 'media') } });
  db = LocalDb.open(join(dir.path, 'data'));
  ledger = new SpendLedger(db);
});

afterEach(async () => {
  await supervisor.close();
  db.stop();
  dir.remove();
});

function config(overrides: Partial<AnalyzerConfig> = {}): AnalyzerConfig {
  return parseConfigSection(AnalyzerConfigSchema, {
    enabled: true,
    provider: 'home_assistant',
    ai_task_entity: 'ai_task.google_ai_task',
    ha_media_source: 'media-source://media_source/local/homesec',
    max_frames: 3,
    max_retries: 1,
    timeout_s: 10,
    ...(snakeCaseKeys(overrides) as object),
  });
}

/** The analyzer behind the Supervisor's Core proxy, as in the add-on. */
function analyzer(overrides: Partial<AnalyzerConfig> = {}, log: Logger = createLogger('silent')): HaAiTaskAnalyzer {
  const parsed = config(overrides);
  const core = new SupervisorClient({ baseUrl: supervisor.url, token: supervisor.token, log });
  return new HaAiTaskAnalyzer({
    config: parsed,
    cameras: [{ name: 'plaza', context: 'A public plaza seen from above; people walk here all day.' }],
    client: new HaAiTaskClient({ core, timeoutMs: parsed.timeoutS * 1000, log }),
    mediaDir,
    ledger,
    tools: ffmpegToolsFromEnv(),
    log,
    retryBaseMs: 10,
    retryMaxMs: 50,
  });
}

function personClip(): Clip {
  return makeClip({ camera: 'plaza', durationS: 13.6, detection: makeDetection(['person'], { bestFrame: { t: 5.5, detections: [] } }) });
}

function framesLeft(): string[] {
  const folder = join(mediaDir, '.ai_task');
  return existsSync(folder) ? readdirSync(folder) : [];
}

describe("HomeSec's verdict from Home Assistant's AI Task", () => {
  it('sends the prompt, the verdict structure and one attachment per frame, and the answer becomes the verdict', async () => {
    // Given an AI Task that answers a high-risk verdict (its entity left out the optional offsets)
    const [person] = vlmReply().entities as Record<string, unknown>[];
    const { first_seen_s: _first, last_seen_s: _last, ...entity } = person ?? {};
    supervisor.aiTask.script({
      kind: 'data',
      data: { ...vlmReply({ risk_level: 'high', activity: 'suspicious_behavior' }), entities: [entity] },
    });
    const a = analyzer();
    await a.start(signal);

    // When a clip with a person is analyzed
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then the answer is the clip's verdict, with no tokens or cost
    expect(outcome.kind).toBe('analyzed');
    if (outcome.kind !== 'analyzed') return;
    expect(outcome.analysis).toMatchObject({
      riskLevel: 'high',
      activity: 'suspicious_behavior',
      title: 'Two people cross the plaza',
      framesSent: 3,
      model: 'home_assistant/ai_task.google_ai_task',
      usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
    });
    expect(outcome.analysis.entities[0]).toMatchObject({ type: 'person', firstSeenS: null, lastSeenS: null });

    // And one action call went to Core through the proxy with return_response and the Supervisor's token
    const calls = supervisor.requests.filter((q) => q.path === '/core/api/services/ai_task/generate_data');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', query: 'return_response', authorization: `Bearer ${supervisor.token}` });

    // And it named the task and the entity, gave the VLM prompt and the verdict schema as the structure
    const [call] = supervisor.aiTask.calls;
    expect(call?.body).toMatchObject({
      task_name: 'HomeSec clip analysis',
      entity_id: 'ai_task.google_ai_task',
      structure: aiTaskStructure(),
    });
    const instructions = String(call?.body.instructions);
    expect(instructions.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(instructions).toContain('A public plaza seen from above');
    expect(instructions).toContain('at t=5.50s: attachment');

    // And each of the three frames was a JPEG in the media folder, by its media-source id, while the call ran
    const attachments = call?.body.attachments as { media_content_id: string; media_content_type: string }[];
    expect(attachments).toHaveLength(3);
    for (const attachment of attachments) {
      expect(attachment.media_content_id).toMatch(/^media-source:\/\/media_source\/local\/homesec\/\.ai_task\/[\w-]+\.jpg$/);
      expect(attachment.media_content_type).toBe('image/jpeg');
    }
    expect(call?.attachmentFiles.map((f) => f?.subarray(0, 2).toString('hex'))).toEqual(['ffd8', 'ffd8', 'ffd8']);

    // And the frames are gone after the call, and the call is counted in the ledger at $0
    expect(framesLeft()).toEqual([]);
    expect(ledger.monthToDate(new Date())).toMatchObject({ calls: 1, costUsd: 0 });
    expect(a.health()).toMatchObject({ status: 'healthy' });
  });

  it('asks the preferred entity when none is configured', async () => {
    // Given no ai_task_entity
    supervisor.aiTask.script({ kind: 'data', data: vlmReply() });

    // When a clip is analyzed, Then the call carries no entity_id (HA picks its preferred one)
    expect((await analyzer({ aiTaskEntity: '' }).analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).kind).toBe('analyzed');
    expect(supervisor.aiTask.calls[0]?.body).not.toHaveProperty('entity_id');
  });

  it('fails on an HA error after its retries, on an answer that is not the verdict, and repeated failures open the circuit', async () => {
    // Given an AI Task whose provider fails (HA answers 500) twice, then answers something that is not the verdict
    supervisor.aiTask.script(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
      { kind: 'data', data: { ...vlmReply(), risk_level: 'apocalyptic' } },
    );
    const a = analyzer({ maxRetries: 1, circuitBreaker: { failures: 2, openS: 300 } });

    // When a first clip is analyzed, Then it fails as a server error after 1 + max_retries calls
    const failed = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(failed).toMatchObject({ kind: 'failed', retryable: false });
    expect(failed.kind === 'failed' && failed.reason).toMatch(
      /^vlm_server_error: AI Task failed in Home Assistant: .*HTTP 500 after 2 attempts/,
    );
    expect(supervisor.aiTask.calls).toHaveLength(2);

    // When a second clip is analyzed, Then the malformed answer is a clear failure, counted in the ledger
    const malformed = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(malformed).toMatchObject({ kind: 'failed', retryable: false });
    expect(malformed.kind === 'failed' && malformed.reason).toMatch(/^invalid_reply: the reply does not match the schema: risk_level/);
    expect(ledger.monthToDate(new Date()).calls).toBe(1);

    // When a third clip comes, Then two failures in a row opened the circuit: skipped without a call
    supervisor.aiTask.setDefault({ kind: 'data', data: vlmReply() });
    expect(await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal)).toEqual({ kind: 'skipped', reason: 'circuit_open' });
    expect(supervisor.aiTask.calls).toHaveLength(3);
    expect(a.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('AI Task calls paused') });
    // And no frame was left behind by the failed calls
    expect(framesLeft()).toEqual([]);
  });

  it('gives up on an AI Task that hangs past the timeout, and removes the frames', async () => {
    // Given a Core that never answers the action and a 1 s timeout without retries
    supervisor.reply('POST', '/core/api/services/ai_task/generate_data', { kind: 'hang' });
    const a = analyzer({ timeoutS: 1, maxRetries: 0 });

    // When a clip is analyzed
    const outcome = await a.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

    // Then it fails as a timeout (it returns at all: the server never would), and no frame stays behind
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/^vlm_timeout: AI Task request timed out/);
    expect(framesLeft()).toEqual([]);
  });

  it('says what is missing when Home Assistant cannot be reached, without calling anything', async () => {
    // Given the provider outside the add-on (no Supervisor in the environment) with no home_assistant.url or token
    const log = createLogger('silent');
    const appConfig = loadTestConfig(dir.path, {
      media_dir: mediaDir,
      analyzer: { enabled: true, provider: 'home_assistant', ha_media_source: 'media-source://media_source/local/homesec' },
    });
    const built = buildAnalyzer({ config: appConfig, log, bus: new SignalBus(log), tools: ffmpegToolsFromEnv(), localDb: db }, ledger);

    // When a clip is analyzed, Then it fails for good naming the missing settings, and health says so
    const outcome = await built?.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome?.kind === 'failed' && outcome.reason).toMatch(
      /^ai_task_unusable: .*home_assistant.url or home_assistant.token is empty/,
    );
    expect(built?.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('AI Task provider cannot run') });
    expect(supervisor.requests).toHaveLength(0);
  });

  it('standalone: calls Home Assistant itself with the long-lived token, which no log line carries', async () => {
    // Given HomeSec outside the add-on, with HA's URL and a long-lived token (this fake's /core stands in for HA's root)
    const token = 'eyJhbGciOi-long-lived-secret-token';
    const ha = await startFakeSupervisor(token, { mediaDirs: { local: join(dir.path, 'media') } });
    try {
      ha.aiTask.script({ kind: 'error', status: 500 }, { kind: 'data', data: vlmReply({ risk_level: 'medium' }) });
      const logs = new LogCapture();
      const log = createLogger('debug', logs);
      const appConfig = loadTestConfig(dir.path, {
        media_dir: mediaDir,
        analyzer: {
          enabled: true,
          provider: 'home_assistant',
          ha_media_source: 'media-source://media_source/local/homesec',
          max_frames: 2,
          max_retries: 1,
        },
        home_assistant: { url: `${ha.url}/core`, token },
      });
      const built = buildAnalyzer({ config: appConfig, log, bus: new SignalBus(log), tools: ffmpegToolsFromEnv(), localDb: db }, ledger);
      await built?.start(signal);

      // When a clip is analyzed (the first call fails, the retry answers)
      const outcome = await built?.analyze({ kind: 'clip', clip: personClip() }, PEDESTRIANS, signal);

      // Then HA's own REST API got the token, and the answer is the verdict
      expect(outcome).toMatchObject({ kind: 'analyzed', analysis: { riskLevel: 'medium' } });
      expect(ha.requests.map((q) => `${q.method} ${q.path}?${q.query}`)).toEqual([
        'POST /core/api/services/ai_task/generate_data?return_response',
        'POST /core/api/services/ai_task/generate_data?return_response',
      ]);
      expect(ha.requests.every((q) => q.authorization === `Bearer ${token}`)).toBe(true);
      // And the debug log told of the requests and the retry, never the token
      expect(logs.records('vlm.request').length).toBeGreaterThan(0);
      expect(logs.records('vlm.retry')).toHaveLength(1);
      expect(logs.text()).not.toContain(token);
    } finally {
      await ha.close();
    }
  });
});
