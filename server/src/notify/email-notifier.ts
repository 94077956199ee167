import { readFile } from 'node:fs/promises';
import type { EmailConfig } from '../config/sections/notify-config.js';
import type { AlertMessage } from './alert-message.js';
import type { MediaFolder } from '../media/media-paths.js';
import type { Result } from '../core/result.js';
import { renderAlertEmail, SNAPSHOT_CID } from './alert-email.js';
import type { EmailAttachment, EmailTransport } from './email-message.js';
import type { Failure } from '../core/failure.js';
import type { Notifier } from './notifier.js';
import type { Logger } from '../core/logger.js';

export interface EmailNotifierOptions {
  readonly config: EmailConfig;
  readonly transport: EmailTransport;
  /** Where the clip's snapshot is read from. */
  readonly media: MediaFolder;
  /** Says why an email went without its snapshot. */
  readonly log?: Logger;
}

/** One email per alert, over SMTP or SendGrid, with the snapshot attached (inline). */
export class EmailNotifier implements Notifier {
  readonly name = 'email';

  constructor(private readonly options: EmailNotifierOptions) {}

  close(): void {
    this.options.transport.close?.();
  }

  async send(message: AlertMessage, signal: AbortSignal): Promise<Result<void, Failure>> {
    const snapshot = await this.snapshot(message);
    const rendered = renderAlertEmail(message, snapshot !== null);
    const { config } = this.options;
    return this.options.transport.send({ from: config.from, to: config.to, ...rendered, attachments: snapshot ? [snapshot] : [] }, signal);
  }

  /**
   * The snapshot JPEG, or null when the event has none, or it cannot be read (pruned, unreadable): the
   * email goes out anyway, and the log says which file was missing and why.
   */
  private async snapshot(message: AlertMessage): Promise<EmailAttachment | null> {
    if (!message.snapshotPath) return null;
    const path = this.options.media.resolve(message.snapshotPath);
    try {
      const content = await readFile(path);
      return { filename: `${message.eventId}.jpg`, content, contentType: 'image/jpeg', cid: SNAPSHOT_CID };
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      const gone = error.code === 'ENOENT';
      this.options.log?.[gone ? 'info' : 'warn'](
        { event_type: 'notify.snapshot_unreadable', event_id: message.eventId, path, code: error.code ?? null, err: error },
        `email for ${message.eventId} goes without its snapshot: cannot read ${path} (${error.code ?? error.message})`,
      );
      return null;
    }
  }
}
