import { useId, useState, type FormEvent } from 'react';
import type { SaveCameraBody, SaveCameraResponse } from '../../camera-setup-contract';
import { cameraNameProblem } from './camera-name';
import { CameraNameField } from './CameraNameField';
import { SaveStepFooter } from './SaveStepFooter';
import { useSaveCamera } from './useSaveCamera';

const MIN_FTP_PASSWORD = 8;

/**
 * Step 2 of a camera that sends clips (FTP upload or a folder): its name and, for FTP, the password the
 * camera will log in with; then Save, or without a file to save into, the YAML to paste instead.
 */
export function ClipCameraStep({
  source,
  name,
  onName,
  taken,
  canSave,
  onBack,
  onSaved,
}: {
  readonly source: 'ftp' | 'folder';
  readonly name: string;
  readonly onName: (name: string) => void;
  readonly taken: readonly string[];
  readonly canSave: boolean;
  readonly onBack: () => void;
  readonly onSaved: (saved: SaveCameraResponse) => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [passwordProblem, setPasswordProblem] = useState<string | null>(null);
  const [snippet, setSnippet] = useState<SaveCameraBody | null>(null);
  const save = useSaveCamera(onSaved);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    const wrongName = cameraNameProblem(name, taken);
    const wrongPassword =
      source === 'ftp' && password.length < MIN_FTP_PASSWORD ? `Choose a password of at least ${MIN_FTP_PASSWORD} characters.` : null;
    setNameProblem(wrongName);
    setPasswordProblem(wrongPassword);
    if (wrongName || wrongPassword) return;
    const body: SaveCameraBody = source === 'ftp' ? { source, name, password } : { source, name };
    if (canSave) save.mutate(body);
    else setSnippet(body);
  };
  return (
    <form className="wizard-form" onSubmit={submit} noValidate>
      <CameraNameField
        name={name}
        onName={(next) => {
          onName(next);
          setSnippet(null);
        }}
        problem={nameProblem}
      />
      {source === 'ftp' && (
        <div className="field">
          <label htmlFor={`${id}-password`}>FTP password for the camera</label>
          <input
            id={`${id}-password`}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            minLength={MIN_FTP_PASSWORD}
            aria-invalid={passwordProblem !== null}
            aria-describedby={passwordProblem ? `${id}-password-help ${id}-password-problem` : `${id}-password-help`}
          />
          <span id={`${id}-password-help`} className="field-help muted">
            A new password, at least {MIN_FTP_PASSWORD} characters: you type it into the camera’s FTP settings next.
          </span>
          {passwordProblem && (
            <span id={`${id}-password-problem`} className="field-help error-text">
              {passwordProblem}
            </span>
          )}
        </div>
      )}
      <SaveStepFooter save={save} name={name} snippet={snippet} canSave={canSave} onBack={onBack} />
    </form>
  );
}
