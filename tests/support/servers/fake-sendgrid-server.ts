import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const MailSendSchema = z.object({
  personalizations: z.array(z.object({ to: z.array(z.object({ email: z.string() })).min(1) })).min(1),
  from: z.object({ email: z.string(), name: z.string().optional() }),
  subject: z.string(),
  content: z.array(z.object({ type: z.string(), value: z.string() })).min(1),
  attachments: z
    .array(
      z.object({
        content: z.string(),
        filename: z.string(),
        type: z.string(),
        disposition: z.string().optional(),
        content_id: z.string().optional(),
      }),
    )
    .optional(),
});
export type SendgridMail = z.infer<typeof MailSendSchema>;

export interface FakeSendgrid {
  /** e.g. http://127.0.0.1:PORT/v3, for notify.email.sendgrid.api_base. */
  readonly apiBase: string;
  readonly mails: { readonly authorization: string | undefined; readonly mail: SendgridMail }[];
  /** Statuses for the next requests (202 once the list is used up). */
  script(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 playing SendGrid's POST /v3/mail/send; validates and records each mail. */
export async function startFakeSendgrid(): Promise<FakeSendgrid> {
  const mails: FakeSendgrid['mails'][number][] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') return void res.writeHead(404).end();
      const parsed = MailSendSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (!parsed.success)
        return void res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: parsed.error.message }] }));
      const status = statuses.shift() ?? 202;
      if (status === 202) mails.push({ authorization: req.headers.authorization, mail: parsed.data });
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(status === 202 ? '' : JSON.stringify({ errors: [{ message: `status ${status}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}/v3`,
    mails,
    script: (...next) => void statuses.push(...next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
