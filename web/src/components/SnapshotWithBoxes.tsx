import type { Detection } from '../contract';

interface Props {
  readonly src: string;
  readonly detections: readonly Detection[];
  readonly frameWidth: number;
  readonly frameHeight: number;
}

/** The snapshot with the best frame's detection boxes drawn over it (boxes are in clip pixels). */
export function SnapshotWithBoxes({ src, detections, frameWidth, frameHeight }: Props) {
  return (
    <figure className="snapshot" style={{ aspectRatio: `${frameWidth} / ${frameHeight}` }}>
      <img src={src} alt="Snapshot of the best frame" />
      {detections.map((d, i) => {
        const [x1, y1, x2, y2] = d.box;
        const style = {
          left: `${(x1 / frameWidth) * 100}%`,
          top: `${(y1 / frameHeight) * 100}%`,
          width: `${((x2 - x1) / frameWidth) * 100}%`,
          height: `${((y2 - y1) / frameHeight) * 100}%`,
        };
        return (
          <div key={i} className="box" style={style} data-label={d.label}>
            <span>
              {d.label} {Math.round(d.score * 100)}%
            </span>
          </div>
        );
      })}
    </figure>
  );
}
