import { useId } from 'react';

export type CameraKind = 'network' | 'ftp' | 'folder';

const KINDS: readonly { readonly kind: CameraKind; readonly title: string; readonly detail: string }[] = [
  {
    kind: 'network',
    title: 'Network camera (RTSP / ONVIF)',
    detail:
      'HomeSec watches its stream and records when something moves. Most IP cameras: Reolink, Hikvision, Dahua, Amcrest, Tapo, Axis, UniFi.',
  },
  {
    kind: 'ftp',
    title: 'Camera that uploads clips over FTP',
    detail: 'The camera records by itself and sends each clip to HomeSec’s FTP server.',
  },
  {
    kind: 'folder',
    title: 'Clips dropped into a folder',
    detail: 'Another program or a shared folder puts video files where HomeSec looks for them.',
  },
];

/** Step 1: what kind of camera, as three big choices (a radio group: arrow keys move, a tap picks). */
export function CameraKindStep({
  kind,
  onKind,
  onNext,
}: {
  readonly kind: CameraKind;
  readonly onKind: (kind: CameraKind) => void;
  readonly onNext: () => void;
}) {
  const name = useId();
  return (
    <form
      className="wizard-form"
      onSubmit={(e) => {
        e.preventDefault();
        onNext();
      }}
    >
      <fieldset className="choice-list">
        <legend>What kind of camera is it?</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="choice">
            <input type="radio" name={name} value={k.kind} checked={kind === k.kind} onChange={() => onKind(k.kind)} />
            <span className="choice-text">
              <strong>{k.title}</strong>
              <span className="muted">{k.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="wizard-actions">
        <button type="submit" className="wizard-primary">
          Next
        </button>
      </div>
    </form>
  );
}
