import type { CameraProbeResponse } from '../../camera-setup-contract';

type Problem = NonNullable<CameraProbeResponse['problem']>;

/** What to check for each kind of failure, after the server's own words. */
const NEXT_STEP: Readonly<Record<Problem['code'], string>> = {
  unauthorized: 'Check the user name and password: they are the ones of the camera’s own web page or app.',
  unreachable: 'Check the address, that the camera is on, and that it is on the same network as HomeSec.',
  nothing_found: 'Turn on RTSP or ONVIF in the camera’s settings (many cameras ship with them off), or check the ports under Advanced.',
};

/** Why no stream was found, as an alert the user can act on. */
export function ProbeProblem({ problem }: { readonly problem: Problem }) {
  return (
    <div className="probe-problem" role="alert" data-problem={problem.code}>
      <p>
        <strong>{problem.message}</strong>
      </p>
      <p>{NEXT_STEP[problem.code]}</p>
    </div>
  );
}
