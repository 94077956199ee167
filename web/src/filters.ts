import type { ClipListParams, ClipStatus, ClipSummary, RiskLevel } from './contract';
import { riskRank } from './wire-values';

/** What the timeline is narrowed to; empty strings mean "any". */
export interface ClipFilters {
  readonly camera: string;
  readonly label: string;
  readonly minRisk: RiskLevel | '';
  readonly alerted: '' | 'true' | 'false';
  readonly status: ClipStatus | '';
  readonly text: string;
  /** Local calendar days (YYYY-MM-DD). */
  readonly fromDay: string;
  readonly toDay: string;
}

export const NO_FILTERS: ClipFilters = { camera: '', label: '', minRisk: '', alerted: '', status: '', text: '', fromDay: '', toDay: '' };

/** How many filters are set besides the search text (shown on the collapsed filter button). */
export function countFilters(f: ClipFilters): number {
  return (Object.keys(f) as (keyof ClipFilters)[]).filter((key) => key !== 'text' && f[key] !== '').length;
}

export function filtersToParams(f: ClipFilters): ClipListParams {
  const params: ClipListParams = {};
  if (f.camera) params.camera = f.camera;
  if (f.label) params.label = f.label.trim().toLowerCase();
  if (f.minRisk) params.minRisk = f.minRisk;
  if (f.alerted) params.alerted = f.alerted;
  if (f.status) params.status = f.status;
  if (f.text.trim()) params.text = f.text.trim();
  const from = dayStart(f.fromDay, 0);
  const to = dayStart(f.toDay, 1);
  if (from) params.from = from;
  if (to) params.to = to;
  return params;
}

/** Whether a live clip belongs in the filtered list (the server's rules, approximated for text search). */
export function matchesFilters(clip: ClipSummary, f: ClipFilters): boolean {
  if (clip.status === 'deleted' && f.status !== 'deleted') return false;
  if (f.camera && clip.camera !== f.camera) return false;
  if (f.label && !clip.labels.includes(f.label.trim().toLowerCase())) return false;
  if (f.minRisk && (clip.riskLevel === null || riskRank(clip.riskLevel) < riskRank(f.minRisk))) return false;
  if (f.alerted && String(clip.alerted === true) !== f.alerted) return false;
  if (f.status && clip.status !== f.status) return false;
  const at = Date.parse(clip.startedAt);
  const from = dayStart(f.fromDay, 0);
  const to = dayStart(f.toDay, 1);
  if (from && at < Date.parse(from)) return false;
  if (to && at >= Date.parse(to)) return false;
  if (f.text.trim()) {
    const haystack = `${clip.title ?? ''} ${clip.summary ?? ''}`.toLowerCase();
    if (
      !f.text
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((word) => haystack.includes(word))
    )
      return false;
  }
  return true;
}

function dayStart(day: string, plusDays: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).toISOString();
}
