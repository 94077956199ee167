import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowVlmServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  /** Chat completions answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** A fixed verdict in HomeSec's wire format (analyze/vlm-output-schema.ts). */
const VERDICT = {
  summary: { title: 'Two people cross the plaza', description: 'Two people walk across the plaza and leave the frame.' },
  risk_level: 'low',
  activity: 'passerby',
  observations: ['two pedestrians'],
  entities: [
    { type: 'person', description: 'adult in a dark coat', first_seen_s: 0.5, last_seen_s: 8, movement: 'left to right', interaction: '' },
  ],
  requires_review: false,
};

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 that answers every request after a
 * fixed delay with the same valid verdict: a stand-in for a remote VLM in the load test, so the
 * figures measure HomeSec and a known model delay, not a provider's mood.
 */
export async function startSlowVlmServer(delayMs: number): Promise<SlowVlmServer> {
  let answered = 0;
  const timers = new Set<NodeJS.Timeout>();
  // A client that hangs up mid-body is not the bench's failure: the request is dropped.
  const server = createServer((req, res) => handle(req, res).catch(() => res.destroy()));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Read the whole body (frames as base64) as a real server would before answering.
    for await (const _chunk of req) void _chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      answered += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion()));
    }, delayMs);
    timers.add(timer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function completion(): Record<string, unknown> {
  return {
    id: 'chatcmpl-load-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'load-test',
    choices: [
      { index: 0, message: { role: 'assistant', content: JSON.stringify(VERDICT), refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { prompt_tokens: 1200, completion_tokens: 120, total_tokens: 1320 },
  };
}
