import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { failureText } from '../api';
import { haCameraApi, haCamerasQueryKey, haSnapshotUrl } from '../ha-camera-api';
import type { HaCamera } from '../ha-camera-contract';

/**
 * "Add a Home Assistant camera": Home Assistant's cameras with their picture, each with an Add. Shown
 * on request, so the pictures are asked of Home Assistant only when someone wants them.
 */
export function AddHaCamera() {
  const [open, setOpen] = useState(false);
  const cameras = useQuery({ queryKey: haCamerasQueryKey, queryFn: ({ signal }) => haCameraApi.list(signal), enabled: open });
  const headingId = useId();
  const panelId = useId();
  return (
    <section className="card add-ha-camera" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a Home Assistant camera</h2>
      <button type="button" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen(!open)}>
        {open ? "Hide Home Assistant's cameras" : "Show Home Assistant's cameras"}
      </button>
      {open && (
        <div id={panelId}>
          {cameras.isPending && <p className="muted">Asking Home Assistant for its cameras…</p>}
          {cameras.isError && (
            <p className="error-text" role="alert">
              {failureText(cameras.error)}
            </p>
          )}
          {cameras.data?.cameras.length === 0 && <p className="muted">Home Assistant has no cameras.</p>}
          {cameras.data && !cameras.data.canAdd && (
            <p className="muted">HomeSec runs on its built-in defaults: start it with a config file to add cameras here.</p>
          )}
          <ul className="camera-list">
            {cameras.data?.cameras.map((camera) => (
              <HaCameraTile key={camera.entityId} camera={camera} canAdd={cameras.data.canAdd} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A HomeSec name from the entity id: camera.front_door -> front_door. */
function suggestedName(entityId: string): string {
  return entityId.replace(/^camera\./, '').slice(0, 64);
}

function HaCameraTile({ camera, canAdd }: { readonly camera: HaCamera; readonly canAdd: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(suggestedName(camera.entityId));
  const add = useMutation({
    mutationFn: () => haCameraApi.add({ entityId: camera.entityId, name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: haCamerasQueryKey }),
  });
  const inputId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!add.isPending) add.mutate();
  };
  return (
    <li className="card camera-card camera-tile" data-entity={camera.entityId}>
      <div className="tile-picture">
        <img src={haSnapshotUrl(camera.entityId)} alt={`Picture of ${camera.name} from Home Assistant`} loading="lazy" />
      </div>
      <div className="tile-body">
        <h3>{camera.name}</h3>
        <p className="muted">{camera.entityId}</p>
        {camera.homesecCamera ? (
          <p>HomeSec camera: {camera.homesecCamera}</p>
        ) : (
          canAdd && (
            <form className="add-ha-camera-form" onSubmit={submit}>
              <label htmlFor={inputId}>HomeSec name</label>
              <input
                id={inputId}
                value={name}
                onChange={(e) => setName(e.target.value)}
                pattern="[a-z0-9_]+"
                maxLength={64}
                required
                title="lowercase letters, digits and _"
              />
              <button type="submit" aria-disabled={add.isPending}>
                Add<span className="sr-only"> {camera.name}</span>
              </button>
            </form>
          )
        )}
        {add.isSuccess && <p role="status">{add.data.message}</p>}
        {add.isError && (
          <p className="error-text" role="alert">
            {failureText(add.error)}
          </p>
        )}
      </div>
    </li>
  );
}
