import type { CameraProbeResponse } from '../../camera-setup-contract';

type Problem = NonNullable<CameraProbeResponse['problem']>;

/** A few words first, for a glance; the server's message (what happened and what to check) follows. */
const TITLE: Readonly<Record<Problem['code'], string>> = {
  unauthorized: 'Login refused',
  unreachable: 'Camera not reachable',
  nothing_found: 'No stream found',
};

/** Why no stream was found, as an alert the user can act on. */
export function ProbeProblem({ problem }: { readonly problem: Problem }) {
  return (
    <div className="probe-problem" role="alert" data-problem={problem.code}>
      <p>
        <strong>{TITLE[problem.code]}.</strong> {problem.message}
      </p>
    </div>
  );
}
