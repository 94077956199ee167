import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { NotifyConfigSchema } from '../../../server/src/config/sections/notify-config.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { mediaFolder } from '../../../server/src/media/media-paths.js';
import { EmailNotifier } from '../../../server/src/notify/email-notifier.js';
import { SendgridTransport } from '../../../server/src/notify/sendgrid-transport.js';
import { alertMessageFor, makeClip, makeDetection } from '../../support/factories.js';
import { LogCapture } from '../../support/log-capture.js';
import { startFakeSendgrid } from '../../support/servers/fake-sendgrid-server.js';
import { log, outboxWorld } from './outbox-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('an email whose snapshot cannot be read', () => {
  it('goes out without the picture, and the log names the file and why', async () => {
    // Given SendGrid, an email notifier with a log to read, and a clip whose snapshot path is a folder (unreadable as a file)
    const sendgrid = await startFakeSendgrid();
    cleanups.push(() => sendgrid.close());
    const w = await outboxWorld();
    cleanups.push(() => w.close());
    const email = parseConfigSection(NotifyConfigSchema, {
      email: {
        enabled: true,
        transport: 'sendgrid',
        from: 'homesec@example.com',
        to: ['me@example.com'],
        sendgrid: { api_key: 'SG.secret', api_base: sendgrid.apiBase },
      },
    }).email;
    const logs = new LogCapture();
    const notifier = new EmailNotifier({
      config: email,
      transport: new SendgridTransport({ sendgrid: email.sendgrid, log }),
      media: mediaFolder(w.dir),
      log: createLogger('info', logs),
    });
    const outbox = w.outbox([notifier]);
    await outbox.start(new AbortController().signal);
    const snapshotPath = 'front_door/2026-11-21/snap.jpg';
    mkdirSync(join(w.dir, snapshotPath), { recursive: true });
    const clip = makeClip({ detection: makeDetection(['person']), snapshotPath });
    w.addClip(clip);

    // When the clip alerts
    outbox.enqueue(alertMessageFor(clip));
    await w.waitForEvent(clip.id, 'notification_delivered', 'email');

    // Then the email was sent without an attachment, and one warning names the snapshot's path and the cause
    expect(sendgrid.mails[0]?.mail.attachments ?? []).toEqual([]);
    const warned = logs.records('notify.snapshot_unreadable');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 'warn', path: join(w.dir, snapshotPath), code: 'EISDIR' });
  });
});
