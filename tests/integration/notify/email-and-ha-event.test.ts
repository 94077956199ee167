import { parseConfigSection } from '../../../server/src/config/schema.js';
import { mediaFolder } from '../../../server/src/media/media-paths.js';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyConfigSchema } from '../../../server/src/config/sections/notify-config.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { SupervisorClient } from '../../../server/src/ha/supervisor-client.js';
import { AlertPayloadSchema } from '../../../server/src/notify/alert-payload.js';
import { EmailNotifier } from '../../../server/src/notify/email-notifier.js';
import { HaEventNotifier } from '../../../server/src/notify/ha-event-notifier.js';
import { SendgridTransport } from '../../../server/src/notify/sendgrid-transport.js';
import { SmtpTransport } from '../../../server/src/notify/smtp-transport.js';
import { alertMessageFor, makeAnalysis, makeClip, makeDetection } from '../../support/factories.js';
import { fixture } from '../../support/paths.js';
import { startFakeSendgrid } from '../../support/servers/fake-sendgrid-server.js';
import { startFakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { log, outboxWorld, type OutboxWorld } from './outbox-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOSTILE_SUMMARY = '<script>alert("x")</script><img src=x onerror=alert(1)> & more';
const HOSTILE_TITLE = 'Person <b>at</b> door';

async function world(): Promise<OutboxWorld> {
  const w = await outboxWorld();
  cleanups.push(() => w.close());
  return w;
}

/** A clip whose VLM text looks like HTML, with a real snapshot JPEG in the media folder. */
function hostileClip(mediaDir: string): Clip {
  const snapshotPath = 'front_door/2026-11-21/snap.jpg';
  mkdirSync(join(mediaDir, 'front_door/2026-11-21'), { recursive: true });
  copyFileSync(fixture('pedestrians.jpg'), join(mediaDir, snapshotPath));
  return makeClip({
    detection: makeDetection(['person']),
    analysis: makeAnalysis({ riskLevel: 'high', title: HOSTILE_TITLE, summary: HOSTILE_SUMMARY, observations: ['<i>hid</i> face'] }),
    alerted: true,
    snapshotPath,
  });
}

interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

async function startSmtp(): Promise<{ port: number; mails: ReceivedMail[]; next: () => Promise<ReceivedMail> }> {
  const mails: ReceivedMail[] = [];
  const waiters: ((m: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        mails.push(mail);
        waiters.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, mails, next: () => new Promise((resolve) => waiters.push(resolve)) };
}

/** The decoded parts of a MIME message (quoted-printable and base64 undone), by content type. */
function mimeParts(raw: string): { type: string; headers: string; body: Buffer }[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1] ?? '');
  const parts: { type: string; headers: string; body: Buffer }[] = [];
  for (const boundary of boundaries) {
    for (const chunk of raw.split(`--${boundary}`).slice(1)) {
      const split = chunk.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const headers = chunk.slice(0, split);
      const type = /content-type:\s*([^;\r\n]+)/i.exec(headers)?.[1]?.trim() ?? '';
      if (type.startsWith('multipart/')) continue;
      const body = chunk.slice(split + 4);
      const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(headers)?.[1]?.toLowerCase();
      const decoded =
        encoding === 'base64'
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
          : encoding === 'quoted-printable'
            ? Buffer.from(
                body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
                'latin1',
              )
            : Buffer.from(body);
      parts.push({ type, headers, body: decoded });
    }
  }
  return parts;
}

