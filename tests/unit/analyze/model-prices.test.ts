import { describe, expect, it } from 'vitest';
import { isLocalEndpoint } from '../../../server/src/analyze/local-endpoint.js';
import { DEFAULT_CLOUD_PRICE, pricingFor } from '../../../server/src/analyze/model-prices.js';

const OPENAI = 'https://api.openai.com/v1';
const gpt4oPrice = [{ model: 'gpt-4o', inputUsdPerMtok: 5, outputUsdPerMtok: 15 }];

describe('local endpoints', () => {
  it('are loopback, private, link-local and CGNAT addresses, localhost, home names and one-label service names', () => {
    // Given base URLs of self-hosted servers, When classified, Then each is local
    for (const url of [
      'http://127.0.0.1:11434/v1',
      'http://[::1]:8080/v1',
      'http://10.0.0.5/v1',
      'http://172.20.1.2:8080/v1',
      'http://192.168.1.20:11434/v1',
      'http://169.254.3.4/v1',
      'http://100.101.102.103/v1',
      'http://[fd12:3456::1]/v1',
      'http://localhost:11434/v1',
      'http://ollama:11434/v1',
      'http://gpu-box.local:8000/v1',
      'http://nas.lan/v1',
      'http://host.docker.internal:11434/v1',
    ]) {
      expect(isLocalEndpoint(url), url).toBe(true);
    }
  });

  it('are not public addresses or cloud hosts', () => {
    // Given cloud and public endpoints, When classified, Then none is local
    for (const url of [OPENAI, 'https://openrouter.ai/api/v1', 'http://8.8.8.8/v1', 'http://172.32.0.1/v1', 'http://[2001:db8::1]/v1']) {
      expect(isLocalEndpoint(url), url).toBe(false);
    }
  });
});

describe('pricing of VLM calls', () => {
  it('counts a cloud model in the built-in table at its list price', () => {
    // Given gpt-4.1-mini at OpenAI, When priced, Then it counts at the list price
    expect(pricingFor({ model: 'gpt-4.1-mini', prices: [], baseUrl: OPENAI, endpointKind: 'auto' })).toEqual({
      counted: true,
      price: { input: 0.4, output: 1.6 },
      source: 'built_in',
    });
  });

  it('makes a local endpoint free, whatever the model is called', () => {
    // Given Ollama on the LAN serving a model named like a cloud one, When priced, Then it costs nothing and is not counted
    expect(pricingFor({ model: 'gpt-4o', prices: [], baseUrl: 'http://192.168.1.20:11434/v1', endpointKind: 'auto' })).toEqual({
      counted: false,
      price: { input: 0, output: 0 },
      why: 'local_endpoint',
    });
  });

  it('counts a cloud model in no price table at the highest price in the table, not at $0', () => {
    // Given paid models the table does not list, at public endpoints
    for (const model of ['claude-opus-4-1', 'anthropic/claude-3.7-sonnet', 'gemini-3-pro', 'llava:13b']) {
      // When priced / Then they count, at the most expensive input and output prices listed
      expect(pricingFor({ model, prices: [], baseUrl: 'https://openrouter.ai/api/v1', endpointKind: 'auto' }), model).toEqual({
        counted: true,
        price: DEFAULT_CLOUD_PRICE,
        source: 'default',
      });
    }
    expect(DEFAULT_CLOUD_PRICE).toEqual({ input: 3, output: 15 });
  });

  it('lets analyzer.endpoint_kind overrule the URL: a paid service behind a local proxy, or a local server on a public name', () => {
    // Given a model on loopback said to be cloud, and one at a public host said to be local
    const behindProxy = pricingFor({ model: 'claude-opus-4-1', prices: [], baseUrl: 'http://127.0.0.1:4000/v1', endpointKind: 'cloud' });
    const ownServer = pricingFor({ model: 'gpt-4o', prices: [], baseUrl: 'https://llm.example.com/v1', endpointKind: 'local' });
    // Then the first is counted at the default price, the second is free
    expect(behindProxy).toEqual({ counted: true, price: DEFAULT_CLOUD_PRICE, source: 'default' });
    expect(ownServer).toEqual({ counted: false, price: { input: 0, output: 0 }, why: 'local_endpoint' });
  });

  it('counts whatever analyzer.prices sets, also on a local endpoint', () => {
    // Given a price in the config, When priced locally or in the cloud, Then that price counts
    expect(pricingFor({ model: 'gpt-4o', prices: gpt4oPrice, baseUrl: 'http://127.0.0.1:8080/v1', endpointKind: 'auto' })).toEqual({
      counted: true,
      price: { input: 5, output: 15 },
      source: 'configured',
    });
    expect(pricingFor({ model: 'gpt-4o', prices: gpt4oPrice, baseUrl: OPENAI, endpointKind: 'auto' })).toMatchObject({
      source: 'configured',
    });
  });
});
