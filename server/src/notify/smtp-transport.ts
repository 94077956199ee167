import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailConfig } from '../config/sections/notify-config.js';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { EmailMessage, EmailTransport } from './email-message.js';
import { failure, type Failure } from '../core/failure.js';

/** Connection problems that a later attempt may get past. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL']);

/** SMTP through nodemailer (STARTTLS when offered, or TLS from the start with `secure`). */
export class SmtpTransport implements EmailTransport {
  readonly kind = 'smtp';
  private transporter: Transporter | null = null;

  constructor(private readonly options: { readonly smtp: EmailConfig['smtp']; readonly log: Logger; readonly timeoutMs?: number }) {}

  async send(message: EmailMessage, signal: AbortSignal): Promise<Result<void, Failure>> {
    if (signal.aborted) return err(failure('email not sent: aborted', true));
    const transporter = (this.transporter ??= this.create());
    this.options.log.debug(
      { event_type: 'email.smtp_send', host: this.options.smtp.host, port: this.options.smtp.port },
      'sending alert email over SMTP',
    );
    try {
      await transporter.sendMail({
        from: message.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
      });
      return ok(undefined);
    } catch (e) {
      return err(classify(e));
    }
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }

  private create(): Transporter {
    const { smtp, timeoutMs = 30_000 } = this.options;
    return nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }
}

/** 4xx SMTP replies and connection problems are retried; 5xx replies (unknown mailbox, refused auth) are final. */
function classify(e: unknown): Failure {
  const { code, responseCode, message } = e as { code?: string; responseCode?: number; message?: string };
  const retryable = responseCode !== undefined ? responseCode < 500 : code === undefined || TRANSIENT_CODES.has(code);
  return failure(`SMTP: ${message ?? String(e)}`, retryable, e);
}
