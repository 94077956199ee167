import type { MotionWatch } from './useMotionView';
import { motionSentence, tuningSentence } from './motion-words';
import { useSteadyText } from './useSteadyText';
import './motion-overlay.css';

/** The numbers follow the frames at most this often; a new verdict is said at once. */
const STATUS_EVERY_MS = 1_500;

/**
 * The motion overlay in words: what the detector made of the latest frame (a polite live region), the settings
 * that decided it, and what the colours on the picture mean.
 */
export function MotionStatus({ watch }: { readonly watch: MotionWatch }) {
  const view = watch.kind === 'seeing' ? watch.view : null;
  let sentence = 'Motion: waiting for the next frame…';
  if (watch.kind === 'failed') sentence = `Motion cannot be shown: ${watch.message}`;
  else if (view) sentence = motionSentence(view);
  const said = useSteadyText(sentence, view?.verdict ?? watch.kind, STATUS_EVERY_MS);
  return (
    <div className="motion-status">
      <p role="status">{said}</p>
      {view && <p className="motion-tuning">{tuningSentence(view)}</p>}
      <ul className="motion-legend" aria-label="What the motion overlay shows">
        <li>
          <span className="swatch changed" aria-hidden="true" /> changed pixels
        </li>
        <li>
          <span className="swatch counts" aria-hidden="true" /> region that counts
        </li>
        <li>
          <span className="swatch small" aria-hidden="true" /> region too small
        </li>
        <li>
          <span className="swatch masked" aria-hidden="true" /> masked, ignored
        </li>
      </ul>
    </div>
  );
}
