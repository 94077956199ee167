import { useId } from 'react';
import { parsePolygon } from './polygon-text';
import type { RegionShape } from './region-shape';

interface ShapeFieldsProps {
  readonly shape: RegionShape;
  readonly title: string;
  /** The detector's labels, to tick the ones that count in a zone. */
  readonly labels: readonly string[];
  onChange(shape: RegionShape): void;
  onDelete(): void;
}

/**
 * One shape in words: a zone's name and the labels that count there, and the outline as text
 * ("x1,y1,x2,y2,...") for the keyboard and for precision. A text that is not a polygon is kept as
 * typed and says why; the picture keeps the last good outline.
 */
export function ShapeFields({ shape, title, labels, onChange, onDelete }: ShapeFieldsProps) {
  const id = useId();
  const choices = [...labels, ...shape.labels.filter((l) => !labels.includes(l))];
  const setText = (text: string) => {
    const parsed = parsePolygon(text);
    onChange('points' in parsed ? { ...shape, text, points: parsed.points, textError: null } : { ...shape, text, textError: parsed.error });
  };
  const toggle = (label: string, on: boolean) =>
    onChange({ ...shape, labels: on ? [...shape.labels, label] : shape.labels.filter((l) => l !== label) });
  return (
    <fieldset className={`shape-fields ${shape.kind}`}>
      <legend>{title}</legend>
      {shape.kind === 'zone' && (
        <>
          <label htmlFor={`${id}-name`}>Zone name</label>
          <input
            id={`${id}-name`}
            value={shape.name}
            onChange={(e) => onChange({ ...shape, name: e.target.value })}
            pattern="[a-z0-9_]+"
            maxLength={64}
            required
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            aria-describedby={`${id}-name-help`}
          />
          <p id={`${id}-name-help`} className="muted">
            Lowercase letters, digits and _ (driveway, porch)
          </p>
          <fieldset className="label-choices">
            <legend>Labels that count here</legend>
            {choices.map((label) => (
              <label key={label} className="check">
                <input type="checkbox" checked={shape.labels.includes(label)} onChange={(e) => toggle(label, e.target.checked)} />
                {label}
              </label>
            ))}
            <p className="muted">None ticked: the detector&apos;s trigger labels count.</p>
          </fieldset>
        </>
      )}
      <label htmlFor={`${id}-points`}>Coordinates (x,y of each point, 0 to 1 from the top left)</label>
      <textarea
        id={`${id}-points`}
        value={shape.text}
        onChange={(e) => setText(e.target.value)}
        rows={2}
        spellCheck={false}
        aria-invalid={shape.textError !== null}
        aria-describedby={shape.textError ? `${id}-points-error` : undefined}
      />
      {shape.textError && (
        <p id={`${id}-points-error`} className="error-text">
          {shape.textError}
        </p>
      )}
      <button type="button" className="danger" onClick={onDelete}>
        Delete<span className="sr-only"> {title}</span>
      </button>
    </fieldset>
  );
}
