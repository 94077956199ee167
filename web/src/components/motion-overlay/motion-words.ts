import type { MotionView } from './motion-contract';

/** "3.2 %": one decimal under 10, none above; a space before the sign, as the rest of the dashboard writes it. */
export function percent(value: number): string {
  const digits = value < 10 ? 1 : 0;
  return `${value.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
}

function pixels(value: number): string {
  return `${Math.round(value * 10) / 10} px`;
}

/** What the detector made of the frame, in words: how much changed and whether it counts, and why. */
export function motionSentence(view: MotionView): string {
  const changed = view.changedPct > 0 ? `${percent(view.changedPct)} of the picture changed` : 'nothing changed';
  const largest = Math.max(0, ...view.regions.map((r) => r.area));
  switch (view.verdict) {
    case 'learning':
      return 'Motion: learning the picture first (the detector compares each frame with what it has learnt)…';
    case 'light_change':
      return `Motion: ${changed} at once — light change, ignored (over ${percent(view.tuning.lightChangePct)})`;
    case 'area':
      return `Motion: ${changed} — counts as motion (a changed region of ${pixels(largest)}, ${pixels(view.needed.minArea)} needed)`;
    case 'share':
      return `Motion: ${changed} — counts as motion (over ${percent(view.needed.minChangedPct)} of the picture)`;
    case 'below_threshold':
      return largest > 0
        ? `Motion: ${changed} — below the threshold (largest region ${pixels(largest)} of ${pixels(view.needed.minArea)} needed, under ${percent(view.needed.minChangedPct)})`
        : `Motion: ${changed} — below the threshold`;
  }
}

/** The settings that produced the view, named as in the configuration. */
export function tuningSentence(view: MotionView): string {
  const t = view.tuning;
  const base = `Pixel threshold ${t.pixelThreshold} · min area ${pixels(t.minArea)} · min changed ${percent(t.minChangedPct)} · light change over ${percent(t.lightChangePct)}`;
  return view.recording
    ? `${base}. Recording now: ${pixels(view.needed.minArea)} and ${percent(view.needed.minChangedPct)} are enough.`
    : `${base}.`;
}
