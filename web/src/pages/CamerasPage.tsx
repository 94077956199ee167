import { failureText } from '../api';
import type { CameraView } from '../contract';
import { formatClipTime } from '../format';
import { clipHref } from '../hooks/useHashRoute';
import { useCameras } from '../hooks/useCameras';
import { useSetArmed } from '../hooks/useSetArmed';

/** Cameras: online state, last clip, and the armed switch (alerts on or off per camera). */
export function CamerasPage() {
  const { cameras, error } = useCameras();
  return (
    <section aria-labelledby="cameras-heading">
      <h1 id="cameras-heading">Cameras</h1>
      {error && (
        <p className="error-text" role="alert">
          Could not load cameras: {error}
        </p>
      )}
      {cameras === undefined && !error && <p className="muted">Loading cameras…</p>}
      {cameras?.length === 0 && <p className="empty">No cameras configured.</p>}
      <ul className="camera-list">
        {cameras?.map((camera) => (
          <CameraCard key={camera.name} camera={camera} />
        ))}
      </ul>
    </section>
  );
}

function CameraCard({ camera }: { readonly camera: CameraView }) {
  const setArmed = useSetArmed(camera.name);
  // While the call is out, the switch shows what was asked for.
  const armed = setArmed.isPending ? setArmed.variables : camera.armed;
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
        <button
          type="button"
          role="switch"
          aria-checked={armed}
          // aria-disabled, not disabled: a disabled button drops the keyboard focus.
          aria-disabled={setArmed.isPending}
          onClick={() => !setArmed.isPending && setArmed.mutate(!armed)}
          aria-label={`Alerts for ${camera.name}`}
        >
          <span className="knob" />
        </button>
        {armed ? 'Alerts armed' : 'Alerts off'}
      </label>
      {setArmed.isError && (
        <p className="error-text" role="alert">
          {failureText(setArmed.error)}
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
