import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { failureText } from '../api';
import type { Clip, ClipDetail, ClipSummary } from '../contract';
import { formatClipTime, formatDateTime, formatSeconds, formatUsd } from '../format';
import { useDeleteClip } from '../hooks/useDeleteClip';
import { clipDetailQuery } from '../queries';
import { RISK_WORDS, STATUS_WORDS } from '../wire-values';
import { LatencyTable } from './LatencyTable';
import { LifecycleTimeline, StageTable } from './LifecycleTimeline';

interface Props {
  readonly clip: ClipSummary;
  /** The clip a link opened the page on: unfolded, marked and scrolled to. */
  readonly highlighted: boolean;
  /** Shows this clip in the event's player (only offered when the event has several clips). */
  readonly onWatch: ((clipId: string) => void) | null;
  /** Deleting the clip leaves the page (it is all the page shows); otherwise the event's page stays. */
  readonly leaveOnDelete: boolean;
}

/**
 * One clip of an event, folded away: how it went through the pipeline (stages, lifecycle, latency), what it
 * cost, where its off-site copy is, how its notifications went, and deleting it.
 */
export function ClipFacts({ clip, highlighted, onWatch, leaveOnDelete }: Props) {
  const [open, setOpen] = useState(highlighted);
  const element = useRef<HTMLDetailsElement>(null);
  const { data: detail, error } = useQuery({ ...clipDetailQuery(clip.id), enabled: open });

  useEffect(() => {
    if (!highlighted) return;
    setOpen(true);
    element.current?.scrollIntoView({ block: 'start' });
  }, [highlighted]);

  const when = formatClipTime(clip.startedAt);
  return (
    <details
      ref={element}
      className="card clip-facts"
      data-clip-id={clip.id}
      data-highlighted={highlighted}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        Clip at {when}
        {clip.durationS !== null && ` · ${formatSeconds(clip.durationS)}`} · {STATUS_WORDS[clip.status]}
        {highlighted && <span className="sr-only"> (the clip you opened)</span>}
      </summary>
      {onWatch && (
        <p>
          <button type="button" onClick={() => onWatch(clip.id)}>
            Play this clip
          </button>
        </p>
      )}
      {error ? (
        <p className="error-text" role="alert">
          Could not load the clip: {failureText(error)}
        </p>
      ) : detail ? (
        <ClipBody detail={detail} when={when} leaveOnDelete={leaveOnDelete} />
      ) : (
        <p className="muted">Loading clip…</p>
      )}
    </details>
  );
}

function ClipBody({
  detail,
  when,
  leaveOnDelete,
}: {
  readonly detail: ClipDetail;
  readonly when: string;
  readonly leaveOnDelete: boolean;
}) {
  const { clip } = detail;
  // Named after its clip: with several clips unfolded, each region is told apart.
  return (
    <>
      <Facts detail={detail} />
      <section aria-label={`Lifecycle of the clip at ${when}`}>
        <h3>Lifecycle</h3>
        <StageTable stages={detail.stages} of={`the clip at ${when}`} />
        <LatencyTable latency={detail.latency} of={`the clip at ${when}`} />
        <LifecycleTimeline entries={detail.lifecycle} />
      </section>
      <DeleteClip clip={clip} leaveOnDelete={leaveOnDelete} />
    </>
  );
}

function Facts({ detail }: { readonly detail: ClipDetail }) {
  const { clip } = detail;
  const notifications = Object.entries(clip.notifications);
  return (
    <div className="facts">
      <dl>
        <dt>Clip</dt>
        <dd>{clip.id}</dd>
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
        <dt>Detector</dt>
        <dd>{detectorWords(clip)}</dd>
        <dt>Vision model</dt>
        <dd>{verdictWords(clip)}</dd>
        <dt>VLM cost</dt>
        <dd>{detail.costUsd === null ? 'none' : formatUsd(detail.costUsd)}</dd>
        <dt>Off-site copy</dt>
        <dd>{clip.offsite ? `${clip.offsite.backend}: ${clip.offsite.path} (${formatDateTime(clip.offsite.at)})` : 'none'}</dd>
        <dt>Notifications</dt>
        <dd>
          {notifications.length === 0 ? (
            'none sent for this clip'
          ) : (
            <ul className="notifications">
              {notifications.map(([name, n]) => (
                <li key={name}>
                  {name}: {n.status}
                  {n.attempts > 1 && ` after ${n.attempts} attempts`}
                  {n.error && <span className="error-text"> {n.error}</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {clip.error && (
          <>
            <dt>Error</dt>
            <dd className="error-text">{clip.error}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function detectorWords(clip: Clip): string {
  if (!clip.detection) return clip.stages.detect?.reason ?? 'did not look at it';
  const seen = clip.detection.labels.map((l) => `${l.label} ${Math.round(l.bestScore * 100)}%`).join(', ') || 'nothing found';
  return `${seen} (${clip.detection.model})`;
}

function verdictWords(clip: Clip): string {
  const analysis = clip.analysis;
  if (!analysis) return `no verdict${clip.stages.analyze?.reason ? `: ${clip.stages.analyze.reason}` : ''}`;
  return `${analysis.title}, risk ${RISK_WORDS[analysis.riskLevel].toLowerCase()} (${analysis.model})`;
}

function DeleteClip({ clip, leaveOnDelete }: { readonly clip: Clip; readonly leaveOnDelete: boolean }) {
  const deletion = useDeleteClip(clip.id, leaveOnDelete);
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
