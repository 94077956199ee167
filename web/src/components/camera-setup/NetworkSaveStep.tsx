import { useState, type FormEvent } from 'react';
import type { FoundStream, SaveCameraBody, SaveCameraResponse } from '../../camera-setup-contract';
import { cameraNameProblem } from './camera-name';
import { CameraNameField } from './CameraNameField';
import { SaveStepFooter } from './SaveStepFooter';
import { streamTitle } from './stream-words';
import { useSaveCamera } from './useSaveCamera';

/**
 * Step 3 of a network camera: what will be recorded and watched, the camera's name (suggested from its
 * address), and Save; without a file to save into, the YAML to paste instead.
 */
export function NetworkSaveStep({
  record,
  detect,
  username,
  password,
  name,
  onName,
  taken,
  canSave,
  onBack,
  onSaved,
}: {
  readonly record: FoundStream;
  readonly detect: FoundStream | null;
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly onName: (name: string) => void;
  readonly taken: readonly string[];
  readonly canSave: boolean;
  readonly onBack: () => void;
  readonly onSaved: (saved: SaveCameraResponse) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [snippet, setSnippet] = useState<SaveCameraBody | null>(null);
  const save = useSaveCamera(onSaved);
  const body: SaveCameraBody = { source: 'rtsp', name, url: record.url, detectUrl: detect?.url ?? null, username, password };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    const wrong = cameraNameProblem(name, taken);
    setProblem(wrong);
    if (wrong) return;
    if (canSave) save.mutate(body);
    else setSnippet(body);
  };
  return (
    <form className="wizard-form" onSubmit={submit} noValidate>
      <dl className="wizard-summary">
        <dt>Records</dt>
        <dd>{streamTitle(record)}</dd>
        <dt>Detects on</dt>
        <dd>{detect ? streamTitle(detect) : 'the recorded stream'}</dd>
      </dl>
      <CameraNameField
        name={name}
        onName={(next) => {
          onName(next);
          setSnippet(null);
        }}
        problem={problem}
      />
      <SaveStepFooter save={save} name={name} snippet={snippet} canSave={canSave} onBack={onBack} />
    </form>
  );
}
