import type { SaveCameraBody } from '../../camera-setup-contract';
import { setupFailureText } from '../../camera-setup-api';
import { CameraYaml } from './CameraYaml';
import type { useSaveCamera } from './useSaveCamera';

/**
 * The end of every "name and save" step (network, FTP and folder cameras alike): why a save failed,
 * that one is under way, the YAML to paste when there is no file to save into, Back and Save.
 */
export function SaveStepFooter({
  save,
  name,
  snippet,
  canSave,
  onBack,
}: {
  readonly save: Pick<ReturnType<typeof useSaveCamera>, 'isError' | 'error' | 'isPending'>;
  readonly name: string;
  readonly snippet: SaveCameraBody | null;
  readonly canSave: boolean;
  readonly onBack: () => void;
}) {
  return (
    <>
      {save.isError && (
        <p className="error-text" role="alert">
          Not saved: {setupFailureText(save.error)}
        </p>
      )}
      {save.isPending && <p role="status">Saving {name}…</p>}
      {snippet && <CameraYaml camera={snippet} />}
      <div className="wizard-actions wizard-nav">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="wizard-primary" aria-disabled={save.isPending}>
          {canSave ? 'Save camera' : 'Show the configuration'}
        </button>
      </div>
    </>
  );
}
