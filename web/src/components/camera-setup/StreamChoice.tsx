import { useId } from 'react';
import type { FoundStream } from '../../camera-setup-contract';
import { howFound, streamFacts, streamTitle } from './stream-words';

/** The streams picked: ids from the probe answer; `detect` null when the recorded stream serves detection too. */
export interface StreamPick {
  readonly record: string;
  readonly detect: string | null;
}

/**
 * Each stream found, with its picture and facts, as the choice of what to record; then, when there are two
 * or more, which to detect on. The server's recommendation comes preselected; a tap changes it.
 */
export function StreamChoice({
  streams,
  recommended,
  pick,
  onPick,
}: {
  readonly streams: readonly FoundStream[];
  readonly recommended: StreamPick | null;
  readonly pick: StreamPick;
  readonly onPick: (pick: StreamPick) => void;
}) {
  const id = useId();
  return (
    <>
      <fieldset className="choice-list">
        <legend>Stream to record</legend>
        <p className="muted fieldset-help">The largest picture makes the best clips.</p>
        {streams.map((stream) => (
          <label key={stream.id} className="choice stream-choice" data-stream={stream.id}>
            <input
              type="radio"
              name={`${id}-record`}
              value={stream.id}
              checked={pick.record === stream.id}
              onChange={() => onPick({ record: stream.id, detect: pick.detect === stream.id ? null : pick.detect })}
            />
            <span className="stream-picture">
              {stream.snapshot ? (
                <img src={stream.snapshot} alt={`Picture from the ${stream.label} stream`} />
              ) : (
                <span className="muted">No picture</span>
              )}
            </span>
            <span className="choice-text">
              <strong>
                {stream.label}
                {recommended?.record === stream.id && <span className="recommended"> (recommended)</span>}
              </strong>
              <span>{streamFacts(stream)}</span>
              <span className="muted">{howFound(stream)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {streams.length > 1 && (
        <fieldset className="choice-list">
          <legend>Stream to detect motion and objects on</legend>
          <p className="muted fieldset-help">A smaller stream costs far less to watch all day.</p>
          {streams
            .filter((stream) => stream.id !== pick.record)
            .map((stream) => (
              <label key={stream.id} className="choice compact">
                <input
                  type="radio"
                  name={`${id}-detect`}
                  value={stream.id}
                  checked={pick.detect === stream.id}
                  onChange={() => onPick({ ...pick, detect: stream.id })}
                />
                <span>
                  {streamTitle(stream)}
                  {recommended?.detect === stream.id && <span className="recommended"> (recommended)</span>}
                </span>
              </label>
            ))}
          <label className="choice compact">
            <input
              type="radio"
              name={`${id}-detect`}
              value=""
              checked={pick.detect === null}
              onChange={() => onPick({ ...pick, detect: null })}
            />
            <span>The recorded stream (no second stream)</span>
          </label>
        </fieldset>
      )}
    </>
  );
}
