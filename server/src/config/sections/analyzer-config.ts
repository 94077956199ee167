import { z } from 'zod';

export const ANALYZER_RUN_MODES = ['trigger_only', 'always', 'never'] as const;

export const AnalyzerConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Ask a vision-language model what happened in each clip'),
    base_url: z
      .url()
      .default('https://api.openai.com/v1')
      .describe('Any OpenAI-compatible API (OpenAI, Ollama, Gemini, OpenRouter, LocalAI)'),
    api_key: z.string().default('').describe('API key (secret); also HOMESEC_ANALYZER__API_KEY'),
    model: z.string().min(1).default('gpt-4.1-mini').describe('Model name'),
    run_mode: z
      .enum(ANALYZER_RUN_MODES)
      .default('trigger_only')
      .describe('trigger_only: only clips with a trigger label; always; never'),
    max_frames: z.number().int().min(1).max(32).default(8).describe('Frames sent per clip'),
    monthly_budget_usd: z
      .number()
      .min(0)
      .default(10)
      .describe('Stop VLM calls for the rest of the month past this spend; 0 = no limit'),
  })
  .prefault({});
export type AnalyzerConfig = z.output<typeof AnalyzerConfigSchema>;
