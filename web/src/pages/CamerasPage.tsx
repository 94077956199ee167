import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { failureText } from '../api';
import { AddHaCamera } from '../components/AddHaCamera';
import { AddCamera } from '../components/camera-setup/AddCamera';
import { LiveView } from '../components/LiveView';
import { RiskBadge } from '../components/RiskBadge';
import { ZoneEditorDialog } from '../components/zone-editor/ZoneEditorDialog';
import type { CameraView } from '../contract';
import { formatClipTime } from '../format';
import { useCameras } from '../hooks/useCameras';
import { eventHref } from '../hooks/useHashRoute';
import { useLatestPicture } from '../hooks/useLatestPicture';
import { useSetArmed } from '../hooks/useSetArmed';
import { eventMediaUrl } from '../paths';
import type { CameraActivity } from '../review-contract';
import { cameraActivityQuery } from '../review-queries';
import './review.css';
import './panels.css';
import './live-view.css';

/** A tile per camera: its latest picture, status, last event, today's counts and the armed switch. */
export function CamerasPage() {
  const { cameras, error } = useCameras();
  const activity = useQuery(cameraActivityQuery);
  const byName = new Map((activity.data ?? []).map((a) => [a.camera, a]));
  return (
    <section aria-labelledby="cameras-heading">
      <h1 id="cameras-heading">Cameras</h1>
      {error && (
        <p className="error-text" role="alert">
          Could not load cameras: {error}
        </p>
      )}
      {cameras === undefined && !error && <p className="muted">Loading cameras…</p>}
      <AddCamera noCameras={cameras?.length === 0} />
      <ul className="camera-list">
        {cameras?.map((camera) => (
          <CameraTile key={camera.name} camera={camera} activity={byName.get(camera.name) ?? null} />
        ))}
      </ul>
      <AddHaCamera />
    </section>
  );
}

/** Why the switch is where it is, under an arming mode (alerts.arming.mode); nothing in mode manual. */
function armedWhy(camera: CameraView): string | null {
  switch (camera.armedReason) {
    case 'nobody_home':
      return 'Follows presence: nobody is home';
    case 'someone_home':
      return 'Follows presence: someone is home';
    case 'schedule':
      return 'Follows the schedule (quiet hours)';
    case 'manual_override':
      return 'Set by hand until the next change of presence or schedule';
    case 'manual':
      return null;
  }
}

function CameraTile({ camera, activity }: { readonly camera: CameraView; readonly activity: CameraActivity | null }) {
  const setArmed = useSetArmed(camera.name);
  const tile = useRef<HTMLLIElement>(null);
  const last = activity?.lastEvent ?? null;
  const fallback = last?.hasSnapshot ? eventMediaUrl(last.id, 'snapshot') : null;
  const live = camera.source === 'rtsp' || camera.source === 'home_assistant';
  const picture = useLatestPicture(camera.name, live && camera.online === true && camera.hasPicture, fallback, tile);
  // While the call is out, the switch shows what was asked for.
  const armed = setArmed.isPending ? setArmed.variables : camera.armed;
  // Folder and FTP cameras send clips, not a stream: nothing to watch live.
  const streams = camera.source !== 'folder' && camera.source !== 'ftp';
  const [watching, setWatching] = useState(false);
  const liveId = useId();
  return (
    <li ref={tile} className="card camera-card camera-tile" data-camera={camera.name}>
      {watching ? (
        <LiveView camera={camera.name} id={liveId} />
      ) : (
        <div className="tile-picture">
          {picture ? <img src={picture} alt={`Latest picture of ${camera.name}`} /> : <span>No picture yet</span>}
        </div>
      )}
      <div className="tile-body">
        <div className="camera-head">
          <h2>{camera.name}</h2>
          <span className={`dot ${stateClass(camera)}`} aria-hidden="true" />
          <span className="camera-state">{stateText(camera)}</span>
        </div>
        {streams && (
          <button
            type="button"
            className="live-toggle"
            aria-expanded={watching}
            aria-controls={watching ? liveId : undefined}
            onClick={() => setWatching(!watching)}
          >
            {watching ? 'Close live view' : 'Watch live'}
            <span className="sr-only"> {camera.name}</span>
          </button>
        )}
        {live && <ZoneEditorDialog camera={camera.name} />}
        {camera.detail && <p className="muted">{camera.detail}</p>}
        <p>
          {last ? (
            <>
              Last event: <a href={eventHref(last.id)}>{last.title ?? (last.labels.join(', ') || 'motion')}</a>{' '}
              <span className="muted">{formatClipTime(last.startedAt)}</span> <RiskBadge risk={last.riskLevel} />
            </>
          ) : (
            <span className="muted">No events yet</span>
          )}
        </p>
        {activity && (
          <p className="muted">
            Today: {activity.eventsToday} {activity.eventsToday === 1 ? 'event' : 'events'}, {activity.alertsToday}{' '}
            {activity.alertsToday === 1 ? 'alert' : 'alerts'}
          </p>
        )}
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
        {!setArmed.isPending && armedWhy(camera) && <p className="muted">{armedWhy(camera)}</p>}
        {setArmed.isError && (
          <p className="error-text" role="alert">
            {failureText(setArmed.error)}
          </p>
        )}
      </div>
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
