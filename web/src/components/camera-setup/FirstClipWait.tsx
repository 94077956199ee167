import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { formatClipTime } from '../../format';
import { clipHref } from '../../hooks/useHashRoute';

const POLL_MS = 3000;

/**
 * "Waiting for the first clip": asks for the camera's newest clip every few seconds until there is one (through
 * HomeSec's restart too: a call that fails then is asked again), then says when it came, with a link to it.
 */
export function FirstClipWait({ camera, restart }: { readonly camera: string; readonly restart: 'restarting' | 'needed' }) {
  const newest = useQuery({
    queryKey: ['camera-setup', 'first-clip', camera],
    queryFn: ({ signal }) => api.clips({ camera, limit: '1' }, signal),
    refetchInterval: (query) => ((query.state.data?.clips.length ?? 0) > 0 ? false : POLL_MS),
    retry: false,
  });
  const clip = newest.data?.clips[0];
  return (
    <div className="first-clip">
      <h4>First clip</h4>
      <p role="status" aria-busy={!clip}>
        {clip ? (
          <>
            The first clip from {camera} arrived at {formatClipTime(clip.startedAt)}. <a href={clipHref(clip)}>Open it</a>
          </>
        ) : (
          `Waiting for the first clip from ${camera}…`
        )}
      </p>
      {!clip && (
        <p className="muted">
          {newest.isError
            ? 'HomeSec is not answering yet (it may be restarting); still asking.'
            : restart === 'needed'
              ? 'It arrives once HomeSec runs with the new configuration and the camera has recorded something.'
              : 'It arrives once the camera has recorded something. Walk in front of it to try.'}
        </p>
      )}
      {!clip && <progress aria-label={`Waiting for the first clip from ${camera}`} />}
    </div>
  );
}
