import { useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import { clampPoint, type Point } from './polygon-text';
import type { RegionShape } from './region-shape';

/** Which point a drag holds: one of the shape being drawn, or of a finished shape. */
export type PointRef = { readonly shape: 'draft' | number; readonly index: number };

interface RegionCanvasProps {
  /** The camera's latest picture; null draws on a blank 16:9 area. */
  readonly picture: string | null;
  readonly alt: string;
  readonly shapes: readonly RegionShape[];
  readonly draft: readonly Point[];
  readonly draftKind: RegionShape['kind'];
  onAddPoint(point: Point): void;
  onMovePoint(ref: PointRef, point: Point): void;
  /** The first point of a shape of three or more was tapped or clicked: the shape is finished. */
  onCloseDraft(): void;
}

/** A finger's hit area around a point, in CSS pixels (24 px at least, as for any touch target). */
const HIT_RADIUS = 18;
/** A press that moves less than this is a tap, not a drag. */
const TAP_SLOP = 6;

/**
 * The picture with the shapes drawn over it as SVG, in the picture's own pixels (measured, so the
 * handles keep their size whatever the zoom). Pointer events make it work alike with a mouse, a finger
 * or a pen: a press on the picture adds a point, a press on a point drags it, and a tap on the first
 * point of the shape being drawn finishes it. Hidden from screen readers: the list under it says the
 * same in words and edits it as text.
 */
export function RegionCanvas(props: RegionCanvasProps) {
  const { picture, alt, shapes, draft, draftKind } = props;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const drag = useRef<{ ref: PointRef; pointer: number; x: number; y: number; moved: boolean } | null>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const pointOf = (e: PointerEvent): Point => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return [0, 0];
    return clampPoint([(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height]);
  };

  const onBackgroundDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    props.onAddPoint(pointOf(e));
  };
  const onHandleDown = (ref: PointRef) => (e: PointerEvent<SVGCircleElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { ref, pointer: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  };
  const onHandleMove = (e: PointerEvent) => {
    const held = drag.current;
    if (!held || held.pointer !== e.pointerId) return;
    if (!held.moved && Math.hypot(e.clientX - held.x, e.clientY - held.y) < TAP_SLOP) return;
    held.moved = true;
    props.onMovePoint(held.ref, pointOf(e));
  };
  const onHandleUp = (e: PointerEvent) => {
    const held = drag.current;
    if (!held || held.pointer !== e.pointerId) return;
    drag.current = null;
    if (!held.moved && held.ref.shape === 'draft' && held.ref.index === 0 && draft.length >= 3) props.onCloseDraft();
  };

  const px = ([x, y]: Point) => `${x * size.width},${y * size.height}`;
  const handle = (ref: PointRef, point: Point, kind: RegionShape['kind'], first = false) => (
    <g key={`${ref.shape}-${ref.index}`} className={`region-handle ${kind}${first ? ' first' : ''}`}>
      <circle cx={point[0] * size.width} cy={point[1] * size.height} r={first ? 9 : 7} className="dot" />
      <circle
        cx={point[0] * size.width}
        cy={point[1] * size.height}
        r={HIT_RADIUS}
        className="hit"
        data-point={`${ref.shape}:${ref.index}`}
        onPointerDown={onHandleDown(ref)}
        onPointerMove={onHandleMove}
        onPointerUp={onHandleUp}
        onPointerCancel={() => (drag.current = null)}
      />
    </g>
  );

  return (
    <div ref={box} className="region-canvas">
      {picture ? <img src={picture} alt={alt} draggable={false} /> : <div className="region-blank">{alt}</div>}
      <svg width={size.width} height={size.height} aria-hidden="true" data-testid="region-drawing">
        <rect width={size.width} height={size.height} className="region-background" onPointerDown={onBackgroundDown} />
        {shapes.map((shape) => (
          <polygon key={shape.id} points={shape.points.map(px).join(' ')} className={`region-shape ${shape.kind}`} />
        ))}
        {shapes.map((shape, index) => {
          const [x, y] = centre(shape.points);
          const name = shape.kind === 'zone' ? shape.name : `mask ${shapes.slice(0, index + 1).filter((s) => s.kind === 'mask').length}`;
          return (
            <text key={`name-${shape.id}`} x={x * size.width} y={y * size.height} className="region-name">
              {name}
            </text>
          );
        })}
        {draft.length > 0 && <polyline points={draft.map(px).join(' ')} className={`region-draft ${draftKind}`} />}
        {shapes.flatMap((shape) => shape.points.map((point, index) => handle({ shape: shape.id, index }, point, shape.kind)))}
        {draft.map((point, index) => handle({ shape: 'draft', index }, point, draftKind, index === 0))}
      </svg>
    </div>
  );
}

/** Where a shape's name is written: the mean of its points (inside any shape a person draws by hand, near enough). */
function centre(points: readonly Point[]): Point {
  if (points.length === 0) return [0, 0];
  const sum = points.reduce<[number, number]>(([sx, sy], [x, y]) => [sx + x, sy + y], [0, 0]);
  return [sum[0] / points.length, sum[1] / points.length];
}
