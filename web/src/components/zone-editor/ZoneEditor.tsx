import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { failureText } from '../../api';
import { cameraRegionsApi, cameraRegionsQueryKey } from '../../camera-regions-api';
import type { CameraRegionsBody, CameraRegionsResponse } from '../../camera-regions-contract';
import { apiUrl } from '../../paths';
import { DrawTools } from './DrawTools';
import { formatPolygon, type Point } from './polygon-text';
import { RegionCanvas, type PointRef } from './RegionCanvas';
import { bodyOf, freeZoneName, newShape, saveProblem, shapesOf, type RegionShape, type ShapeKind } from './region-shape';
import { ShapeList } from './ShapeList';
import './zone-editor.css';

/** A first outline for a shape added as text: a triangle in the middle, to edit. */
const STARTER: readonly Point[] = [
  [0.4, 0.4],
  [0.6, 0.4],
  [0.5, 0.6],
];

/**
 * A camera's motion masks and zones drawn on its latest picture: the drawing tools, the picture with
 * the shapes, the shapes in words, and Save (the server's answer in a status line).
 */
export function ZoneEditor({ camera }: { readonly camera: string }) {
  const regions = useQuery({
    queryKey: cameraRegionsQueryKey(camera),
    queryFn: ({ signal }) => cameraRegionsApi.get(camera, signal),
    staleTime: Infinity,
  });
  const [shapes, setShapes] = useState<RegionShape[] | null>(null);
  const [kind, setKind] = useState<ShapeKind>('zone');
  const [draft, setDraft] = useState<Point[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: CameraRegionsBody) => cameraRegionsApi.save(camera, body),
    // Opened again, the editor starts from what was saved, not from the answer it first had.
    onSuccess: (_answer, body) =>
      queryClient.setQueryData(cameraRegionsQueryKey(camera), (old: CameraRegionsResponse | undefined) => old && { ...old, ...body }),
  });
  const listHeading = useId();

  // The shapes start from the server's answer once; after that they are the user's.
  useEffect(() => {
    if (regions.data && shapes === null) setShapes(shapesOf(regions.data));
  }, [regions.data, shapes]);

  if (regions.isError)
    return (
      <p className="error-text" role="alert">
        {failureText(regions.error)}
      </p>
    );
  if (!regions.data || shapes === null) return <p className="muted">Loading the zones and masks…</p>;
  const data = regions.data;

  const finish = (points: readonly Point[]) => {
    setShapes([...shapes, newShape(kind, points, kind === 'zone' ? freeZoneName(shapes) : '')]);
    setDraft([]);
  };
  const move = (ref: PointRef, point: Point) => {
    if (ref.shape === 'draft') return setDraft(draft.map((p, i) => (i === ref.index ? point : p)));
    setShapes(
      shapes.map((s) =>
        s.id === ref.shape
          ? newShapeMoved(
              s,
              s.points.map((p, i) => (i === ref.index ? point : p)),
            )
          : s,
      ),
    );
  };
  const onSave = () => {
    const why = saveProblem(shapes);
    setProblem(why);
    if (!why && !save.isPending) save.mutate(bodyOf(shapes));
  };

  return (
    <div className="zone-editor">
      <DrawTools
        kind={kind}
        onKind={setKind}
        draftLength={draft.length}
        onUndo={() => setDraft(draft.slice(0, -1))}
        onClose={() => finish(draft)}
        onCancel={() => setDraft([])}
        onAddAsText={() => finish(STARTER)}
      />
      <RegionCanvas
        picture={data.picture ? apiUrl(`cameras/${encodeURIComponent(camera)}/latest.jpg`) : null}
        alt={data.picture ? `Picture of ${camera} to draw on` : `No picture from ${camera} yet`}
        shapes={shapes}
        draft={draft}
        draftKind={kind}
        onAddPoint={(point) => setDraft([...draft, point])}
        onMovePoint={move}
        onCloseDraft={() => finish(draft)}
      />
      <h3 id={listHeading}>Masks and zones</h3>
      <section aria-labelledby={listHeading}>
        <ShapeList shapes={shapes} labels={data.labels} onChange={setShapes} />
      </section>
      {data.saveTo === null && (
        <p className="muted">HomeSec runs on its built-in defaults: start it with a config file to save zones and masks here.</p>
      )}
      <div className="zone-save">
        <button type="button" onClick={onSave} aria-disabled={save.isPending || data.saveTo === null}>
          Save zones and masks
        </button>
        <p role="status">{save.isPending ? 'Saving…' : save.isSuccess ? save.data.message : ''}</p>
      </div>
      {(problem ?? save.isError) && (
        <p className="error-text" role="alert">
          {problem ?? failureText(save.error)}
        </p>
      )}
    </div>
  );
}

/** A finished shape with new points: its text follows them. */
function newShapeMoved(shape: RegionShape, points: readonly Point[]): RegionShape {
  return { ...shape, points, text: formatPolygon(points), textError: null };
}
