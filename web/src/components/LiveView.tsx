import { useCallback, useEffect, useRef, useState } from 'react';
import { failureText, request } from '../api';
import { useLiveMp4, type Playback } from '../hooks/useLiveMp4';
import { usePageVisible } from '../hooks/usePageVisible';
import { useRefreshedPicture } from '../hooks/useRefreshedPicture';
import type { LiveViewResponse } from '../live-view-contract';
import { apiUrl } from '../paths';
import { MotionCanvas } from './motion-overlay/MotionCanvas';
import { MotionStatus } from './motion-overlay/MotionStatus';
import { MotionToggle } from './motion-overlay/MotionToggle';
import { useMotionView } from './motion-overlay/useMotionView';
import '../pages/live-view.css';

/** The camera rewrites its latest picture every few seconds: asking more often shows it sooner. */
const PICTURE_REFRESH_MS = 2_000;

type Check =
  | { readonly kind: 'checking' }
  | { readonly kind: 'ready'; readonly view: LiveViewResponse }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A camera live, while this is on screen: its H.264 stream as it arrives (fragmented MP4 remuxed by the server
 * from the camera's one RTSP session, no transcoding), or, for a codec browsers cannot play (H.265), its latest
 * picture refreshed every two seconds, saying so. Closing it, leaving the view or hiding the page ends the stream.
 */
export function LiveView({ camera, id }: { readonly camera: string; readonly id: string }) {
  const visible = usePageVisible();
  const [attempt, setAttempt] = useState(0);
  const [check, setCheck] = useState<Check>({ kind: 'checking' });
  const [playback, setPlayback] = useState<Playback>('connecting');
  const [showMotion, setShowMotion] = useState(false);
  const motion = useMotionView(camera, showMotion && visible);
  const base = `cameras/${encodeURIComponent(camera)}`;

  useEffect(() => {
    if (!visible) return;
    const abort = new AbortController();
    setCheck({ kind: 'checking' });
    setPlayback('connecting');
    request<LiveViewResponse>(`${base}/live`, { signal: abort.signal })
      .then((view) => setCheck({ kind: 'ready', view }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setCheck({ kind: 'failed', message: failureText(e) });
      });
    return () => abort.abort();
  }, [base, attempt, visible]);

  const mode = visible && check.kind === 'ready' ? check.view.mode : null;
  const pictures = useRefreshedPicture(apiUrl(`${base}/latest.jpg`), PICTURE_REFRESH_MS, mode === 'pictures');
  const stopped = (mode === 'video' && playback === 'stopped') || check.kind === 'failed';

  let media = <span>Connecting…</span>;
  let note = `Connecting to ${camera}…`;
  if (!visible) {
    media = <span>Paused</span>;
    note = 'Paused while the page is hidden.';
  } else if (check.kind === 'failed') {
    media = <span>No live picture</span>;
    note = check.message;
  } else if (mode === 'video') {
    media = <LiveVideo key={attempt} camera={camera} src={apiUrl(`${base}/live.mp4`)} onPlayback={setPlayback} />;
    note = playbackNote(playback);
  } else if (mode === 'pictures' && check.kind === 'ready') {
    media = pictures.picture ? <img src={pictures.picture} alt={`Latest picture of ${camera}`} /> : <span>No picture yet</span>;
    note = `${camera} sends ${codecName(check.view.codec)} video, which browsers cannot play: showing its latest picture instead, refreshed every few seconds.`;
  }

  return (
    <div className="live-view" id={id} role="region" aria-label={`Live view of ${camera}`}>
      <div className="tile-picture">
        {media}
        {showMotion && <MotionCanvas watch={motion} />}
      </div>
      <div className="live-note">
        <p role="status">{note}</p>
        <MotionToggle camera={camera} pressed={showMotion} onChange={setShowMotion} />
        {stopped && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        )}
      </div>
      {showMotion && <MotionStatus watch={motion} />}
    </div>
  );
}

/** The stream in a `<video>`; unmounting aborts its request, which ends the server's remuxer. */
function LiveVideo({
  camera,
  src,
  onPlayback,
}: {
  readonly camera: string;
  readonly src: string;
  readonly onPlayback: (p: Playback) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const onStopped = useCallback(() => onPlayback('stopped'), [onPlayback]);
  useLiveMp4(video, src, onStopped);
  return (
    <video
      ref={video}
      autoPlay
      muted
      playsInline
      aria-label={`Live video of ${camera}`}
      onPlaying={() => onPlayback('playing')}
      onEnded={onStopped}
      onError={onStopped}
    />
  );
}

function playbackNote(playback: Playback): string {
  switch (playback) {
    case 'connecting':
      return 'Connecting…';
    case 'playing':
      return 'Live, as the camera sends it (no sound).';
    case 'stopped':
      return 'The live stream stopped: the camera may be reconnecting.';
  }
}

function codecName(codec: string): string {
  if (codec === 'hevc') return 'H.265';
  if (codec === 'h264') return 'H.264';
  return codec;
}
