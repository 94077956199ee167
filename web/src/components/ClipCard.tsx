import type { ClipSummary } from '../contract';
import { formatClipTime, formatSeconds } from '../format';
import { clipHref } from '../hooks/useHashRoute';
import { clipMediaUrl } from '../paths';
import { RiskBadge } from './RiskBadge';
import { StageProgress } from './StageProgress';

/** One timeline row; the whole card is a link, so it is reachable with Tab and opened with Enter. */
export function ClipCard({ clip }: { readonly clip: ClipSummary }) {
  const inProgress = clip.status === 'queued' || clip.status === 'processing' || clip.status === 'failed';
  return (
    <li className="clip-card" data-clip-id={clip.id} data-status={clip.status}>
      <a href={clipHref(clip)} className="clip-link">
        <div className="thumb">
          {clip.hasThumbnail || clip.hasSnapshot ? (
            <img src={clipMediaUrl(clip.id, 'thumbnail')} alt="" loading="lazy" width={160} height={90} />
          ) : (
            <span className="thumb-empty" aria-hidden="true">
              ▶
            </span>
          )}
        </div>
        <div className="clip-body">
          <div className="clip-head">
            <span className="camera">{clip.camera}</span>
            <time dateTime={clip.startedAt}>{formatClipTime(clip.startedAt)}</time>
            {clip.durationS !== null && <span className="muted">{formatSeconds(clip.durationS)}</span>}
            <RiskBadge risk={clip.riskLevel} />
            {clip.alerted && <span className="badge alerted">alerted</span>}
          </div>
          <div className="clip-title">{clip.title ?? fallbackTitle(clip)}</div>
          {clip.labels.length > 0 && (
            <ul className="labels" aria-label="Detected">
              {clip.labels.map((label) => (
                <li key={label} className="chip">
                  {label}
                </li>
              ))}
            </ul>
          )}
          {inProgress && <StageProgress clip={clip} />}
          {clip.error && <div className="error-text">{clip.error}</div>}
        </div>
      </a>
    </li>
  );
}

/** Without a VLM title: what the detector saw, or why there is nothing to say yet. */
function fallbackTitle(clip: ClipSummary): string {
  if (clip.labels.length) return clip.labels.join(', ');
  if (clip.status === 'queued' || clip.status === 'processing') return 'Processing…';
  if (clip.status === 'failed') return 'Processing failed';
  return clip.stages.detect?.outcome === 'ok' ? 'No objects found' : 'Motion clip';
}
