import { useLive } from '../hooks/useLive';

/** Whether the socket is connected; on a phone only the dot shows, the words stay for screen readers. */
export function LiveStatus() {
  const { connected } = useLive();
  return (
    <span className={`live ${connected ? 'on' : 'off'}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      <span className="live-text">{connected ? 'Live' : 'Reconnecting…'}</span>
    </span>
  );
}
