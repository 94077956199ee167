import { ShapeFields } from './ShapeFields';
import { shapeTitle, type RegionShape } from './region-shape';

interface ShapeListProps {
  readonly shapes: readonly RegionShape[];
  readonly labels: readonly string[];
  onChange(shapes: RegionShape[]): void;
}

/** Every finished shape, masks and zones, with its fields; the way to edit them without a pointer. */
export function ShapeList({ shapes, labels, onChange }: ShapeListProps) {
  if (shapes.length === 0) return <p className="muted">No masks or zones on this camera yet.</p>;
  return (
    <ol className="shape-list">
      {shapes.map((shape) => (
        <li key={shape.id}>
          <ShapeFields
            shape={shape}
            title={shapeTitle(shape, shapes)}
            labels={labels}
            onChange={(next) => onChange(shapes.map((s) => (s.id === shape.id ? next : s)))}
            onDelete={() => onChange(shapes.filter((s) => s.id !== shape.id))}
          />
        </li>
      ))}
    </ol>
  );
}
