import type { SaveCameraBody } from '../../camera-setup-contract';
import { cameraYamlSnippet, PASSWORD_PLACEHOLDER } from './yaml-snippet';

/**
 * HomeSec runs on its built-in defaults, with no file to write into: the camera as YAML to paste into a
 * homesec.yaml, and how to start HomeSec with it.
 */
export function CameraYaml({ camera }: { readonly camera: SaveCameraBody }) {
  const hasPassword = camera.source === 'ftp' || (camera.source === 'rtsp' && (camera.password ?? '') !== '');
  return (
    <div className="camera-yaml">
      <p role="status">
        HomeSec cannot save this camera itself: it was started without a configuration file, on its built-in defaults. Paste these lines
        into a homesec.yaml (under <code>cameras:</code> if it has that line already) and start HomeSec with it:{' '}
        <code>homesec run --config homesec.yaml</code>.
      </p>
      {hasPassword && (
        <p>
          Write the password in place of <code>{PASSWORD_PLACEHOLDER}</code>
          {camera.source === 'rtsp' && ' (with % codes for characters such as @ : / #, e.g. %40 for @)'}.
        </p>
      )}
      <pre className="yaml-snippet" tabIndex={0} aria-label={`Configuration of ${camera.name} to paste into homesec.yaml`}>
        {cameraYamlSnippet(camera)}
      </pre>
    </div>
  );
}
