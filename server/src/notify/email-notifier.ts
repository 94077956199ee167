import { readFile } from 'node:fs/promises';
import type { EmailConfig } from '../config/sections/notify-config.js';
import type { Clip } from '../core/clip.js';
import type { MediaFolder } from '../media/media-paths.js';
import type { Result } from '../core/result.js';
import type { AlertPayload } from './alert-payload.js';
import { renderAlertEmail, SNAPSHOT_CID } from './alert-email.js';
import type { EmailAttachment, EmailTransport } from './email-message.js';
import type { Failure } from '../core/failure.js';
import type { Notifier } from './notifier.js';

export interface EmailNotifierOptions {
  readonly config: EmailConfig;
  readonly transport: EmailTransport;
  /** Where the clip's snapshot is read from. */
  readonly media: MediaFolder;
}

/** One email per alert, over SMTP or SendGrid, with the snapshot attached (inline). */
export class EmailNotifier implements Notifier {
  readonly name = 'email';

  constructor(private readonly options: EmailNotifierOptions) {}

  close(): void {
    this.options.transport.close?.();
  }

  async send(alert: AlertPayload, clip: Clip, signal: AbortSignal): Promise<Result<void, Failure>> {
    const snapshot = await this.snapshot(clip);
    const rendered = renderAlertEmail(alert, clip, snapshot !== null);
    const { config } = this.options;
    return this.options.transport.send({ from: config.from, to: config.to, ...rendered, attachments: snapshot ? [snapshot] : [] }, signal);
  }

  /** The snapshot JPEG, or null when the clip has none (or it was pruned): the email goes out anyway. */
  private async snapshot(clip: Clip): Promise<EmailAttachment | null> {
    if (!clip.snapshotPath) return null;
    try {
      const content = await readFile(this.options.media.resolve(clip.snapshotPath));
      return { filename: `${clip.id}.jpg`, content, contentType: 'image/jpeg', cid: SNAPSHOT_CID };
    } catch {
      return null;
    }
  }
}
