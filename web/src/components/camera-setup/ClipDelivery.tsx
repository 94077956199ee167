import type { ClipDelivery as Delivery } from '../../camera-setup-contract';

/** What to type into the camera's FTP settings, or which folder to put clips in. */
export function ClipDelivery({ delivery, camera }: { readonly delivery: Delivery; readonly camera: string }) {
  if (delivery.kind === 'folder')
    return (
      <div className="clip-delivery">
        <h4>Where the clips go</h4>
        <p>Save or copy {camera}’s video files into this folder; HomeSec takes each new file as a clip:</p>
        <p>
          <code className="delivery-path">{delivery.path}</code>
        </p>
      </div>
    );
  return (
    <div className="clip-delivery">
      <h4>Type this into the camera’s FTP settings</h4>
      <dl className="wizard-summary">
        <dt>Server</dt>
        <dd>{delivery.host ?? 'the address of the machine HomeSec runs on, on your network'}</dd>
        <dt>Port</dt>
        <dd>{delivery.port}</dd>
        <dt>User</dt>
        <dd>{delivery.username}</dd>
        <dt>Password</dt>
        <dd>the one you just chose</dd>
        <dt>HomeSec’s FTP server</dt>
        <dd className={delivery.serverEnabled ? undefined : 'error-text'}>
          {delivery.serverEnabled ? 'On' : 'Off: the camera cannot upload until it is turned on in HomeSec’s configuration'}
        </dd>
      </dl>
      <p className="muted">Set the camera to upload its motion recordings as video files (MP4 is best), not only pictures.</p>
    </div>
  );
}
