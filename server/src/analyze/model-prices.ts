import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';

export interface ModelPrice {
  /** USD per million prompt tokens. */
  readonly input: number;
  /** USD per million completion tokens. */
  readonly output: number;
}

/**
 * List prices (USD per million tokens) of common vision models, matched by model-name prefix, longest
 * first. Local models (Ollama, LocalAI) cost nothing. Users override or add prices in `analyzer.prices`.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2.0, output: 8.0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10.0 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2.0 },
  'gpt-5': { input: 1.25, output: 10.0 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-pro': { input: 1.25, output: 10.0 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'claude-3-5-haiku': { input: 0.8, output: 4.0 },
  'claude-sonnet-4': { input: 3.0, output: 15.0 },
};

/** When a model is in neither table, assume a mid-range cloud price so the budget still bites. */
export const UNKNOWN_MODEL_PRICE: ModelPrice = { input: 2.5, output: 10.0 };

/** The price of `model`: the user's table first, then the built-in one (longest matching prefix). */
export function priceOf(model: string, overrides: AnalyzerConfig['prices']): ModelPrice {
  const own = overrides.find((p) => p.model === model);
  if (own) return { input: own.inputUsdPerMtok, output: own.outputUsdPerMtok };
  const bare = model.includes('/') ? (model.split('/').pop() ?? model) : model;
  const key = Object.keys(MODEL_PRICES)
    .filter((k) => bare.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key ? (MODEL_PRICES[key] ?? UNKNOWN_MODEL_PRICE) : UNKNOWN_MODEL_PRICE;
}

export function costUsd(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
