import { useEffect, useState } from 'react';
import { api } from '../api';
import type { CameraView } from '../contract';
import { formatClipTime } from '../format';
import { clipHref } from '../hooks/useHashRoute';
import { useLive } from '../hooks/useLive';

/** Cameras: online state, last clip, and the armed switch (alerts on or off per camera). */
export function CamerasPage() {
  const live = useLive();
  const [loaded, setLoaded] = useState<readonly CameraView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.cameras(controller.signal).then(
      (body) => setLoaded(body.cameras),
      (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => controller.abort();
  }, []);

  // Live updates win over the first fetch; the fetch covers the time before the socket's snapshot.
  const cameras = (loaded ?? []).map((camera) => live.cameras.get(camera.name) ?? camera);
  return (
    <section aria-labelledby="cameras-heading">
      <h1 id="cameras-heading">Cameras</h1>
      {error && (
        <p className="error-text" role="alert">
          Could not load cameras: {error}
        </p>
      )}
      {loaded && cameras.length === 0 && <p className="empty">No cameras configured.</p>}
      <ul className="camera-list">
        {cameras.map((camera) => (
          <CameraCard key={camera.name} camera={camera} />
        ))}
      </ul>
    </section>
  );
}

function CameraCard({ camera }: { readonly camera: CameraView }) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const armed = pending ?? camera.armed;
  const toggle = () => {
    const next = !armed;
    setPending(next);
    setProblem(null);
    api.setArmed(camera.name, next).then(
      () => setPending(null),
      (e: unknown) => {
        setPending(null);
        setProblem(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <li className="card camera-card" data-camera={camera.name}>
      <div className="camera-head">
        <h2>{camera.name}</h2>
        <span className={`dot ${stateClass(camera)}`} aria-hidden="true" />
        <span className="camera-state">{stateText(camera)}</span>
      </div>
      {camera.detail && <p className="muted">{camera.detail}</p>}
      <p>
        {camera.lastClip ? (
          <>
            Last clip: <a href={clipHref(camera.lastClip.id)}>{camera.lastClip.title ?? formatClipTime(camera.lastClip.startedAt)}</a>{' '}
            <span className="muted">{formatClipTime(camera.lastClip.startedAt)}</span>
          </>
        ) : (
          <span className="muted">No clips yet</span>
        )}
      </p>
      <label className="switch">
        <button type="button" role="switch" aria-checked={armed} onClick={toggle} aria-label={`Alerts for ${camera.name}`}>
          <span className="knob" />
        </button>
        {armed ? 'Alerts armed' : 'Alerts off'}
      </label>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

function stateClass(camera: CameraView): string {
  if (!camera.enabled) return 'off';
  return camera.online === null ? 'idle' : camera.online ? 'on' : 'down';
}

function stateText(camera: CameraView): string {
  if (!camera.enabled) return 'Disabled';
  if (camera.online === null) return camera.source === 'ftp' ? 'Waiting for uploads' : 'Watching its folder';
  return camera.online ? 'Online' : 'Offline';
}
