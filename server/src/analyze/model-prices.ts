import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import { isLocalEndpoint } from './local-endpoint.js';

export interface ModelPrice {
  /** USD per million prompt tokens. */
  readonly input: number;
  /** USD per million completion tokens. */
  readonly output: number;
}

/**
 * List prices (USD per million tokens) of common cloud vision models, matched by model-name prefix,
 * longest first. Users override or add prices in `analyzer.prices`.
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

const FREE: ModelPrice = { input: 0, output: 0 };

/**
 * What a model in no table is counted at on a cloud endpoint until `analyzer.prices` names it: the
 * highest input and output prices in the table. Too high rather than $0, so the monthly budget holds
 * for every paid model (claude-*, gemini-*, OpenRouter slugs...); the warning says how to set the real price.
 */
export const DEFAULT_CLOUD_PRICE: ModelPrice = {
  input: Math.max(...Object.values(MODEL_PRICES).map((p) => p.input)),
  output: Math.max(...Object.values(MODEL_PRICES).map((p) => p.output)),
};

/**
 * How the analyzer's calls are charged. A price from `analyzer.prices` always counts; otherwise a
 * model on a local endpoint (Ollama, LocalAI, llama.cpp on loopback or the LAN) costs nothing, a model
 * in the built-in table counts at its list price, and any other model counts at `DEFAULT_CLOUD_PRICE`.
 * Only `counted` calls move the budget; a cost the provider reports with the reply (OpenRouter's
 * `usage.cost`) is booked instead of the price whenever there is one.
 */
export type Pricing =
  | { readonly counted: true; readonly price: ModelPrice; readonly source: 'configured' | 'built_in' | 'default' }
  | { readonly counted: false; readonly price: ModelPrice; readonly why: 'local_endpoint' };

/** The price of `model`: the user's table first, then the built-in one (longest matching prefix); null when neither has it. */
export function priceOf(model: string, overrides: AnalyzerConfig['prices']): ModelPrice | null {
  const own = overrides.find((p) => p.model === model);
  if (own) return { input: own.inputUsdPerMtok, output: own.outputUsdPerMtok };
  return builtInPrice(model);
}

/**
 * Whether calls to `baseUrl` are the user's own (free): `endpoint_kind` says so, or with `auto` the
 * URL does (loopback, private ranges, `.local`, one-label service names such as `ollama`). `cloud`
 * is for a paid service reached through a local address (a LiteLLM or OpenRouter proxy on the LAN).
 */
export function isFreeEndpoint(config: Pick<AnalyzerConfig, 'baseUrl' | 'endpointKind'>): boolean {
  if (config.endpointKind === 'local') return true;
  if (config.endpointKind === 'cloud') return false;
  return isLocalEndpoint(config.baseUrl);
}

/** What calls to `config.model` at `config.baseUrl` cost, and whether the budget counts them. */
export function pricingFor(config: Pick<AnalyzerConfig, 'model' | 'prices' | 'baseUrl' | 'endpointKind'>): Pricing {
  const own = config.prices.find((p) => p.model === config.model);
  if (own) return { counted: true, price: { input: own.inputUsdPerMtok, output: own.outputUsdPerMtok }, source: 'configured' };
  if (isFreeEndpoint(config)) return { counted: false, price: FREE, why: 'local_endpoint' };
  const listed = builtInPrice(config.model);
  if (listed) return { counted: true, price: listed, source: 'built_in' };
  return { counted: true, price: DEFAULT_CLOUD_PRICE, source: 'default' };
}

export function costUsd(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

function builtInPrice(model: string): ModelPrice | null {
  const bare = model.includes('/') ? (model.split('/').pop() ?? model) : model;
  const key = Object.keys(MODEL_PRICES)
    .filter((k) => bare.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key ? (MODEL_PRICES[key] ?? null) : null;
}
