import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

const SmtpSchema = z
  .strictObject({
    host: z.string().default('').describe('SMTP server host name'),
    port: z.number().int().min(1).max(65_535).default(587).describe('SMTP port (587 STARTTLS, 465 TLS, 25 plain)'),
    secure: z.boolean().default(false).describe('TLS from the first byte (port 465); false = STARTTLS when offered'),
    username: z.string().default('').describe('SMTP user'),
    password: z.string().default('').describe('SMTP password (secret)'),
  })
  .prefault({});

const SendgridSchema = z
  .strictObject({
    api_key: z.string().default('').describe('SendGrid API key (secret); also HOMESEC_NOTIFY__EMAIL__SENDGRID__API_KEY'),
    api_base: z
      .url({ protocol: /^https?$/ })
      .default('https://api.sendgrid.com/v3')
      .describe('SendGrid API base URL'),
  })
  .prefault({});

export const EMAIL_TRANSPORTS = ['smtp', 'sendgrid'] as const;

const EmailSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Send an email per alert'),
    transport: z.enum(EMAIL_TRANSPORTS).default('smtp').describe('smtp or sendgrid (HTTP API)'),
    from: z.string().default('').describe('Sender address, e.g. HomeSec <homesec@example.com>'),
    to: z.array(z.string().min(3)).default([]).describe('Recipients'),
    smtp: SmtpSchema,
    sendgrid: SendgridSchema,
  })
  .prefault({})
  .superRefine((email, ctx) => {
    if (!email.enabled) return;
    if (email.from === '') ctx.addIssue({ code: 'custom', path: ['from'], message: 'required when email is enabled' });
    if (email.to.length === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at least one recipient when email is enabled' });
    if (email.transport === 'smtp' && email.smtp.host === '')
      ctx.addIssue({ code: 'custom', path: ['smtp', 'host'], message: 'required for the smtp transport' });
    if (email.transport === 'sendgrid' && email.sendgrid.api_key === '')
      ctx.addIssue({ code: 'custom', path: ['sendgrid', 'api_key'], message: 'required for the sendgrid transport' });
  });

export const NotifyConfigSchema = z
  .strictObject({
    public_url: z
      .string()
      .regex(/^$|^https?:\/\//, 'must be empty or an http(s) URL')
      .default('')
      .describe('Base URL of the HomeSec dashboard for links in alerts (clip_url, snapshot_url); empty = no links'),
    mqtt_alerts: z.boolean().default(true).describe('Publish each alert on <topic_prefix>/alerts/<camera> (when a broker is configured)'),
    ha_events: z.boolean().default(true).describe('Fire the homesec_alert event in Home Assistant (add-on only)'),
    email: EmailSchema,
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Delivery attempts per alert and notifier before it is marked failed'),
    retry_initial_s: z.number().min(0.01).max(600).default(5).describe('Wait before the first retry (doubles each time)'),
    retry_max_s: z.number().min(0.01).max(86_400).default(900).describe('Longest wait between retries'),
  })
  .prefault({});
export type NotifyConfig = CamelCasedDeep<z.output<typeof NotifyConfigSchema>>;
export type EmailConfig = NotifyConfig['email'];
