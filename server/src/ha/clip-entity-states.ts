import { isAbsolute, relative, sep } from 'node:path';
import type { CameraEvent, SentAlert } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import { fallbackTitle } from '../notify/alert-payload.js';
import { MAX_STATE_LENGTH, UNRATED_ALERT } from './discovery-tables.js';

/**
 * Pure mapping from a clip to the payloads of its camera's entities. Keys are snake_case (user-facing),
 * attribute payloads are JSON objects and avoid the names Home Assistant drops (state, icon, ...).
 */
export interface ClipLinks {
  /** The clip and snapshot paths relative to the media folder. */
  readonly clip: string;
  readonly snapshot: string | null;
  /** media-source:// ids HA's media browser and notifications can open, when clips live under /media. */
  readonly clipMediaId: string | null;
  readonly snapshotMediaId: string | null;
}

const MAX_ATTRIBUTE_TEXT = 4000;
const MAX_LIST_ITEMS = 20;

/** Cuts text to what a sensor state may hold, on a code point boundary, marking the cut. */
export function truncateState(text: string, max = MAX_STATE_LENGTH): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

export function clipLinks(clip: Clip, mediaDir: string): ClipLinks {
  return mediaLinks(clip.mediaPath, clip.snapshotPath, mediaDir) as ClipLinks;
}

/** Paths and media-source ids of a clip and a snapshot (either may be missing: a live event has no clip yet). */
export function mediaLinks(
  clipPath: string | null,
  snapshotPath: string | null,
  mediaDir: string,
): Omit<ClipLinks, 'clip'> & { clip: string | null } {
  const root = mediaSourceRoot(mediaDir);
  const id = (path: string | null) => (root !== null && path !== null ? `${root}/${path}` : null);
  return { clip: clipPath, snapshot: snapshotPath, clipMediaId: id(clipPath), snapshotMediaId: id(snapshotPath) };
}

/**
 * The alert event entity's message for one message of an event: `event_type` is the risk level (or
 * `unrated`), `event_id` and `phase` let an automation replace one notification as the event improves.
 */
export function eventAlertMessage(
  event: CameraEvent,
  sent: SentAlert,
  sequence: number,
  clipId: string | null,
  links: ReturnType<typeof mediaLinks>,
): Record<string, unknown> {
  const analysis = event.analysis;
  const labels = event.labels.map((l) => l.label);
  return {
    event_type: analysis?.riskLevel ?? UNRATED_ALERT,
    event_id: event.id,
    phase: sent.phase,
    sequence,
    title: analysis?.title ?? fallbackTitle(event.camera, labels),
    summary: analysis ? analysis.summary.slice(0, MAX_ATTRIBUTE_TEXT) : null,
    risk_level: analysis?.riskLevel ?? null,
    activity: analysis?.activity ?? null,
    labels: labels.slice(0, MAX_LIST_ITEMS),
    reason: sent.reason,
    camera: event.camera,
    clip_id: clipId,
    clip: links.clip,
    snapshot: links.snapshot,
    clip_media_id: links.clipMediaId,
    snapshot_media_id: links.snapshotMediaId,
    started_at: event.startedAt,
    ended_at: event.endedAt,
  };
}

/** The label that made the clip interesting (the best trigger, else the best label). */
export function personAttributes(clip: Clip): Record<string, unknown> {
  const labels = clip.detection?.labels ?? [];
  const best = labels[0];
  return {
    label: best?.label ?? null,
    confidence: best ? round(best.bestScore) : null,
    labels: labels.slice(0, MAX_LIST_ITEMS).map((l) => l.label),
    clip_id: clip.id,
    detected_at: clip.startedAt,
  };
}

export function summaryState(clip: Clip): string | null {
  const analysis = clip.analysis;
  if (!analysis) return null;
  return truncateState(analysis.summary.trim() || analysis.title);
}

export function summaryAttributes(clip: Clip, links: ClipLinks): Record<string, unknown> {
  const analysis = clip.analysis;
  return {
    title: analysis?.title ?? null,
    summary: analysis ? analysis.summary.slice(0, MAX_ATTRIBUTE_TEXT) : null,
    risk_level: analysis?.riskLevel ?? null,
    activity: analysis?.activity ?? null,
    observations: analysis?.observations.slice(0, MAX_LIST_ITEMS) ?? [],
    requires_review: analysis?.requiresReview ?? false,
    objects: (clip.detection?.labels ?? []).slice(0, MAX_LIST_ITEMS).map((l) => l.label),
    clip_id: clip.id,
    clip: links.clip,
    snapshot: links.snapshot,
    detected_at: clip.startedAt,
  };
}

/** `media-source://media_source/local/<path under /media>` when the media folder is inside /media. */
function mediaSourceRoot(mediaDir: string): string | null {
  const base = 'media-source://media_source/local';
  const rel = relative('/media', mediaDir);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel === '' ? base : `${base}/${rel.split(sep).join('/')}`;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
