import type { ClipSummary } from '../contract';
import { ClipFacts } from './ClipFacts';

interface Props {
  readonly clips: readonly ClipSummary[];
  /** The clip a link opened the page on, or null. */
  readonly highlighted: string | null;
  readonly onWatch: (clipId: string) => void;
  /** The page shows a clip without an event: deleting it leaves the page. */
  readonly readOnly: boolean;
}

/** The event's clips, each with its own pipeline facts (see ClipFacts). */
export function EventClips({ clips, highlighted, onWatch, readOnly }: Props) {
  if (clips.length === 0) return null;
  return (
    <section aria-labelledby="clips-heading" className="event-clips">
      <h2 id="clips-heading">{clips.length === 1 ? 'Clip' : `Clips (${clips.length})`}</h2>
      {clips.map((clip) => (
        <ClipFacts
          key={clip.id}
          clip={clip}
          highlighted={clip.id === highlighted}
          onWatch={clips.length > 1 ? onWatch : null}
          leaveOnDelete={readOnly || clips.length === 1}
        />
      ))}
    </section>
  );
}
