import { useQuery } from '@tanstack/react-query';
import { ApiFailure, failureText } from '../api';
import { LatencyTable } from '../components/LatencyTable';
import { LifecycleTimeline, StageTable } from '../components/LifecycleTimeline';
import { RiskBadge } from '../components/RiskBadge';
import { SnapshotWithBoxes } from '../components/SnapshotWithBoxes';
import type { Clip, ClipDetail } from '../contract';
import { formatDateTime, formatSeconds, formatUsd, inWords } from '../format';
import { useDeleteClip } from '../hooks/useDeleteClip';
import { clipMediaUrl } from '../paths';
import { clipDetailQuery } from '../queries';
import { RISK_WORDS, STATUS_WORDS } from '../wire-values';

/** Everything about one clip: video, snapshot with boxes, what the VLM said, the decision, the lifecycle. */
export function ClipPage({ id }: { readonly id: string }) {
  const { data: detail, error } = useQuery(clipDetailQuery(id));
  if (error) {
    return (
      <section>
        <h1>Clip not available</h1>
        <p className="error-text" role="alert">
          {error instanceof ApiFailure && error.status === 404 ? 'This clip does not exist (any more).' : failureText(error)}
        </p>
        <a href="#/clips">Back to the clips</a>
      </section>
    );
  }
  if (!detail) return <p className="muted">Loading clip…</p>;
  const { clip } = detail;
  return (
    <article className="clip-page" aria-labelledby="clip-heading">
      <a href="#/clips" className="back">
        ← Clips
      </a>
      <h1 id="clip-heading">
        {clip.analysis?.title ?? `${clip.camera} clip`} <RiskBadge risk={clip.analysis?.riskLevel ?? null} />
      </h1>
      <p className="muted">
        {clip.camera} · {formatDateTime(clip.startedAt)}
        {clip.durationS !== null && ` · ${formatSeconds(clip.durationS)}`} · {STATUS_WORDS[clip.status]}
      </p>
      <div className="media-grid">
        <video className="player" controls preload="metadata" playsInline src={clipMediaUrl(clip.id, 'video')} aria-label="Clip video" />
        {clip.snapshotPath && (
          <SnapshotWithBoxes
            src={clipMediaUrl(clip.id, 'snapshot')}
            detections={clip.detection?.bestFrame?.detections ?? []}
            frameWidth={clip.detection?.frameWidth ?? clip.video?.width ?? 1280}
            frameHeight={clip.detection?.frameHeight ?? clip.video?.height ?? 720}
          />
        )}
      </div>
      <Analysis clip={clip} />
      <Decision clip={clip} />
      <Facts detail={detail} />
      <section className="card">
        <h2>Lifecycle</h2>
        <StageTable stages={detail.stages} />
        <LatencyTable latency={detail.latency} />
        <LifecycleTimeline entries={detail.lifecycle} />
      </section>
      <DeleteClip clip={clip} />
    </article>
  );
}

function Analysis({ clip }: { readonly clip: Clip }) {
  const analysis = clip.analysis;
  return (
    <section className="card" aria-labelledby="analysis-heading">
      <h2 id="analysis-heading">What happened</h2>
      {analysis ? (
        <>
          <p className="summary">{analysis.summary}</p>
          {analysis.observations.length > 0 && (
            <ul className="observations">
              {analysis.observations.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          )}
          <p className="muted">
            Risk {RISK_WORDS[analysis.riskLevel].toLowerCase()} · {analysis.activity.replace(/_/g, ' ')}
            {analysis.requiresReview && ' · needs a look'} · {analysis.model}
          </p>
        </>
      ) : (
        <p className="muted">No VLM analysis for this clip{clip.stages.analyze?.reason ? `: ${clip.stages.analyze.reason}` : '.'}</p>
      )}
      {clip.detection && (
        <p className="muted">
          Detector ({clip.detection.model}):{' '}
          {clip.detection.labels.map((l) => `${l.label} ${Math.round(l.bestScore * 100)}%`).join(', ') || 'nothing found'}
        </p>
      )}
    </section>
  );
}

function Decision({ clip }: { readonly clip: Clip }) {
  // The clip's event decides; its page says why.
  return (
    <section className="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">Alert decision</h2>
      {clip.alerted ? (
        <p>
          <span className="badge alerted">Alerted</span> {inWords('its event alerted')}
        </p>
      ) : clip.status === 'done' ? (
        <p>
          <span className="badge quiet">No alert</span>
        </p>
      ) : (
        <p className="muted">Not decided yet.</p>
      )}
      {Object.entries(clip.notifications).length > 0 && (
        <ul className="notifications">
          {Object.entries(clip.notifications).map(([name, n]) => (
            <li key={name}>
              {name}: {n.status}
              {n.attempts > 1 && ` after ${n.attempts} attempts`}
              {n.error && <span className="error-text"> {n.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Facts({ detail }: { readonly detail: ClipDetail }) {
  const { clip } = detail;
  return (
    <section className="card facts">
      <h2>Details</h2>
      <dl>
        <dt>VLM cost</dt>
        <dd>{detail.costUsd === null ? 'none' : formatUsd(detail.costUsd)}</dd>
        <dt>Source</dt>
        <dd>
          {clip.source} ({clip.originalName})
        </dd>
        {clip.video && (
          <>
            <dt>Video</dt>
            <dd>
              {clip.video.width}×{clip.video.height} {clip.video.codec} {Math.round(clip.video.fps * 10) / 10} fps
            </dd>
          </>
        )}
        {clip.error && (
          <>
            <dt>Error</dt>
            <dd className="error-text">{clip.error}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function DeleteClip({ clip }: { readonly clip: Clip }) {
  const deletion = useDeleteClip(clip.id);
  if (clip.status === 'queued' || clip.status === 'processing') return null;
  const onDelete = () => {
    if (!deletion.isPending && window.confirm('Delete this clip and its files?')) deletion.mutate();
  };
  return (
    <p>
      <button type="button" className="danger" onClick={onDelete} aria-disabled={deletion.isPending}>
        Delete clip
      </button>
      {deletion.isError && (
        <span className="error-text" role="alert">
          {' '}
          {failureText(deletion.error)}
        </span>
      )}
    </p>
  );
}
