/** One measured number in the `npm run bench` report, with the reference it is judged against. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same thing measured without HomeSec (raw ORT, ffmpeg alone), in the same run. */
  readonly reference?: { readonly name: string; readonly value: number; readonly unit: string };
  /** The target from the issue, in words, e.g. "p95 < 20 ms". */
  readonly target?: string;
  readonly notes?: string;
}

/** A benchmark: given a scratch folder, measure and return figures. Must clean up after itself. */
export type Benchmark = (context: BenchContext) => Promise<BenchFigure[]>;

export interface BenchContext {
  readonly scratchDir: string;
  /** Postgres to measure against (HOMESEC_TEST_DATABASE_URL); null skips Postgres figures with a note. */
  readonly postgresUrl: string | null;
  /** Path of the shared fixtures folder (../shared/fixtures), when present. */
  readonly fixturesDir: string | null;
  readonly modelsDir: string | null;
  readonly log: (message: string) => void;
}
