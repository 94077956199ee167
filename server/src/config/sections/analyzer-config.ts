import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const ANALYZER_RUN_MODES = ['trigger_only', 'always', 'never'] as const;
export const STRUCTURED_OUTPUT_MODES = ['auto', 'json_schema', 'json_object'] as const;
export const ENDPOINT_KINDS = ['auto', 'local', 'cloud'] as const;
export const ANALYZER_PROVIDERS = ['openai', 'home_assistant'] as const;

const ModelPriceSchema = z
  .strictObject({
    model: z.string().min(1).describe('Model name as sent to the API'),
    input_usd_per_mtok: z.number().min(0).describe('USD per million prompt tokens (images count as prompt tokens)'),
    output_usd_per_mtok: z.number().min(0).describe('USD per million completion tokens'),
  })
  .describe('Price of one model; overrides the built-in table');

const CircuitBreakerSchema = z
  .strictObject({
    failures: z.number().int().min(1).max(100).default(5).describe('Failed clips in a row that open the circuit (VLM skipped)'),
    open_s: z.number().int().min(1).max(86_400).default(300).describe('Seconds the circuit stays open before one trial call'),
  })
  .prefault({})
  .describe('Stops calling a VLM that keeps failing');

export const AnalyzerConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Ask a vision-language model what happened in each clip'),
    provider: z
      .enum(ANALYZER_PROVIDERS)
      .default('openai')
      .describe(
        "openai: any OpenAI-compatible API (base_url, api_key, model); home_assistant: Home Assistant's AI Task (ai_task.generate_data) with the model configured there",
      ),
    ai_task_entity: z
      .string()
      .regex(/^$|^ai_task\.[a-z0-9_]+$/, 'must be empty or an ai_task.* entity id')
      .default('')
      .describe("provider home_assistant: the AI Task entity (ai_task.*) to ask; empty: Home Assistant's preferred one"),
    ha_media_source: z
      .string()
      .regex(/^$|^media-source:\/\/\S+$/, 'must be empty or a media-source:// id')
      .default('')
      .describe(
        'provider home_assistant: the media-source folder where Home Assistant sees media_dir (frames are shared there during a call), e.g. media-source://media_source/local/homesec; empty: derived when media_dir is under /media (the add-on)',
      ),
    base_url: z
      .url()
      .default('https://api.openai.com/v1')
      .describe('Any OpenAI-compatible API (OpenAI, Ollama, Gemini, OpenRouter, LocalAI)'),
    api_key: z.string().default('').describe('API key (secret); also HOMESEC_ANALYZER__API_KEY'),
    model: z.string().min(1).default('gpt-4.1-mini').describe('Model name'),
    run_mode: z.enum(ANALYZER_RUN_MODES).default('trigger_only').describe('trigger_only: only clips with a trigger label; always; never'),
    max_frames: z.number().int().min(1).max(32).default(8).describe('Frames sent per clip'),
    image_max_px: z.number().int().min(128).max(1024).default(1024).describe('Longest side of each frame sent (pixels)'),
    jpeg_quality: z.number().int().min(2).max(31).default(4).describe('JPEG quality of the frames sent (ffmpeg -q:v: 2 best, 31 worst)'),
    timeout_s: z.number().min(1).max(600).default(60).describe('Time limit of one VLM request'),
    max_retries: z.number().int().min(0).max(5).default(2).describe('Retries of one clip after a 429, 5xx or timeout (with backoff)'),
    structured_output: z
      .enum(STRUCTURED_OUTPUT_MODES)
      .default('auto')
      .describe('auto: JSON schema, falling back to JSON mode when the provider rejects it; json_schema; json_object'),
    max_output_tokens: z.number().int().min(256).max(32_000).default(2000).describe('Most tokens the model may answer with'),
    monthly_budget_usd: z.number().min(0).default(10).describe('Stop VLM calls for the rest of the month past this spend; 0 = no limit'),
    prices: z
      .array(ModelPriceSchema)
      .default([])
      .describe(
        'Prices per model for the spend ledger; otherwise the built-in table, a model on a local endpoint costs 0, and a cloud model in no table counts at the highest price in the table (with a warning) until it is named here',
      ),
    endpoint_kind: z
      .enum(ENDPOINT_KINDS)
      .default('auto')
      .describe(
        'auto: base_url decides (loopback, private ranges, .local/.lan and one-label names such as ollama are local and free); local: never charged; cloud: always charged (a paid service behind a local proxy)',
      ),
    circuit_breaker: CircuitBreakerSchema,
    early_after_s: z
      .number()
      .min(0)
      .max(60)
      .default(1)
      .describe(
        'Live cameras: seconds of confirmed activity before the first VLM call (sent with the pre-roll), while the person is still there',
      ),
    final_call_after_s: z
      .number()
      .min(0)
      .max(3600)
      .default(30)
      .describe(
        'Live events longer than this get one final VLM call on their last clip (budget allowing; at most two calls per event); 0 = always',
      ),
  })
  .prefault({});
export type AnalyzerConfig = CamelCasedDeep<z.output<typeof AnalyzerConfigSchema>>;
