import { clipLabels, ClipSchema, type Clip } from '../core/clip.js';
import { riskRank } from '../core/risk-level.js';
import { StoreUnavailableError } from '../core/errors.js';

/** The typed columns both stores keep beside the JSON document, for filtering and ordering. */
export interface ClipColumns {
  readonly id: string;
  readonly camera: string;
  readonly startedAtMs: number;
  readonly status: string;
  readonly risk: number | null;
  readonly alerted: boolean;
  readonly labels: string[];
  /** Words searched by `text`: the VLM's title, summary and observations. */
  readonly searchText: string;
  readonly updatedAtMs: number;
}

export function clipColumns(clip: Clip): ClipColumns {
  const analysis = clip.analysis;
  return {
    id: clip.id,
    camera: clip.camera,
    startedAtMs: Date.parse(clip.startedAt),
    status: clip.status,
    risk: analysis ? riskRank(analysis.riskLevel) : null,
    alerted: clip.alerted,
    labels: [...new Set(clipLabels(clip))],
    searchText: analysis ? [analysis.title, analysis.summary, ...analysis.observations].join('\n') : '',
    updatedAtMs: Date.parse(clip.updatedAt),
  };
}

/** Documents are validated on the way out: a row written by an older or broken version is reported, not trusted. */
export function parseClipDocument(json: unknown, id: string): Clip {
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  const parsed = ClipSchema.safeParse(value);
  if (!parsed.success) {
    throw new StoreUnavailableError(`clip ${id}: stored document does not match the clip schema: ${parsed.error.message}`);
  }
  return parsed.data;
}
