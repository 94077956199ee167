import { useId } from 'react';
import type { ShapeKind } from './region-shape';

interface DrawToolsProps {
  readonly kind: ShapeKind;
  onKind(kind: ShapeKind): void;
  /** Points of the shape being drawn. */
  readonly draftLength: number;
  onUndo(): void;
  onClose(): void;
  onCancel(): void;
  onAddAsText(): void;
}

/** What the next shape is (motion mask or zone) and the buttons of the shape being drawn: all visible, none on hover. */
export function DrawTools({ kind, onKind, draftLength, onUndo, onClose, onCancel, onAddAsText }: DrawToolsProps) {
  const help = useId();
  return (
    <div className="draw-tools">
      <fieldset className="kind-choice" aria-describedby={help}>
        <legend>Draw a</legend>
        <label className="check">
          <input type="radio" name={`${help}-kind`} checked={kind === 'mask'} onChange={() => onKind('mask')} />
          Motion mask
        </label>
        <label className="check">
          <input type="radio" name={`${help}-kind`} checked={kind === 'zone'} onChange={() => onKind('zone')} />
          Zone
        </label>
      </fieldset>
      <p id={help} className="muted">
        {kind === 'mask' ? 'Motion there is ignored (trees, a timestamp). ' : 'Events record the zones their objects enter. '}
        Tap or click the picture to add points; tap the first point or Close shape to finish; drag a point to move it.
      </p>
      <div className="draw-buttons">
        <button type="button" onClick={onUndo} disabled={draftLength === 0}>
          Undo point
        </button>
        <button type="button" onClick={onClose} disabled={draftLength < 3}>
          Close shape
        </button>
        <button type="button" onClick={onCancel} disabled={draftLength === 0}>
          Cancel shape
        </button>
        <button type="button" onClick={onAddAsText}>
          Add by coordinates
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {draftLength > 0
          ? `Drawing a ${kind === 'mask' ? 'motion mask' : 'zone'}: ${draftLength} ${draftLength === 1 ? 'point' : 'points'}`
          : ''}
      </p>
    </div>
  );
}
