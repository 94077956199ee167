import { useEffect, useState } from 'react';
import { liveSocket } from '../../socket';
import type { MotionView, MotionWatchAnswer } from './motion-contract';

export type MotionWatch =
  | { readonly kind: 'off' }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'seeing'; readonly view: MotionView };

/** The server answers a watch at once; longer means the socket is not getting through. */
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * What the camera's motion detector sees, frame by frame, while `on`: asks the server over the dashboard's one
 * socket (`motion:watch`), again after a reconnect (the server forgets with the connection), and unwatches when
 * turned off or unmounted, so the server stops building views for nobody.
 */
export function useMotionView(camera: string, on: boolean): MotionWatch {
  const [watch, setWatch] = useState<MotionWatch>({ kind: 'off' });

  useEffect(() => {
    if (!on) {
      setWatch({ kind: 'off' });
      return;
    }
    const socket = liveSocket();
    if (!socket) {
      setWatch({ kind: 'failed', message: 'Not connected to HomeSec: reload the page to show motion.' });
      return;
    }
    setWatch({ kind: 'waiting' });
    let active = true;
    const ask = () => {
      socket
        .timeout(ANSWER_TIMEOUT_MS)
        .emitWithAck('motion:watch', { camera })
        .then((answer: MotionWatchAnswer) => {
          if (active && !answer.ok) setWatch({ kind: 'failed', message: answer.message });
        })
        .catch(() => {
          if (active) setWatch({ kind: 'failed', message: 'HomeSec did not answer: the connection may be down.' });
        });
    };
    const onFrame = (view: MotionView) => {
      if (view.camera === camera) setWatch({ kind: 'seeing', view });
    };
    socket.on('motion:frame', onFrame);
    socket.on('connect', ask);
    if (socket.connected) ask();
    return () => {
      active = false;
      socket.off('motion:frame', onFrame);
      socket.off('connect', ask);
      socket.emit('motion:unwatch', { camera });
    };
  }, [camera, on]);

  return watch;
}
