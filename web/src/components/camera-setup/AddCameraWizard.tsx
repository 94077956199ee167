import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { CameraProbeResponse, SaveCameraResponse } from '../../camera-setup-contract';
import { cameraSetupApi, cameraSetupInfoQueryKey, setupFailureText } from '../../camera-setup-api';
import { EMPTY_LOGIN, type CameraLogin } from './camera-login';
import { freeName, suggestCameraName } from './camera-name';
import { CameraKindStep, type CameraKind } from './CameraKindStep';
import { ClipCameraStep } from './ClipCameraStep';
import { NetworkSaveStep } from './NetworkSaveStep';
import { NetworkStreamsStep } from './NetworkStreamsStep';
import type { StreamPick } from './StreamChoice';
import { WizardDone } from './WizardDone';
import { WizardSteps } from './WizardSteps';

type Step = 'kind' | 'streams' | 'save' | 'done';

const STEP_NAMES: Readonly<Record<CameraKind, readonly string[]>> = {
  network: ['Kind of camera', 'Find its streams', 'Name and save', 'Done'],
  ftp: ['Kind of camera', 'Name and save', 'Set up the camera'],
  folder: ['Kind of camera', 'Name and save', 'Clips folder'],
};

/** Where each step sits in its kind's list (FTP and folder cameras have no streams to find). */
function stepIndex(kind: CameraKind, step: Step): number {
  const offset = kind === 'network' ? 0 : -1;
  switch (step) {
    case 'kind':
      return 0;
    case 'streams':
      return 1;
    case 'save':
      return 2 + offset;
    case 'done':
      return 3 + offset;
  }
}

/**
 * The add-camera wizard (issue #24): the kind of camera; for a network camera its address and login, the
 * streams HomeSec finds and which to record and detect on; a name; Save (the add-on's options and a restart,
 * or homesec.yaml); then what happens next. Each step's heading takes the focus, so keyboard and screen
 * reader users go on where the new step starts.
 */
export function AddCameraWizard({ onClose, focusOnOpen }: { readonly onClose: () => void; readonly focusOnOpen: boolean }) {
  const info = useQuery({ queryKey: cameraSetupInfoQueryKey, queryFn: ({ signal }) => cameraSetupApi.info(signal) });
  const [step, setStep] = useState<Step>('kind');
  const [kind, setKind] = useState<CameraKind>('network');
  const [login, setLogin] = useState<CameraLogin>(EMPTY_LOGIN);
  const [found, setFound] = useState<CameraProbeResponse | null>(null);
  const [pick, setPick] = useState<StreamPick | null>(null);
  const [name, setName] = useState('');
  const [nameTyped, setNameTyped] = useState(false);
  const [saved, setSaved] = useState<SaveCameraResponse | null>(null);
  const headingId = useId();
  const sectionHeading = useRef<HTMLHeadingElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<Step | null>(null);

  useEffect(() => {
    if (shownStep.current === null) {
      if (focusOnOpen) sectionHeading.current?.focus();
    } else if (shownStep.current !== step) stepHeading.current?.focus();
    shownStep.current = step;
  }, [step, focusOnOpen]);

  const taken = info.data?.cameraNames ?? [];
  // Until GET /api/camera-setup answers, Save is offered; the server says so if it cannot.
  const canSave = info.data?.saveTo !== null;
  const record = found?.streams.find((s) => s.id === pick?.record);
  const detect = pick?.detect ? (found?.streams.find((s) => s.id === pick.detect) ?? null) : null;
  const steps = STEP_NAMES[kind];
  const current = stepIndex(kind, step);
  const restart = () => {
    setStep('kind');
    setLogin(EMPTY_LOGIN);
    setFound(null);
    setPick(null);
    setName('');
    setNameTyped(false);
    setSaved(null);
  };
  const goToSave = () => {
    if (!nameTyped) setName(kind === 'network' ? suggestCameraName(login.host, taken) : freeName('camera', taken));
    setStep('save');
  };
  const onFound = (answer: CameraProbeResponse) => {
    setFound(answer);
    const first = answer.streams[0];
    const record = answer.recommended?.record ?? first?.id;
    setPick(record === undefined ? null : { record, detect: answer.recommended?.detect ?? null });
  };
  const onSaved = (answer: SaveCameraResponse) => {
    setSaved(answer);
    setStep('done');
  };
  const typeName = (next: string) => {
    setName(next);
    setNameTyped(true);
  };

  return (
    <section className="card add-camera-wizard" aria-labelledby={headingId}>
      <div className="wizard-head">
        <h2 id={headingId} ref={sectionHeading} tabIndex={-1}>
          Add a camera
        </h2>
        <button type="button" className="text-button" onClick={onClose}>
          {step === 'done' ? 'Close' : 'Cancel'}
        </button>
      </div>
      <WizardSteps steps={steps} current={current} />
      <h3 ref={stepHeading} tabIndex={-1} className="wizard-step-title">
        <span className="sr-only">
          Step {current + 1} of {steps.length}:{' '}
        </span>
        {steps[current]}
      </h3>
      {info.isError && (
        <p className="error-text" role="alert">
          {setupFailureText(info.error)}
        </p>
      )}
      {info.data?.saveTo === null && step !== 'done' && (
        <p className="notice">
          HomeSec runs on its built-in defaults, without a configuration file, so it cannot save a camera here. The wizard still finds the
          camera and ends with the lines to paste into a homesec.yaml.
        </p>
      )}
      {step === 'kind' && (
        <CameraKindStep kind={kind} onKind={setKind} onNext={() => (kind === 'network' ? setStep('streams') : goToSave())} />
      )}
      {step === 'streams' && (
        <NetworkStreamsStep
          login={login}
          onLogin={(next) => {
            setLogin(next);
            setFound(null);
            setPick(null);
          }}
          found={found}
          onFound={onFound}
          pick={pick}
          onPick={setPick}
          onBack={() => setStep('kind')}
          onNext={goToSave}
        />
      )}
      {step === 'save' && kind === 'network' && record && (
        <NetworkSaveStep
          record={record}
          detect={detect}
          username={login.username}
          password={login.password}
          name={name}
          onName={typeName}
          taken={taken}
          canSave={canSave}
          onBack={() => setStep('streams')}
          onSaved={onSaved}
        />
      )}
      {step === 'save' && kind !== 'network' && (
        <ClipCameraStep
          source={kind === 'ftp' ? 'ftp' : 'folder'}
          name={name}
          onName={typeName}
          taken={taken}
          canSave={canSave}
          onBack={() => setStep('kind')}
          onSaved={onSaved}
        />
      )}
      {step === 'done' && saved && (
        <>
          <WizardDone saved={saved} />
          <div className="wizard-actions wizard-nav">
            <button type="button" onClick={restart}>
              Add another camera
            </button>
          </div>
        </>
      )}
    </section>
  );
}
