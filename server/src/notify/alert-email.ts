import type { AlertMessage } from './alert-message.js';
import type { AlertPayload } from './alert-payload.js';
import { escapeHtml } from './escape-html.js';

export const SNAPSHOT_CID = 'homesec-snapshot';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function riskWord(alert: AlertPayload): string {
  return alert.risk_level === 'unrated' ? 'not rated yet' : alert.risk_level;
}

const PHASE_WORDS: Record<AlertPayload['phase'], string> = { new: '', update: 'update: ', end: 'ended: ' };

/** Subject line; CR/LF removed so a model-produced title cannot add headers. */
function subjectOf(alert: AlertPayload): string {
  return `[HomeSec] ${alert.camera}: ${PHASE_WORDS[alert.phase]}${alert.title} (${riskWord(alert)})`.replace(/[\r\n]+/g, ' ');
}

function facts(alert: AlertPayload): [string, string][] {
  return [
    ['Camera', alert.camera],
    ['Time', alert.started_at],
    ['Risk', riskWord(alert)],
    ['Activity', alert.activity ?? 'unknown'],
    ['Detected', alert.labels.join(', ') || 'nothing'],
    ...(alert.zones.length > 0 ? [['Zones', alert.zones.join(', ')] as [string, string]] : []),
    ['Why this alerted', alert.reason],
  ];
}

/**
 * The alert email. Every string that can come from the model or a camera is escaped in the HTML body
 * (the seed inserted the VLM summary raw); links only point at the configured public URL.
 */
export function renderAlertEmail(message: AlertMessage, hasSnapshot: boolean): RenderedEmail {
  const alert = message.payload;
  const observations = message.observations;
  const text = [
    alert.title,
    '',
    alert.summary,
    '',
    ...facts(alert).map(([k, v]) => `${k}: ${v}`),
    ...(observations.length > 0 ? ['', 'Observations:', ...observations.map((o) => `- ${o}`)] : []),
    ...(alert.clip_url ? ['', `Clip: ${alert.clip_url}`] : []),
  ].join('\n');
  const rows = facts(alert)
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(alert.title)}</h2>`,
    `<p>${escapeHtml(alert.summary)}</p>`,
    hasSnapshot ? `<p><img src="cid:${SNAPSHOT_CID}" alt="snapshot" style="max-width: 100%"></p>` : '',
    `<table>${rows}</table>`,
    observations.length > 0 ? `<h3>Observations</h3><ul>${observations.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>` : '',
    alert.clip_url ? `<p><a href="${escapeHtml(alert.clip_url)}">Open the clip</a></p>` : '',
    '</body></html>',
  ].join('');
  return { subject: subjectOf(alert), text, html };
}
