import { useId } from 'react';
import { CAMERA_NAME_RULE } from './camera-name';

/** The camera's HomeSec name, with the rule beside it and what is wrong once the user tried to go on. */
export function CameraNameField({
  name,
  onName,
  problem,
}: {
  readonly name: string;
  readonly onName: (name: string) => void;
  /** Shown (and the field marked invalid) only when set: after a Save that the name stopped. */
  readonly problem: string | null;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-name`}>Camera name</label>
      <input
        id={`${id}-name`}
        value={name}
        onChange={(e) => onName(e.target.value)}
        maxLength={64}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-help ${id}-problem` : `${id}-help`}
      />
      <span id={`${id}-help`} className="field-help muted">
        Used in Home Assistant’s entities and folder names: {CAMERA_NAME_RULE}.
      </span>
      {problem && (
        <span id={`${id}-problem`} className="field-help error-text">
          {problem}
        </span>
      )}
    </div>
  );
}
