import { useEffect, useRef, useState } from 'react';
import type { ClipSummary } from '../contract';
import { clipMediaUrl } from '../paths';
import type { CameraEvent, DetectionMoment } from '../review-contract';

interface Props {
  readonly event: CameraEvent;
  readonly clips: readonly ClipSummary[];
  /**
   * The clip to show (a clip link, "Play this clip"), a new object for each request so the same clip can be asked
   * for again after the moments moved to another; null: the clip recording at the first detection.
   */
  readonly chosen: ChosenClip | null;
}

export interface ChosenClip {
  readonly clipId: string;
}

/** A moment's boxes stay on screen this long either side of it (live moments come a few times a second). */
const BOX_WINDOW_MS = 1000;
/** The video starts this long before the first detection, to see the person arrive. */
const LEAD_S = 1;

/**
 * The event's video, starting at the first detection, with the detector's boxes drawn over it in time with
 * the detection moments, and a strip of those moments to jump between.
 */
export function EventPlayer({ event, clips, chosen }: Props) {
  const [clipIndex, setClipIndex] = useState(() => chosenIndex(clips, chosen) ?? firstDetectionIndex(event, clips));
  const clip = clips[clipIndex];

  // A clip chosen while the page is open is shown instead (`clips` is left out: a refetch is no new choice).
  useEffect(() => {
    const index = chosenIndex(clips, chosen);
    if (index !== null) setClipIndex(index);
  }, [chosen]);
  const video = useRef<HTMLVideoElement>(null);
  const pendingSeek = useRef<number | null>(null);
  const [now, setNow] = useState<number | null>(null);

  // Follow the playhead: every frame while playing, and after each seek.
  useEffect(() => {
    const element = video.current;
    if (!element || !clip) return;
    let frame = 0;
    const start = Date.parse(clip.startedAt);
    const read = () => setNow(start + element.currentTime * 1000);
    const loop = () => {
      read();
      frame = requestAnimationFrame(loop);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const onPause = () => {
      cancelAnimationFrame(frame);
      read();
    };
    const onLoaded = () => {
      const target = pendingSeek.current ?? startOffset(event, clip);
      pendingSeek.current = null;
      element.currentTime = Math.min(target, Number.isFinite(element.duration) ? element.duration : target);
      read();
    };
    element.addEventListener('play', onPlay);
    element.addEventListener('pause', onPause);
    element.addEventListener('seeked', read);
    element.addEventListener('loadedmetadata', onLoaded);
    if (element.readyState >= 1) onLoaded();
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('pause', onPause);
      element.removeEventListener('seeked', read);
      element.removeEventListener('loadedmetadata', onLoaded);
    };
  }, [clip, event]);

  const jumpTo = (moment: DetectionMoment) => {
    const at = Date.parse(moment.at);
    const index = clipIndexAt(clips, moment.at);
    const target = clips[index];
    if (!target) return;
    const offset = Math.max(0, (at - Date.parse(target.startedAt)) / 1000);
    if (index !== clipIndex) {
      pendingSeek.current = offset;
      setClipIndex(index);
      return;
    }
    const element = video.current;
    if (!element) return;
    element.pause();
    element.currentTime = offset;
  };

  if (!clip) return <p className="muted">The video is still being recorded.</p>;
  const shown = momentAt(event.moments, now);
  const frame = shown ?? event.moments[0];
  const aspect = frame ? `${frame.frameWidth} / ${frame.frameHeight}` : '16 / 9';
  return (
    <div className="event-player">
      <div className="player-frame" style={{ aspectRatio: aspect }}>
        <video
          ref={video}
          key={clip.id}
          src={clipMediaUrl(clip.id, 'video')}
          controls
          preload="metadata"
          playsInline
          muted
          aria-label={`Video of the event on ${event.camera}`}
          data-clip-id={clip.id}
        />
        {shown && (
          <div className="overlay" style={{ inset: 0 }} data-moment={shown.at}>
            {shown.detections.map((d, i) => {
              const [x1, y1, x2, y2] = d.box;
              const style = {
                left: `${(x1 / shown.frameWidth) * 100}%`,
                top: `${(y1 / shown.frameHeight) * 100}%`,
                width: `${((x2 - x1) / shown.frameWidth) * 100}%`,
                height: `${((y2 - y1) / shown.frameHeight) * 100}%`,
              };
              return (
                <div key={i} className="box" style={style} data-label={d.label}>
                  <span>
                    {d.label} {Math.round(d.score * 100)}%
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {event.moments.length > 0 && (
        <ol className="moments" aria-label="Detection moments">
          {event.moments.map((moment, i) => (
            <li key={`${i}-${moment.at}`}>
              <button type="button" onClick={() => jumpTo(moment)} aria-current={moment === shown ? 'true' : undefined}>
                {offsetText(event, moment)} · {[...new Set(moment.detections.map((d) => d.label))].join(', ')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The moment closest to `now` within BOX_WINDOW_MS, or null. */
function momentAt(moments: readonly DetectionMoment[], now: number | null): DetectionMoment | null {
  if (now === null) return null;
  let best: DetectionMoment | null = null;
  let bestGap = BOX_WINDOW_MS;
  for (const moment of moments) {
    const gap = Math.abs(Date.parse(moment.at) - now);
    if (gap <= bestGap) {
      best = moment;
      bestGap = gap;
    }
  }
  return best;
}

function chosenIndex(clips: readonly ClipSummary[], chosen: ChosenClip | null): number | null {
  const index = chosen === null ? -1 : clips.findIndex((clip) => clip.id === chosen.clipId);
  return index < 0 ? null : index;
}

function firstDetectionIndex(event: CameraEvent, clips: readonly ClipSummary[]): number {
  return clipIndexAt(clips, event.triggeredAt ?? event.moments[0]?.at ?? null);
}

/** The clip that was recording at `at` (the last one started before it), else the first. */
function clipIndexAt(clips: readonly ClipSummary[], at: string | null): number {
  if (at === null) return 0;
  const t = Date.parse(at);
  let index = 0;
  clips.forEach((clip, i) => {
    if (Date.parse(clip.startedAt) <= t) index = i;
  });
  return index;
}

function startOffset(event: CameraEvent, clip: ClipSummary): number {
  const first = event.triggeredAt ?? event.moments[0]?.at ?? null;
  if (first === null) return 0;
  return Math.max(0, (Date.parse(first) - Date.parse(clip.startedAt)) / 1000 - LEAD_S);
}

function offsetText(event: CameraEvent, moment: DetectionMoment): string {
  const seconds = (Date.parse(moment.at) - Date.parse(event.startedAt)) / 1000;
  return `${seconds < 0 ? '' : '+'}${seconds.toFixed(1)} s`;
}
