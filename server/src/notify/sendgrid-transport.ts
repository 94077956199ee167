import type { EmailConfig } from '../config/sections/notify-config.js';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { parseAddress, type EmailMessage, type EmailTransport } from './email-message.js';
import { failure, type Failure } from '../core/failure.js';

/** The SendGrid v3 HTTP API: POST <api_base>/mail/send, 202 on success. */
export class SendgridTransport implements EmailTransport {
  readonly kind = 'sendgrid';

  constructor(
    private readonly options: { readonly sendgrid: EmailConfig['sendgrid']; readonly log: Logger; readonly timeoutMs?: number },
  ) {}

  async send(message: EmailMessage, signal: AbortSignal): Promise<Result<void, Failure>> {
    const url = `${this.options.sendgrid.apiBase.replace(/\/+$/, '')}/mail/send`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    this.options.log.debug({ event_type: 'email.sendgrid_send', url }, 'sending alert email through SendGrid');
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.sendgrid.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestBody(message)),
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (e) {
      const why = timeout.aborted ? 'timed out' : signal.aborted ? 'aborted' : 'unreachable';
      return err(failure(`SendGrid ${why}`, true, e));
    }
    if (response.ok) return ok(undefined);
    const body = await response.text().catch(() => '');
    this.options.log.debug(
      { event_type: 'email.sendgrid_refused', status: response.status, body: body.slice(0, 500) },
      'SendGrid refused the email',
    );
    const retryable = response.status === 429 || response.status >= 500;
    return err(failure(`SendGrid answered HTTP ${response.status}`, retryable));
  }
}

function requestBody(message: EmailMessage): Record<string, unknown> {
  const from = parseAddress(message.from);
  return {
    personalizations: [{ to: message.to.map((to) => ({ email: parseAddress(to).email })) }],
    from: from.name ? { email: from.email, name: from.name } : { email: from.email },
    subject: message.subject,
    content: [
      { type: 'text/plain', value: message.text },
      { type: 'text/html', value: message.html },
    ],
    ...(message.attachments.length > 0
      ? {
          attachments: message.attachments.map((a) => ({
            content: a.content.toString('base64'),
            filename: a.filename,
            type: a.contentType,
            disposition: 'inline',
            content_id: a.cid,
          })),
        }
      : {}),
  };
}
