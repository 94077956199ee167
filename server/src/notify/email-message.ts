import type { Result } from '../core/result.js';
import type { Failure } from '../core/failure.js';

export interface EmailAttachment {
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: string;
  /** Content id for `<img src="cid:...">` in the HTML body. */
  readonly cid: string;
}

export interface EmailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly EmailAttachment[];
}

/** One way of handing an email over (SMTP, SendGrid). */
export interface EmailTransport {
  readonly kind: string;
  send(message: EmailMessage, signal: AbortSignal): Promise<Result<void, Failure>>;
  close?(): void;
}

/** "HomeSec <a@b.c>" or "a@b.c" as name and address. */
export function parseAddress(address: string): { email: string; name: string | null } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  if (!match) return { email: address.trim(), name: null };
  const name = (match[1] ?? '').replace(/^"|"$/g, '').trim();
  return { email: (match[2] ?? '').trim(), name: name === '' ? null : name };
}
