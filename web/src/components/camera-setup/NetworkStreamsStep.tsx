import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CameraProbeBody, CameraProbeResponse } from '../../camera-setup-contract';
import { cameraSetupApi, setupFailureText } from '../../camera-setup-api';
import { probeBody, type CameraLogin } from './camera-login';
import { NetworkLoginFields } from './NetworkLoginFields';
import { ProbeAttempts } from './ProbeAttempts';
import { ProbeProblem } from './ProbeProblem';
import { StreamChoice, type StreamPick } from './StreamChoice';

/**
 * Step 2 of a network camera: its address and login, "Find streams" (a few seconds: ONVIF, then the brands'
 * paths), and the streams found to choose from; or, when none, why in words.
 */
export function NetworkStreamsStep({
  login,
  onLogin,
  found,
  onFound,
  pick,
  onPick,
  onBack,
  onNext,
}: {
  readonly login: CameraLogin;
  readonly onLogin: (login: CameraLogin) => void;
  readonly found: CameraProbeResponse | null;
  readonly onFound: (found: CameraProbeResponse) => void;
  readonly pick: StreamPick | null;
  readonly onPick: (pick: StreamPick) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
}) {
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const probe = useMutation({
    mutationFn: (body: CameraProbeBody) => {
      abort.current = new AbortController();
      return cameraSetupApi.probe(body, abort.current.signal);
    },
    onSuccess: onFound,
  });
  // Leaving the step (or the page) stops a probe still running.
  useEffect(() => () => abort.current?.abort(), []);

  const find = (e: FormEvent) => {
    e.preventDefault();
    if (probe.isPending) return;
    const parsed = probeBody(login);
    if ('problem' in parsed) {
      setFormProblem(parsed.problem);
      return;
    }
    setFormProblem(null);
    probe.mutate(parsed.body);
  };
  const streams = found?.streams ?? [];
  return (
    <>
      <form className="wizard-form" onSubmit={find} aria-busy={probe.isPending}>
        <NetworkLoginFields login={login} onLogin={onLogin} />
        <div className="wizard-actions">
          <button type="submit" className="wizard-primary" aria-disabled={probe.isPending}>
            Find streams
          </button>
          {probe.isPending && (
            <button type="button" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          )}
        </div>
        {formProblem && (
          <p className="error-text" role="alert">
            {formProblem}
          </p>
        )}
        {probe.isPending && <ProbeProgress />}
        {probe.isError && (
          <p className="error-text" role="alert">
            {setupFailureText(probe.error)}
          </p>
        )}
      </form>
      {found && !probe.isPending && (
        <div className="probe-outcome">
          {found.problem && <ProbeProblem problem={found.problem} />}
          {streams.length > 0 && pick && (
            <>
              <p role="status">
                Found {streams.length} {streams.length === 1 ? 'stream' : 'streams'}.
              </p>
              <StreamChoice streams={streams} recommended={found.recommended} pick={pick} onPick={onPick} />
            </>
          )}
          <ProbeAttempts attempts={found.attempts} />
        </div>
      )}
      <div className="wizard-actions wizard-nav">
        <button type="button" onClick={onBack}>
          Back
        </button>
        {streams.length > 0 && pick && !probe.isPending && (
          <button type="button" className="wizard-primary" onClick={onNext}>
            Next: name and save
          </button>
        )}
      </div>
    </>
  );
}

/** The probe takes a few seconds: say what is going on, and count the seconds so it visibly moves. */
function ProbeProgress() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="probe-progress">
      <p role="status">
        Looking for streams: asking the camera over ONVIF, then trying the paths common brands use. This takes a few seconds.
      </p>
      <progress aria-label="Looking for streams" />
      <span className="muted" aria-hidden="true">
        {seconds} s
      </span>
    </div>
  );
}
