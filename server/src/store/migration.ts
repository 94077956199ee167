/** One versioned, forward-only schema change. Versions are applied in order and recorded. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
