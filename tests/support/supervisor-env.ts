/** The variables that make HomeSec take itself for the add-on (SupervisorClient.fromEnv reads them). */
const SUPERVISOR_ENV = ['SUPERVISOR_TOKEN', 'SUPERVISOR_URL', 'HASSIO_TOKEN'] as const;

/**
 * This process's Supervisor variables as they were when made: `useSupervisor` points a HomeSec started
 * in this process at a stand-in Supervisor, `clear` makes it a standalone HomeSec, `restore` puts back
 * what was there (in afterEach / afterAll, so one test's add-on does not leak into the next).
 */
export class SupervisorEnv {
  private readonly saved = new Map(SUPERVISOR_ENV.map((key) => [key, process.env[key]]));

  useSupervisor(supervisor: { readonly token: string; readonly url: string }): void {
    this.clear();
    process.env.SUPERVISOR_TOKEN = supervisor.token;
    process.env.SUPERVISOR_URL = supervisor.url;
  }

  clear(): void {
    for (const key of SUPERVISOR_ENV) delete process.env[key];
  }

  restore(): void {
    for (const [key, value] of this.saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