describe('email notifier', () => {
  it('sends over SMTP with every model-produced string escaped and the snapshot attached', async () => {
    // Given a real SMTP server and an outbox with the SMTP email notifier
    const smtp = await startSmtp();
    const w = await world();
    const email = parseConfigSection(NotifyConfigSchema, {
      email: { enabled: true, from: 'HomeSec <homesec@example.com>', to: ['me@example.com'], smtp: { host: '127.0.0.1', port: smtp.port } },
    }).email;
    const transport = new SmtpTransport({ smtp: email.smtp, log });
    cleanups.push(() => transport.close());
    const outbox = w.outbox([new EmailNotifier({ config: email, transport, media: mediaFolder(w.dir) })]);
    await outbox.start(new AbortController().signal);
    const clip = hostileClip(w.dir);
    w.addClip(clip);

    // When the clip alerts
    const received = smtp.next();
    outbox.enqueue(alertMessageFor(clip));
    const mail = await received;
    await w.waitForEvent(clip.id, 'notification_delivered', 'email');

    // Then the HTML body carries the summary escaped, never as markup
    expect(mail.to).toEqual(['me@example.com']);
    const parts = mimeParts(mail.raw);
    const html = parts.find((p) => p.type === 'text/html')?.body.toString('utf8') ?? '';
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(html).toContain('<h2>Person &lt;b&gt;at&lt;/b&gt; door</h2>');
    expect(html).toContain('<li>&lt;i&gt;hid&lt;/i&gt; face</li>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('src="cid:homesec-snapshot"');

    // And the snapshot is attached as the real JPEG
    const jpeg = parts.find((p) => p.type === 'image/jpeg');
    expect(jpeg?.headers).toMatch(/Content-ID: <homesec-snapshot>/i);
    expect(jpeg?.body.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg?.body.length).toBeGreaterThan(10_000);
  });

  it('sends through the SendGrid API, escaped, retrying a 503 and recording the attempts', async () => {
    // Given a SendGrid fake that answers 503 once
    const sendgrid = await startFakeSendgrid();
    cleanups.push(() => sendgrid.close());
    sendgrid.script(503);
    const w = await world();
    const email = parseConfigSection(NotifyConfigSchema, {
      email: {
        enabled: true,
        transport: 'sendgrid',
        from: 'HomeSec <homesec@example.com>',
        to: ['me@example.com'],
        sendgrid: { api_key: 'SG.secret', api_base: sendgrid.apiBase },
      },
    }).email;
    const outbox = w.outbox([
      new EmailNotifier({ config: email, transport: new SendgridTransport({ sendgrid: email.sendgrid, log }), media: mediaFolder(w.dir) }),
    ]);
    await outbox.start(new AbortController().signal);
    const clip = hostileClip(w.dir);
    w.addClip(clip);

    // When the clip alerts
    outbox.enqueue(alertMessageFor(clip));
    await w.waitForEvent(clip.id, 'notification_delivered', 'email');

    // Then the second attempt went through with the key, the escaped HTML and the snapshot
    expect(w.repository.getLocal(clip.id)?.notifications.email).toMatchObject({ status: 'delivered', attempts: 2 });
    const [sent] = sendgrid.mails;
    expect(sent?.authorization).toBe('Bearer SG.secret');
    expect(sent?.mail.from).toEqual({ email: 'homesec@example.com', name: 'HomeSec' });
    const html = sent?.mail.content.find((c) => c.type === 'text/html')?.value ?? '';
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(sent?.mail.attachments?.[0]).toMatchObject({
      filename: `evt_${clip.id}.jpg`,
      type: 'image/jpeg',
      content_id: 'homesec-snapshot',
    });
  });

  it('records a refused email (HTTP 400) as failed at once, without retrying', async () => {
    // Given SendGrid refusing the request
    const sendgrid = await startFakeSendgrid();
    cleanups.push(() => sendgrid.close());
    sendgrid.script(400);
    const w = await world();
    const email = parseConfigSection(NotifyConfigSchema, {
      email: {
        enabled: true,
        transport: 'sendgrid',
        from: 'a@example.com',
        to: ['b@example.com'],
        sendgrid: { api_key: 'k', api_base: sendgrid.apiBase },
      },
    }).email;
    const outbox = w.outbox([
      new EmailNotifier({ config: email, transport: new SendgridTransport({ sendgrid: email.sendgrid, log }), media: mediaFolder(w.dir) }),
    ]);
    await outbox.start(new AbortController().signal);
    const clip = hostileClip(w.dir);
    w.addClip(clip);

    // When the clip alerts, Then the failure is recorded with its reason after one attempt
    outbox.enqueue(alertMessageFor(clip));
    const event = await w.waitForEvent(clip.id, 'notification_failed', 'email');
    expect(event.data).toMatchObject({ attempts: 1, error: 'SendGrid answered HTTP 400' });
  });
});

describe('Home Assistant event notifier', () => {
  it('fires homesec_alert through the Supervisor API with the alert payload', async () => {
    // Given a fake Supervisor and the HA helper's Supervisor client
    const supervisor = await startFakeSupervisor();
    cleanups.push(() => supervisor.close());
    const events = new SupervisorClient({ baseUrl: supervisor.url, token: supervisor.token, log });
    const w = await world();
    const outbox = w.outbox([new HaEventNotifier({ events })]);
    await outbox.start(new AbortController().signal);
    const clip = hostileClip(w.dir);
    w.addClip(clip);

    // When the clip alerts
    outbox.enqueue(alertMessageFor(clip));
    await w.waitForEvent(clip.id, 'notification_delivered', 'ha_event');

    // Then one POST /core/api/events/homesec_alert carried the payload with the token
    const posts = supervisor.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ path: '/core/api/events/homesec_alert', authorization: `Bearer ${supervisor.token}` });
    const payload = AlertPayloadSchema.parse(JSON.parse(posts[0]?.body ?? ''));
    expect(payload).toMatchObject({ clip_id: clip.id, camera: 'front_door', risk_level: 'high', summary: HOSTILE_SUMMARY });
  });

  it('does not retry a refused token (401) and records why', async () => {
    // Given a client with the wrong token
    const supervisor = await startFakeSupervisor();
    cleanups.push(() => supervisor.close());
    const w = await world();
    const outbox = w.outbox([new HaEventNotifier({ events: new SupervisorClient({ baseUrl: supervisor.url, token: 'wrong', log }) })]);
    await outbox.start(new AbortController().signal);
    const clip = hostileClip(w.dir);
    w.addClip(clip);

    // When the clip alerts, Then it fails after one request with the reason
    outbox.enqueue(alertMessageFor(clip));
    const event = await w.waitForEvent(clip.id, 'notification_failed', 'ha_event');
    expect(event.data).toMatchObject({ attempts: 1 });
    expect(String(event.data.error)).toMatch(/Unauthorized/);
    expect(supervisor.requests).toHaveLength(1);
  });
});
