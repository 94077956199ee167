/** Where the user is in the wizard: the steps of this kind of camera, the current one marked for screen readers too. */
export function WizardSteps({ steps, current }: { readonly steps: readonly string[]; readonly current: number }) {
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {steps.map((step, index) => (
        <li key={step} aria-current={index === current ? 'step' : undefined} className={index < current ? 'done' : undefined}>
          <span className="wizard-step-number" aria-hidden="true">
            {index + 1}
          </span>
          <span className={index === current ? undefined : 'wizard-step-name'}>{step}</span>
          {index < current && <span className="sr-only"> (done)</span>}
        </li>
      ))}
    </ol>
  );
}
