import { useId, useState } from 'react';
import { LiveView } from './LiveView';

/** An event still going on at a camera with a stream: the camera live, on demand, above the event's video. */
export function LiveNow({ camera }: { readonly camera: string }) {
  const [watching, setWatching] = useState(false);
  const id = useId();
  return (
    <div className="live-now">
      <button type="button" aria-expanded={watching} aria-controls={watching ? id : undefined} onClick={() => setWatching(!watching)}>
        {watching ? 'Close live view' : 'Watch live'}
        <span className="sr-only"> {camera}</span>
      </button>
      {watching && <LiveView camera={camera} id={id} />}
    </div>
  );
}
