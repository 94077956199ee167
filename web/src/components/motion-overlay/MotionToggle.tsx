/** Turns the motion overlay on and off; pressed while it shows. The camera's name is for screen readers. */
export function MotionToggle({
  camera,
  pressed,
  onChange,
}: {
  readonly camera: string;
  readonly pressed: boolean;
  readonly onChange: (pressed: boolean) => void;
}) {
  return (
    <button type="button" className="motion-toggle" aria-pressed={pressed} onClick={() => onChange(!pressed)}>
      Show motion
      <span className="sr-only"> {camera}</span>
    </button>
  );
}
