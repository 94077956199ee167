import type { SaveCameraResponse } from '../../camera-setup-contract';
import { useCameras } from '../../hooks/useCameras';
import { ClipDelivery } from './ClipDelivery';
import { FirstClipWait } from './FirstClipWait';

/**
 * The last step: the server's answer (the add-on restarts with the camera, or restart HomeSec), then for a
 * camera that sends clips, where they go and the wait for the first one; for a network camera, its state once
 * HomeSec runs with it.
 */
export function WizardDone({ saved }: { readonly saved: SaveCameraResponse }) {
  return (
    <div className="wizard-done">
      <p role="status" className="saved-message">
        {saved.message}
      </p>
      {saved.delivery ? (
        <>
          <ClipDelivery delivery={saved.delivery} camera={saved.camera} />
          <FirstClipWait camera={saved.camera} restart={saved.restart} />
        </>
      ) : (
        <CameraComesUp camera={saved.camera} restart={saved.restart} />
      )}
    </div>
  );
}

/** A network camera's state as the Cameras list has it, once HomeSec runs with it. */
function CameraComesUp({ camera, restart }: { readonly camera: string; readonly restart: 'restarting' | 'needed' }) {
  const { cameras } = useCameras();
  const view = cameras?.find((c) => c.name === camera);
  if (!view)
    return (
      <p className="muted">
        {restart === 'restarting'
          ? `${camera} appears in the Cameras list when HomeSec is back.`
          : `${camera} appears in the Cameras list once HomeSec is restarted.`}
      </p>
    );
  return <p>{view.online ? `${camera} is online.` : `${camera} is connecting…`}</p>;
}
