import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** What the fake answers to one chat completion request. */
export type FakeVlmReply =
  /** 200 with this object as the JSON message content, after `delayMs` (a model that takes its time). */
  | {
      readonly kind: 'json';
      readonly content: unknown;
      readonly promptTokens?: number;
      readonly completionTokens?: number;
      readonly delayMs?: number;
      /** The call's cost as OpenRouter reports it (`usage.cost`, USD); left out when not set. */
      readonly costUsd?: number;
    }
  /** 200 with this raw text as content (malformed JSON, prose). */
  | { readonly kind: 'text'; readonly content: string; readonly promptTokens?: number; readonly completionTokens?: number }
  /** An HTTP error status (429, 500...), optionally with Retry-After seconds. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterS?: number; readonly message?: string }
  /** Never answers (until the client gives up). */
  | { readonly kind: 'hang' };

const ContentPartSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string(), detail: z.string().optional() }) }),
]);

const ChatRequestSchema = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.string(), content: z.union([z.string(), z.array(ContentPartSchema)]) })),
  response_format: z
    .object({
      type: z.string(),
      json_schema: z.object({ name: z.string(), strict: z.boolean().optional(), schema: z.record(z.string(), z.unknown()) }).optional(),
    })
    .optional(),
  max_completion_tokens: z.number().optional(),
});
export type FakeChatRequest = z.infer<typeof ChatRequestSchema>;

export interface RecordedVlmRequest {
  readonly body: FakeChatRequest;
  readonly authorization: string | undefined;
  /** JPEG bytes of every image in the user message, in order. */
  readonly images: Buffer[];
  /** Text parts of the user message, in order. */
  readonly texts: string[];
}

export interface FakeOpenAiServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  readonly requests: RecordedVlmRequest[];
  /** Queues replies for the next requests, in order. */
  script(...replies: FakeVlmReply[]): void;
  /** What requests get once the script is used up (default: HTTP 500). */
  setDefault(reply: FakeVlmReply): void;
  /** Answers 400 "response_format json_schema not supported" to json_schema requests, like some providers. */
  rejectJsonSchema(reject: boolean): void;
  close(): Promise<void>;
}

/** A real OpenAI-compatible HTTP server on 127.0.0.1 (free port) with scripted replies; it records every request. */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: FakeVlmReply[] = [];
  const requests: RecordedVlmRequest[] = [];
  let fallback: FakeVlmReply = { kind: 'status', status: 500, message: 'no scripted reply' };
  let rejectSchema = false;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const parsed = ChatRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (!parsed.success) {
      sendJson(res, 400, { error: { message: `bad request: ${parsed.error.message}`, type: 'invalid_request_error' } });
      return;
    }
    requests.push(record(parsed.data, req.headers.authorization));
    if (rejectSchema && parsed.data.response_format?.type === 'json_schema') {
      sendJson(res, 400, {
        error: {
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model",
          type: 'invalid_request_error',
        },
      });
      return;
    }
    const reply = queue.shift() ?? fallback;
    if (reply.kind === 'json' && reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    answer(res, reply, parsed.data.model);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    rejectJsonSchema: (reject) => {
      rejectSchema = reject;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function record(body: FakeChatRequest, authorization: string | undefined): RecordedVlmRequest {
  const images: Buffer[] = [];
  const texts: string[] = [];
  for (const message of body.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'text') texts.push(part.text);
      else images.push(Buffer.from(part.image_url.url.replace(/^data:image\/jpeg;base64,/, ''), 'base64'));
    }
  }
  return { body, authorization, images, texts };
}

function answer(res: ServerResponse, reply: FakeVlmReply, model: string): void {
  switch (reply.kind) {
    case 'hang':
      return;
    case 'status': {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (reply.retryAfterS !== undefined) headers['retry-after'] = String(reply.retryAfterS);
      res
        .writeHead(reply.status, headers)
        .end(JSON.stringify({ error: { message: reply.message ?? `status ${reply.status}`, type: 'server_error' } }));
      return;
    }
    case 'json':
    case 'text': {
      const content = reply.kind === 'json' ? JSON.stringify(reply.content) : reply.content;
      sendJson(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: {
          prompt_tokens: reply.promptTokens ?? 1000,
          completion_tokens: reply.completionTokens ?? 100,
          total_tokens: (reply.promptTokens ?? 1000) + (reply.completionTokens ?? 100),
          ...(reply.kind === 'json' && reply.costUsd !== undefined ? { cost: reply.costUsd } : {}),
        },
      });
      return;
    }
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A valid reply in HomeSec's wire format, with overrides. */
export function vlmReply(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    summary: {
      title: 'Two people cross the plaza',
      description: 'Two people walk across the plaza from left to right and leave the frame.',
    },
    risk_level: 'low',
    activity: 'passerby',
    observations: ['two pedestrians', 'no interaction with property'],
    entities: [
      {
        type: 'person',
        description: 'adult in a dark coat',
        first_seen_s: 0.8,
        last_seen_s: 12.1,
        movement: 'left to right',
        interaction: '',
      },
    ],
    requires_review: false,
    ...overrides,
  };
}
